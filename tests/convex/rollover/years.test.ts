/**
 * Year states and their transitions (structure/academicYears.ts): promote
 * with a confirmation that says what changes (exactly one current year, the
 * previous one archived), lock and unlock, archive a staging year, and
 * deletion: an empty year goes, a year with rows is refused with what points
 * at it, or goes as an explicit cascade whose preview counts what it takes.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, member, newBackend } from "../harness";
import { countInYear, drain, FAKE_TIMERS, rolloverArgs } from "./helpers";
import { buildUniversity, NEXT_YEAR, quarterLimitBackend } from "./university";

vi.setConfig({ testTimeout: 240_000 });
beforeEach(() => vi.useFakeTimers(FAKE_TIMERS));
afterEach(() => vi.useRealTimers());

const statuses = async (admin: Awaited<ReturnType<typeof createOrganisation>>["admin"], organisationId: Awaited<ReturnType<typeof createOrganisation>>["organisationId"]) =>
  (await admin.query(api.structure.academicYears.all, { organisationId })).map((y) => [y.name, y.status]);

describe("year states", () => {
  test("promoting a staging year says what changes, makes it the one active year and archives the previous one", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId: current } = await createOrganisation(t);
    const next = await admin.mutation(api.structure.academicYears.create, { organisationId, ...NEXT_YEAR });
    const later = await admin.mutation(api.structure.academicYears.create, { organisationId, name: "2028/29", start_date: "2028-09-01", end_date: "2029-08-31" });

    const confirm = await admin.query(api.structure.academicYears.promotion, { organisationId, id: next });
    expect(confirm.blockers).toEqual([]);
    expect(confirm.current).toMatchObject({ name: "2026/27", status: "active" });
    expect(confirm.changes).toEqual([
      "2027/28 becomes the active year: everyone sees it by default, and it is edited as the current year.",
      "2026/27 is archived: it stays readable in the year picker, but nobody can change it any more.",
      "Staging marks disappear from 2027/28; other staging years stay as they are.",
    ]);
    await admin.mutation(api.structure.academicYears.promote, { organisationId, id: next });
    expect(await statuses(admin, organisationId)).toEqual([["2026/27", "archived"], ["2027/28", "active"], ["2028/29", "staging"]]);
    await expectAppError(admin.mutation(api.structure.academicYears.promote, { organisationId, id: current }), "INVALID_ARGUMENT");
    expect((await admin.query(api.structure.academicYears.promotion, { organisationId, id: current })).blockers).toEqual([
      "2026/27 is archived; only a staging year can be promoted.",
    ]);

    // Lock (publish) the current year, unlock it; a locked year is still the current one when the next is promoted.
    await admin.mutation(api.structure.academicYears.lock, { organisationId, id: next });
    expect(await statuses(admin, organisationId)).toEqual([["2026/27", "archived"], ["2027/28", "locked"], ["2028/29", "staging"]]);
    await expectAppError(admin.mutation(api.structure.academicYears.lock, { organisationId, id: next }), "INVALID_ARGUMENT");
    await admin.mutation(api.structure.academicYears.unlock, { organisationId, id: next });
    await admin.mutation(api.structure.academicYears.lock, { organisationId, id: next });
    const nextConfirm = await admin.query(api.structure.academicYears.promotion, { organisationId, id: later });
    expect(nextConfirm.changes[1]).toBe("2027/28 is archived: it stays readable in the year picker, but nobody can change it any more (it was locked).");
    await admin.mutation(api.structure.academicYears.promote, { organisationId, id: later });
    expect(await statuses(admin, organisationId)).toEqual([["2026/27", "archived"], ["2027/28", "archived"], ["2028/29", "active"]]);
    expect((await statuses(admin, organisationId)).filter(([, s]) => s === "active" || s === "locked")).toHaveLength(1);
  });

  test("only an organisation-wide admin changes states; a staging year can be set aside; a running rollover blocks promotion", async () => {
    const u = await buildUniversity(quarterLimitBackend(), 0.3);
    const { client: planner } = await member(u.t, u.admin, u.organisationId, "planner@uni.example", "Planner");
    const { academicYearId: next, jobId } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    await expectAppError(planner.mutation(api.structure.academicYears.promote, { organisationId: u.organisationId, id: next }), "FORBIDDEN");
    const blocked = await expectAppError(u.admin.mutation(api.structure.academicYears.promote, { organisationId: u.organisationId, id: next }), "CONFLICT");
    expect(blocked.message).toBe('2027/28 is still being rolled over ("Rollover 2026/27 → 2027/28"); let it finish or cancel it before you promote it.');
    expect((await u.admin.query(api.structure.academicYears.promotion, { organisationId: u.organisationId, id: next })).blockers).toEqual([
      '"Rollover 2026/27 → 2027/28" is still running into 2027/28.',
    ]);
    await drain(u.t);
    expect((await u.admin.query(api.jobs.jobs.get, { organisationId: u.organisationId, jobId })).status).toBe("completed");
    await u.admin.mutation(api.structure.academicYears.archive, { organisationId: u.organisationId, id: next });
    expect(await statuses(u.admin, u.organisationId)).toEqual([["2026/27", "active"], ["2027/28", "archived"]]);
    await expectAppError(u.admin.mutation(api.structure.academicYears.archive, { organisationId: u.organisationId, id: u.sourceYearId }), "INVALID_ARGUMENT");
  });
});

describe("deleting a year", () => {
  test("an empty year goes; one with rows is refused with what points at it, or goes as a previewed cascade", async () => {
    const u = await buildUniversity(quarterLimitBackend(), 0.3);
    const empty = await u.admin.mutation(api.structure.academicYears.create, { organisationId: u.organisationId, name: "2030/31", start_date: "2030-09-01", end_date: "2031-08-31" });
    await u.admin.mutation(api.structure.academicYears.remove, { organisationId: u.organisationId, id: empty });
    await expectAppError(u.admin.mutation(api.structure.academicYears.remove, { organisationId: u.organisationId, id: u.sourceYearId }), "CONFLICT");

    const { academicYearId: next } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    await drain(u.t);
    const refused = await expectAppError(u.admin.mutation(api.structure.academicYears.remove, { organisationId: u.organisationId, id: next }), "CONFLICT");
    expect(refused.message).toBe(
      "2027/28 still has teaching allocations, admin allocations, assessments, groups, module iterations and lecturer records. Remove them first, or delete the year with everything in it (a preview shows what goes).",
    );
    expect((await u.admin.query(api.structure.academicYears.deletionCheck, { organisationId: u.organisationId, id: next })).contents).toHaveLength(6);

    const previewId = await u.admin.mutation(api.structure.academicYears.previewDelete, { organisationId: u.organisationId, id: next });
    await drain(u.t);
    const preview = await u.admin.query(api.jobs.jobs.get, { organisationId: u.organisationId, jobId: previewId });
    expect(preview).toMatchObject({ status: "completed", dry_run: true });
    const counts = JSON.parse(preview.result!).counts;
    expect(counts).toMatchObject({
      module_allocations: u.expected.allocations.created,
      admin_allocations: u.expected.admin.created,
      module_iterations: u.expected.iterations.created,
      module_iteration_groups: u.expected.groups,
      lecturers: u.expected.lecturers.created,
      lecturer_year_totals: u.expected.lecturers.created,
      academic_years: 1,
    });
    expect(await countInYear(u.t, "module_allocations", next)).toBe(u.expected.allocations.created); // nothing removed yet

    const deleteId = await u.admin.mutation(api.structure.academicYears.deleteWithContents, { organisationId: u.organisationId, id: next });
    await drain(u.t);
    expect((await u.admin.query(api.jobs.jobs.get, { organisationId: u.organisationId, jobId: deleteId })).status).toBe("completed");
    for (const table of ["module_allocations", "lecturers", "module_iterations", "lecturer_year_totals", "team_summaries", "organisation_settings"]) {
      expect(await countInYear(u.t, table, next, true), table).toBe(0);
    }
    expect(await statuses(u.admin, u.organisationId)).toEqual([["2026/27", "active"]]);
    // Every removal is in the audit trail.
    const removed = await u.t.run(async (ctx) =>
      (await ctx.db.query("audit_logs").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", next)).collect()).filter((a) => a.action === "delete" && a.entity_type === "module_allocations").length,
    );
    expect(removed).toBe(u.expected.allocations.created);
  });
});
