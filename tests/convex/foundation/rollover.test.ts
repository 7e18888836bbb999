/**
 * Year rollover: a scheduled, batched job copies every lecturer and module
 * iteration (with groups and assessments) into a new staging year, resets
 * year-specific values, and reports progress until it completes.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, member, newBackend } from "../harness";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("rollover", () => {
  test("copies 60 lecturers and 50 iterations in batches into a staging year", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const moduleId = await admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS101", title: "Intro", credits: 20, level: 4, default_semester: "S1" });
    await t.run(async (ctx) => {
      const now = Date.now();
      const base = { organisation_id: organisationId, created_at: now, updated_at: now };
      for (let i = 0; i < 60; i++) {
        const profileId = await ctx.db.insert("lecturer_profiles", {
          ...base, first_name: "L", last_name: `${i}`, full_name: `L ${i}`, email: `l${i}@a.example`,
          default_contract_family: "teaching_focused", default_fte: 1,
        });
        await ctx.db.insert("lecturers", { ...base, academic_year_id: academicYearId, profile_id: profileId, fte: i % 2 ? 0.5 : 1, contract_family: "teaching_focused", version: 7 });
      }
      for (let i = 0; i < 50; i++) {
        const iterationId = await ctx.db.insert("module_iterations", {
          ...base, academic_year_id: academicYearId, module_id: moduleId, code: `CS101-${i}`, semester: "S1", student_count: 100 + i, intakes: 1, version: 3,
        });
        for (const name of ["A", "B"]) {
          await ctx.db.insert("module_iteration_groups", { ...base, academic_year_id: academicYearId, module_iteration_id: iterationId, name, student_count: 50 });
        }
      }
    });

    const { academicYearId: next, migrationId } = await admin.mutation(api.structure.rollover.start, {
      organisationId,
      sourceYearId: academicYearId,
      name: "2027/28",
      start_date: "2027-09-01",
      end_date: "2028-08-31",
    });
    const started = await admin.query(api.structure.rollover.progress, { organisationId });
    expect(started[0]).toMatchObject({ id: migrationId, status: "processing", processed: 0, total: 110 });
    await expectAppError(
      admin.mutation(api.structure.rollover.start, { organisationId, sourceYearId: academicYearId, name: "2027/28 again", start_date: "2027-09-01", end_date: "2028-08-31" }),
      "CONFLICT",
    );

    await t.finishAllScheduledFunctions(vi.runAllTimers);

    const done = await admin.query(api.structure.rollover.progress, { organisationId });
    expect(done[0]).toMatchObject({ status: "completed", processed: 110, total: 110, percent: 100 });
    const lecturers = await admin.query(api.staff.lecturers.all, { organisationId, academicYearId: next });
    expect(lecturers).toHaveLength(60);
    expect(lecturers.filter((l) => l.fte === 0.5)).toHaveLength(30);
    expect(lecturers.every((l) => l.version === 1)).toBe(true);
    const iterations = await admin.query(api.delivery.iterations.all, { organisationId, academicYearId: next });
    expect(iterations).toHaveLength(50);
    expect(iterations.find((i) => i.code === "CS101-7")!.student_count).toBe(107);
    expect((await admin.query(api.delivery.groups.all, { organisationId, academicYearId: next })).length).toBe(100);
    const years = await admin.query(api.structure.academicYears.all, { organisationId });
    expect(years.map((y) => [y.name, y.status])).toEqual([["2026/27", "active"], ["2027/28", "staging"]]);
    // The source year is untouched.
    expect(await admin.query(api.staff.lecturers.all, { organisationId, academicYearId })).toHaveLength(60);
  });

  test("needs the rollover permission and sane dates", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const { client: planner } = await member(t, admin, organisationId, "p@a.example", "Planner");
    const args = { organisationId, sourceYearId: academicYearId, name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" };
    await expectAppError(planner.mutation(api.structure.rollover.start, args), "FORBIDDEN");
    const early = await expectAppError(admin.mutation(api.structure.rollover.start, { ...args, start_date: "2027-01-01" }), "INVALID_ARGUMENT");
    expect(early.message).toBe("The new year must start after 2026/27 ends (2027-08-31).");
    expect((await admin.query(api.structure.academicYears.all, { organisationId })).length).toBe(1);
  });
});
