/**
 * Lecturer statuses that do not count towards capacity (sabbatical, leave):
 * the contract drops to 0 h, the person leaves the under-allocated list,
 * work still given to them shows as over capacity, and changing the status
 * definition recomputes the year.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, newBackend } from "../harness";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("lecturer statuses", () => {
  test("a sabbatical takes a lecturer out of capacity until the status counts again", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const statuses = await admin.query(api.reference.lecturerStatuses.all, { organisationId });
    const active = statuses.find((s) => s.code === "active")!;
    const sabbatical = statuses.find((s) => s.code === "sabbatical")!;
    const newLecturer = (first: string) =>
      admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
        organisationId,
        academicYearId,
        first_name: first,
        last_name: "Example",
        email: `${first.toLowerCase()}@a.example`,
        default_contract_family: "teaching_focused",
        default_fte: 1,
        status_id: active._id,
      });
    const sam = await newLecturer("Sam");
    await newLecturer("Kim");
    const detail = () => admin.query(api.workload.dashboard.lecturerDetail, { organisationId, lecturerId: sam.lecturerId });
    const overview = () => admin.query(api.workload.dashboard.overview, { organisationId, academicYearId });

    expect((await detail()).totals!.contract_hours).toBe(1650); // 1.0 FTE x 1,650 h
    expect((await overview()).lecturer_count).toBe(2);

    await admin.mutation(api.staff.lecturers.update, { organisationId, id: sam.lecturerId, patch: { status_id: sabbatical._id }, expectedVersion: 1 });
    const away = (await detail()).totals!;
    expect(away.contract_hours).toBe(0);
    expect(away.allocated_hours).toBe(0); // the research allowance goes with the contract
    const o = await overview();
    expect(o.lecturer_count).toBe(1);
    expect(o.top_under.map((r) => r.full_name)).toEqual(["Kim Example"]);

    // Work still given to someone on sabbatical is over capacity, with a warning.
    const moduleId = await admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS101", title: "Intro", credits: 20, level: 4, default_semester: "S1" });
    const iterationId = await admin.mutation(api.delivery.iterations.create, { organisationId, academicYearId, module_id: moduleId, code: "CS101-A", semester: "S1", student_count: 25, intakes: 1 });
    const types = await admin.query(api.reference.allocationTypes.all, { organisationId });
    const result = await admin.mutation(api.workload.allocations.create, {
      organisationId,
      iterationId,
      lecturerId: sam.lecturerId,
      allocationTypeId: types.find((x) => x.code === "module_leadership")!._id,
      share: 100,
    });
    expect(result.hours).toBe(15.3); // 15 + 0.01 x 25 students = 15.25, rounded to the nearest 0.1 h
    expect(result.warnings.map((w) => w.code)).toContain("OVER_CAPACITY");
    expect((await overview()).top_over.map((r) => r.full_name)).toEqual(["Sam Example"]);

    // The organisation decides sabbaticals count after all: the year is recomputed.
    await admin.mutation(api.reference.lecturerStatuses.update, { organisationId, id: sabbatical._id, patch: { counts_towards_capacity: true } });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await detail()).totals!.contract_hours).toBe(1650);
    const verify = await admin.query(api.workload.verify.verifyTotals, { organisationId, academicYearId });
    expect(verify.total_drift).toBe(0);
  });
});
