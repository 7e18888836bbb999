/**
 * The year comparison after the demo's rollover, as the end-to-end test runs
 * it (the small demo rolled into the staging year the organisation already
 * set up), traced to its causes: the carried allocations are computed on the
 * staging year's own iterations, whose assessments the organisation set up
 * differently for some modules (the demo's 2027/28 has MA603-A marked as
 * coursework, not a dissertation), so Gareth Ueda's marking falls from 306 h
 * to 17.8 h and Quentin Ueda's (LW603-A, coursework to dissertation) rises
 * from 8.7 h to 165 h, while both teach the same module. The rollover is
 * right to follow the year it fills; the comparison says why, per module.
 * And a team-only reader: lecturer rows of their team, and rows for the
 * modules their team teaches, counting their team's allocations only.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { effectiveHours, sumHours } from "../../../convex/lib/workload";
import { DEFAULT_ROLLOVER_OPTIONS } from "../../../convex/lib/rollover/plan";
import type { ComparisonRow } from "../../../convex/workload/yearComparison";
import { identity } from "../harness";
import { loadUniversity, universityBackend, type LoadedUniversity } from "../university";
import { FAKE_TIMERS } from "./helpers";

vi.setConfig({ testTimeout: 240_000 });
beforeEach(() => vi.useFakeTimers(FAKE_TIMERS));
afterEach(() => vi.useRealTimers());

type Client = LoadedUniversity["admin"];

async function rolledDemo() {
  const t = universityBackend({ quarter: true, indexed: true });
  const u = await loadUniversity(t, "small");
  const overview = (await u.admin.query(api.structure.rollover.overview, { organisationId: u.organisationId }))!;
  // The wizard's default, as in the browser: into the staging year already set up.
  expect(overview.defaultTarget).toEqual({ kind: "existing", academicYearId: u.stagingYearId });
  await u.admin.mutation(api.structure.rollover.start, { organisationId: u.organisationId, sourceYearId: u.activeYearId, target: overview.defaultTarget, options: DEFAULT_ROLLOVER_OPTIONS });
  await t.finishAllScheduledFunctions(vi.runAllTimers, 5000);
  return { t, u };
}

async function allRows(u: LoadedUniversity, client: Client, by: "lecturer" | "module") {
  const rows: ComparisonRow[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: { page: ComparisonRow[]; isDone: boolean; continueCursor: string } = await client.query(api.workload.yearComparison.compare, {
      organisationId: u.organisationId,
      fromYearId: u.activeYearId,
      toYearId: u.stagingYearId,
      by,
      paginationOpts: { cursor, numItems: 25 },
    });
    rows.push(...page.page);
    if (page.isDone) return rows;
    cursor = page.continueCursor;
  }
}

describe("the demo's year comparison after its rollover", () => {
  test("Gareth and Quentin Ueda teach the same module in both years; the comparison names the assessment that moved their marking", async () => {
    const { u } = await rolledDemo();
    const lecturers = await allRows(u, u.admin, "lecturer");
    const byName = (n: string) => lecturers.find((r) => r.name === n)!;

    const gareth = byName("Gareth Ueda");
    expect([gareth.from!.hours, gareth.to!.hours, gareth.delta.hours]).toEqual([872, 583.9, -288.1]);
    expect(gareth.from!.teaching).toEqual(["MA603-A"]);
    expect(gareth.to!.teaching).toEqual(["MA603-A"]);
    expect(gareth.changes).toEqual([
      "MA603-A: 572.0 h → 283.9 h (marking 306.0 h → 17.8 h; leadership 16.0 h → 16.1 h; assessment Dissertation → Coursework; 102 → 107 students)",
    ]);

    const quentin = byName("Quentin Ueda");
    expect([quentin.from!.hours, quentin.to!.hours, quentin.delta.hours]).toEqual([249.2, 405.6, 156.4]);
    expect(quentin.to!.teaching).toEqual(["LW603-A"]);
    expect(quentin.changes).toEqual([
      "LW603-A: 174.2 h → 330.6 h (marking 8.7 h → 165.0 h; leadership 15.5 h → 15.6 h; assessment Coursework → Dissertation; 52 → 55 students)",
    ]);
    // FTE and contract carried: no allowance moved for either.
    expect([gareth.delta.fte, quentin.delta.fte]).toEqual([0, 0]);

    // Everyone whose hours moved has a reason, and nobody whose hours stayed has one.
    for (const r of lecturers.filter((x) => x.presence === "both")) {
      expect(r.changes.length > 0, r.name).toBe(Math.abs(r.delta.hours) >= 0.05 || r.delta.fte !== 0);
    }

    const modules = await allRows(u, u.admin, "module");
    const ma603 = modules.find((r) => r.code === "MA603")!;
    expect([ma603.from!.hours, ma603.to!.hours, ma603.from!.students, ma603.to!.students]).toEqual([572, 283.9, 102, 107]);
    expect(ma603.changes).toEqual(["MA603-A: 572.0 h → 283.9 h; assessment Dissertation → Coursework; 102 → 107 students"]);
  });

  test("a team-only reader sees their team's lecturers, and the modules their team teaches counted for their team alone", async () => {
    const { t, u } = await rolledDemo();
    const { teamId, teamName } = await t.run(async (ctx) => {
      const gareth = (await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", u.organisationId)).collect()).find(
        (p) => p.full_name === "Gareth Ueda",
      )!;
      const team = (await ctx.db.get(gareth.team_id!))!;
      const now = Date.now();
      const base = { organisation_id: u.organisationId, created_at: now, updated_at: now };
      const role = (await ctx.db.query("roles").withIndex("by_organisation_id_and_name", (q) => q.eq("organisation_id", u.organisationId).eq("name", "Viewer")).first())!;
      const userId = await ctx.db.insert("users", { ...base, email: "team@uni.example", name: "Team viewer", status: "active", token_identifier: identity("team@uni.example").tokenIdentifier });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: role._id, scope_team_id: team._id });
      return { teamId: team._id, teamName: team.name };
    });
    const reader = t.withIdentity(identity("team@uni.example"));
    // What the team teaches, from the rows themselves: per module code, the team's hours and teachers in each year.
    const truth = await t.run(async (ctx) => {
      const out: Record<string, Record<string, { hours: number[]; teachers: string[] }>> = {};
      for (const yearId of [u.activeYearId, u.stagingYearId]) {
        const lecturers = (await ctx.db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId)).collect()).filter((l) => l.team_id === teamId);
        for (const l of lecturers) {
          const name = (await ctx.db.get(l.profile_id))!.full_name;
          for (const a of await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", l._id)).collect()) {
            const module = (await ctx.db.get((await ctx.db.get(a.module_iteration_id))!.module_id))!;
            const side = ((out[module.code] ??= {})[yearId] ??= { hours: [], teachers: [] });
            side.hours.push(effectiveHours(a));
            if (!side.teachers.includes(name)) side.teachers.push(name);
          }
        }
      }
      return out;
    });
    const lecturers = await allRows(u, reader as Client, "lecturer");
    expect(lecturers.length).toBeGreaterThan(0);
    expect(lecturers.map((r) => r.name)).toContain("Gareth Ueda");

    const modules = await allRows(u, reader as Client, "module");
    expect(modules.map((r) => r.code).sort()).toEqual(Object.keys(truth).sort());
    for (const r of modules) {
      const want = truth[r.code!];
      expect(r.from!.hours, r.code).toBe(sumHours(want[u.activeYearId as Id<"academic_years">]?.hours ?? []));
      expect(r.to!.hours, r.code).toBe(sumHours(want[u.stagingYearId as Id<"academic_years">]?.hours ?? []));
      expect(r.from!.teaching, r.code).toEqual([...(want[u.activeYearId]?.teachers ?? [])].sort());
      // The module belongs to the department, not the team: the row says its figures are the team's part.
      expect(r.partial, r.code).toBe(`${r.department_name} runs this module: its hours and teachers here are your team's lecturers' only.`);
    }
    const ma603 = modules.find((r) => r.code === "MA603")!;
    expect(ma603.from!.teaching).toEqual(["Gareth Ueda"]);
    expect([ma603.from!.hours, ma603.to!.hours]).toEqual([572, 283.9]);
    expect(teamName).toBeTruthy();
  });
});
