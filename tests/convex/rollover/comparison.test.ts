/**
 * The year comparison (workload/yearComparison.ts) after a rollover: per
 * lecturer and per module, the two years' hours, FTE, students and who
 * teaches, the differences, who joined or left; pages that cover everything
 * once; a scoped reader sees their department only; the shared function
 * works from an internal query's reader too.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { compareYearsPage, type ComparisonRow } from "../../../convex/workload/yearComparison";
import { expectAppError, identity } from "../harness";
import { drain, FAKE_TIMERS, rolloverArgs } from "./helpers";
import { buildUniversity, quarterLimitBackend, type University } from "./university";

vi.setConfig({ testTimeout: 240_000 });
beforeEach(() => vi.useFakeTimers(FAKE_TIMERS));
afterEach(() => vi.useRealTimers());

async function allRows(u: University, client: University["admin"], from: string, to: string, by: "lecturer" | "module") {
  const rows: ComparisonRow[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: { page: ComparisonRow[]; isDone: boolean; continueCursor: string } = await client.query(api.workload.yearComparison.compare, {
      organisationId: u.organisationId,
      fromYearId: from as never,
      toYearId: to as never,
      by,
      paginationOpts: { cursor, numItems: 20 },
    });
    rows.push(...page.page);
    if (page.isDone) return rows;
    cursor = page.continueCursor;
  }
  throw new Error("too many pages");
}

describe("year comparison", () => {
  test("per lecturer and per module, both years side by side with the differences", async () => {
    const u = await buildUniversity(quarterLimitBackend(), 0.3);
    const { academicYearId: next } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, { student_numbers: "forward" }));
    await drain(u.t);

    const lecturers = await allRows(u, u.admin, u.sourceYearId, next, "lecturer");
    // Everyone with a record in either year appears once (the deleted profile's row is hidden with it).
    expect(lecturers.length).toBe(u.expected.profiles - 1);
    expect(new Set(lecturers.map((r) => r.key)).size).toBe(lecturers.length);
    const byName = (name: string) => lecturers.find((r) => r.name === name)!;
    expect(byName("Leah Left")).toMatchObject({ presence: "from_only", to: null });
    expect(byName("Leah Left").delta.hours).toBe(-byName("Leah Left").from!.hours);
    // Nina joins: her new-year figures are her contract's (allowances only, no teaching yet).
    expect(byName("Nina New")).toMatchObject({ presence: "to_only", from: null, to: { fte: 0.4, teaching: [] } });
    expect(byName("Nina New").delta.hours).toBe(byName("Nina New").to!.hours);
    // A lecturer whose teaching all carried: same hours and FTE, the same iteration codes.
    const stayed = lecturers.filter((r) => r.presence === "both" && r.delta.hours === 0 && r.from!.teaching.length > 0);
    expect(stayed.length).toBeGreaterThan(0);
    for (const r of stayed) expect(r.to!.teaching).toEqual(r.from!.teaching);
    expect(stayed.every((r) => r.delta.fte === 0 && r.department_name?.startsWith("Department "))).toBe(true);
    expect(stayed.every((r) => r.changes.length === 0)).toBe(true);

    // Why the others moved: a one-off buy-out is not carried; first-time preparation is not repeated.
    const buyouts = lecturers.filter((r) => r.changes.some((c) => c.includes("one-off")));
    expect(buyouts.length).toBeGreaterThan(0);
    for (const r of buyouts) {
      expect(r.changes).toContainEqual(expect.stringMatching(/^Admin duties (150|50)\.0 h → (100|0)\.0 h: one-off duties are not carried \(Research grant buy-out\)$/));
    }
    const firstTimer = await u.t.run(async (ctx) => {
      const a = (await ctx.db.get(u.firstTimeAllocation))!;
      const l = (await ctx.db.get(a.lecturer_id))!;
      return { name: (await ctx.db.get(l.profile_id))!.full_name, code: (await ctx.db.get(a.module_iteration_id))!.code };
    });
    expect(byName(firstTimer.name).changes.join(" | ")).toMatch(new RegExp(`${firstTimer.code}: .*preparation .*first-time preparation not repeated`));

    const modules = await allRows(u, u.admin, u.sourceYearId, next, "module");
    const code = (c: string) => modules.find((r) => r.code === c)!;
    expect(code("NEW100")).toMatchObject({ presence: "to_only", from: null, to: { iterations: 1, students: 0, hours: 0, teaching: [] } });
    expect(code("WDN100")).toMatchObject({ presence: "from_only", to: null });
    expect(code("WDN100").delta.hours).toBe(-code("WDN100").from!.hours);
    const steady = code("CS104");
    expect(steady.presence).toBe("both");
    expect(steady.to!.students).toBe(steady.from!.students);
    expect(steady.delta).toEqual({ hours: 0, students: 0 });
    expect(steady.to!.teaching).toEqual(steady.from!.teaching);
    expect(steady.from!.teaching.length).toBeGreaterThan(0);
  });

  test("a scoped reader compares their department only; the shared function pages from any reader", async () => {
    const u = await buildUniversity(quarterLimitBackend(), 0.3);
    const { academicYearId: next } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    await drain(u.t);
    await u.t.run(async (ctx) => {
      const now = Date.now();
      const base = { organisation_id: u.organisationId, created_at: now, updated_at: now };
      const role = (await ctx.db.query("roles").withIndex("by_organisation_id_and_name", (q) => q.eq("organisation_id", u.organisationId).eq("name", "Viewer")).first())!;
      const userId = await ctx.db.insert("users", { ...base, email: "ma@uni.example", name: "Maths viewer", status: "active", token_identifier: identity("ma@uni.example").tokenIdentifier });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: role._id, scope_department_id: u.departmentIds.MA });
    });
    const maths = u.t.withIdentity(identity("ma@uni.example"));
    const scoped = await allRows(u, maths, u.sourceYearId, next, "module");
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((r) => r.department_id === u.departmentIds.MA)).toBe(true);
    const scopedLecturers = await allRows(u, maths, u.sourceYearId, next, "lecturer");
    expect(scopedLecturers.every((r) => r.department_id === u.departmentIds.MA)).toBe(true);
    await expectAppError(
      maths.query(api.workload.yearComparison.compare, { organisationId: u.organisationId, fromYearId: next, toYearId: next, by: "module", paginationOpts: { cursor: null, numItems: 10 } }),
      "INVALID_ARGUMENT",
    );

    // The reports issue calls the function itself, e.g. from an internal query: same rows, page by page.
    const everything = await allRows(u, u.admin, u.sourceYearId, next, "module");
    const viaFunction: ComparisonRow[] = [];
    let cursor: string | null = null;
    do {
      const page = await u.t.run((ctx) => compareYearsPage(ctx, { fromYearId: u.sourceYearId, toYearId: next, by: "module", cursor, numItems: 30 }));
      viaFunction.push(...page.rows);
      cursor = page.cursor;
      if (!page.isDone) expect(cursor).not.toBeNull();
    } while (cursor !== null);
    expect(viaFunction.map((r) => r.key).sort()).toEqual(everything.map((r) => r.key).sort());
  });
});
