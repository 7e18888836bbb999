/**
 * Allocations end to end: hours from the starter rules, live totals and team
 * summaries, stale edits, overrides, warnings and permissions. Every expected
 * number is worked out by hand in the comments.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { expectAppError, setupWorkload, withTriggers, type Workload } from "./fixtures";

/**
 * CS201: 20 credits, 120 students in 4 groups of 30, taught 60/40 by Ada
 * (1.0 FTE) and Brian (0.5 FTE), Brian delivering it for the first time.
 * contact per group = 20 x 2.5 = 50 h, so:
 *   contact      Ada 50 x 4 x 0.6 = 120     Brian 50 x 4 x 0.4 = 80
 *   preparation  Ada 50 x 4 x 0.6 = 120     Brian 50 x 4 x 0.4 x 2 (first time) = 160
 *   marking      Ada 50 x 4 x 0.6 = 120     Brian 50 x 4 x 0.4 = 80   (no assessment tariffs)
 *   leadership   Ada (15 + 0.01 x 120) x 1 = 16.2
 */
async function allocateCS201(w: Workload) {
  const { planner, organisationId, types, active } = w;
  const make = (lecturerId: typeof active.ada, code: string, share: number, firstTime = false) =>
    planner.mutation(api.workload.allocations.create, {
      organisationId,
      iterationId: active.iterationId,
      lecturerId,
      allocationTypeId: types[code],
      share,
      firstTime,
    });
  return {
    adaContact: await make(active.ada, "contact", 60),
    brianContact: await make(active.brian, "contact", 40, true),
    adaPrep: await make(active.ada, "preparation", 60),
    brianPrep: await make(active.brian, "preparation", 40, true),
    adaMarking: await make(active.ada, "marking", 60),
    brianMarking: await make(active.brian, "marking", 40, true),
    adaLead: await make(active.ada, "module_leadership", 100),
  };
}

async function totalsOf(w: Workload, lecturerId: Workload["active"]["ada"]) {
  return await w.t.run(async (ctx) =>
    ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturerId)).unique(),
  );
}

async function verify(w: Workload, academicYearId = w.activeYearId) {
  return await w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId });
}

describe("hours of a shared module", () => {
  test("a 20-credit module in 4 groups taught 60/40 gives the hand-computed hours", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    expect(a.adaContact.hours).toBe(120);
    expect(a.brianContact.hours).toBe(80);
    expect(a.adaPrep.hours).toBe(120);
    expect(a.brianPrep.hours).toBe(160);
    expect(a.adaMarking.hours).toBe(120);
    expect(a.brianMarking.hours).toBe(80);
    expect(a.adaLead.hours).toBe(16.2);
  });

  test("live totals equal the hand-computed figures, one row per lecturer, and drift is 0", async () => {
    const w = await setupWorkload();
    await allocateCS201(w);
    // Ada: 1.0 x 1650 = 1650 h contract; research allowance (teaching and research) 300 x 1.0 = 300 h.
    // allocated = 120 + 120 + 120 + 16.2 + 300 = 676.2; utilisation 676.2 / 1650 = 0.4098 -> under (< 0.8).
    const ada = (await totalsOf(w, w.active.ada))!;
    expect(ada.contract_hours).toBe(1650);
    expect(ada.max_teaching_hours).toBe(825); // 1650 x 0.5
    expect(ada.category_hours).toEqual({ teaching: 120, preparation: 120, marking: 120, leadership: 16.2, admin: 0, research: 300 });
    expect(ada.allocated_hours).toBe(676.2);
    expect(ada.teaching_hours).toBe(360);
    expect(ada.capacity_hours).toBe(973.8);
    expect(ada.utilisation).toBeCloseTo(0.409818, 6);
    expect(ada.band).toBe("under");
    // S1 module: all 376.2 module hours in S1; the allowance splits 0.5 / 0.5 -> S1 376.2 + 150, S2 150.
    expect(ada.semester_hours).toEqual({ S1: 526.2, S2: 150, S3: 0 });
    expect(ada.allocation_count).toBe(4);

    // Brian: 0.5 x 1650 = 825 h; allowance (teaching-focused) 150 x 0.5 = 75 h; max teaching 825 x 0.6 = 495.
    // allocated = 80 + 160 + 80 + 75 = 395; utilisation 395 / 825 = 0.4788 -> under.
    const brian = (await totalsOf(w, w.active.brian))!;
    expect(brian.contract_hours).toBe(825);
    expect(brian.max_teaching_hours).toBe(495);
    expect(brian.allocated_hours).toBe(395);
    expect(brian.teaching_hours).toBe(320);
    expect(brian.capacity_hours).toBe(430);
    expect(brian.utilisation).toBeCloseTo(0.478788, 6);

    // Team: 2 lecturers, 1.5 FTE, 2475 h contract, 1071.2 h allocated, 680 h teaching, both under.
    const team = await w.t.run(async (ctx) =>
      ctx.db.query("team_summaries").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", w.activeYearId)).collect(),
    );
    expect(team).toHaveLength(1);
    expect(team[0]).toMatchObject({
      lecturer_count: 2,
      total_fte: 1.5,
      total_contract_hours: 2475,
      total_allocated_hours: 1071.2,
      total_teaching_hours: 680,
      under_count: 2,
      over_count: 0,
    });
    expect(team[0].utilisation).toBeCloseTo(1071.2 / 2475, 9);

    const report = await verify(w);
    expect(report.total_drift).toBe(0);
    expect(report.stale_allocations).toBe(0);
    expect(report.lecturers_checked).toBe(2);
  });

  test("a per-group allocation counts one group: 20 x 2.5 x 1 group x 100% = 50 h", async () => {
    const w = await setupWorkload();
    const r = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.brian,
      allocationTypeId: w.types.contact,
      groupId: w.active.groups[0],
      share: 100,
    });
    expect(r.hours).toBe(50);
  });

  test("student numbers changing on the iteration recompute its allocations and totals", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    // 150 students: leadership 15 + 0.01 x 150 = 16.5 (groups are defined, so contact is unchanged).
    await withTriggers(w.t, async (ctx) => {
      await ctx.db.patch(w.active.iterationId, { student_count: 150 });
    });
    const lead = await w.t.run(async (ctx) => ctx.db.get(a.adaLead.id));
    expect(lead!.computed_hours).toBe(16.5);
    expect((await totalsOf(w, w.active.ada))!.allocated_hours).toBe(676.5);
    expect((await verify(w)).total_drift).toBe(0);
  });
});

describe("edits without lost updates", () => {
  test("a stale edit gets CONFLICT with the current value and changes nothing", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    const first = await w.planner.mutation(api.workload.allocations.update, {
      organisationId: w.organisationId,
      allocationId: a.adaContact.id,
      expectedVersion: 1,
      share: 50,
    });
    expect(first.version).toBe(2);
    expect(first.hours).toBe(100); // 50 x 4 x 0.5

    const before = await w.t.run(async (ctx) => ctx.db.get(a.adaContact.id));
    const totalsBefore = await totalsOf(w, w.active.ada);
    const error = await expectAppError(
      w.planner.mutation(api.workload.allocations.update, {
        organisationId: w.organisationId,
        allocationId: a.adaContact.id,
        expectedVersion: 1,
        share: 70,
      }),
      "CONFLICT",
    );
    expect(error.currentVersion).toBe(2);
    expect(error.current.share).toBe(50);
    expect(error.current.hours).toBe(100);
    expect(await w.t.run(async (ctx) => ctx.db.get(a.adaContact.id))).toEqual(before);
    expect(await totalsOf(w, w.active.ada)).toEqual(totalsBefore);
  });

  test("an override without a reason is refused; with one it replaces the computed hours", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    const args = { organisationId: w.organisationId, allocationId: a.adaContact.id, expectedVersion: 1, hoursOverride: 90 };
    const error = await expectAppError(w.planner.mutation(api.workload.allocations.update, args), "INVALID_ARGUMENT");
    expect(error.message).toMatch(/needs a reason/);
    expect((await w.t.run(async (ctx) => ctx.db.get(a.adaContact.id)))!.version).toBe(1);

    const ok = await w.planner.mutation(api.workload.allocations.update, { ...args, overrideReason: "Shares a lab with CS202" });
    expect(ok.hours).toBe(90);
    expect(ok.computed_hours).toBe(120);
    // 676.2 - 120 + 90 = 646.2
    expect((await totalsOf(w, w.active.ada))!.allocated_hours).toBe(646.2);
  });

  test("remove and restore move the totals and keep drift 0", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    const removed = await w.planner.mutation(api.workload.allocations.remove, {
      organisationId: w.organisationId,
      allocationId: a.adaLead.id,
      expectedVersion: 1,
    });
    expect((await totalsOf(w, w.active.ada))!.allocated_hours).toBe(660); // 676.2 - 16.2
    await w.planner.mutation(api.workload.allocations.restore, {
      organisationId: w.organisationId,
      allocationId: a.adaLead.id,
      expectedVersion: removed.version,
    });
    expect((await totalsOf(w, w.active.ada))!.allocated_hours).toBe(676.2);
    expect((await verify(w)).total_drift).toBe(0);
  });
});

describe("warnings", () => {
  test("going over capacity and over maximum teaching warns but saves", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    // Brian's contact overridden to 600 h: allocated 395 - 80 + 600 = 915 > 825 (90 h over);
    // teaching 320 - 80 + 600 = 840 > 495.
    const r = await w.planner.mutation(api.workload.allocations.update, {
      organisationId: w.organisationId,
      allocationId: a.brianContact.id,
      expectedVersion: 1,
      hoursOverride: 600,
      overrideReason: "Covers a colleague's sabbatical",
    });
    expect(r.hours).toBe(600);
    const codes = r.warnings.map((x) => x.code);
    expect(codes).toContain("OVER_CAPACITY");
    expect(codes).toContain("OVER_MAX_TEACHING");
    expect(r.warnings.find((x) => x.code === "OVER_CAPACITY")!.message).toContain("90 h over capacity");
    const brian = await totalsOf(w, w.active.brian);
    expect(brian!.band).toBe("critical"); // 915 / 825 = 1.109 > 1.1
  });

  test("availability and specialisations from the scheduling reference raise warnings", async () => {
    const w = await setupWorkload();
    await withTriggers(w.t, async (ctx) => {
      const base = { organisation_id: w.organisationId, created_at: 0, updated_at: 0 };
      await ctx.db.insert("lecturer_availability", { ...base, lecturer_profile_id: w.brianProfileId, semester: "S1", available: false, reason: "Research leave" });
      await ctx.db.insert("lecturer_specialisations", { ...base, lecturer_profile_id: w.brianProfileId, subject: "Mathematics", level: "expert" });
    });
    const r = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.brian,
      allocationTypeId: w.types.contact,
      share: 100,
    });
    const codes = r.warnings.map((x) => x.code);
    expect(codes).toContain("UNAVAILABLE");
    expect(codes).toContain("NOT_SPECIALISED");
  });
});

describe("permissions", () => {
  test("a Viewer cannot create an allocation: FORBIDDEN and nothing changes", async () => {
    const w = await setupWorkload();
    const error = await expectAppError(
      w.viewer.mutation(api.workload.allocations.create, {
        organisationId: w.organisationId,
        iterationId: w.active.iterationId,
        lecturerId: w.active.ada,
        allocationTypeId: w.types.contact,
        share: 100,
      }),
      "FORBIDDEN",
    );
    expect(error.permission).toBe("allocations.edit");
    expect(await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).length)).toBe(0);
  });

  test("a lecturer sees and answers their own allocations only", async () => {
    const w = await setupWorkload();
    const a = await allocateCS201(w);
    const own = await w.brianUser.query(api.workload.allocations.listForLecturer, {
      organisationId: w.organisationId,
      lecturerId: w.active.brian,
    });
    expect(own).toHaveLength(3);
    await expectAppError(
      w.brianUser.query(api.workload.allocations.listForLecturer, { organisationId: w.organisationId, lecturerId: w.active.ada }),
      "FORBIDDEN",
    );
    const answered = await w.brianUser.mutation(api.workload.allocations.respond, {
      organisationId: w.organisationId,
      allocationId: a.brianPrep.id,
      expectedVersion: 1,
      status: "accepted",
    });
    expect(answered.version).toBe(2);
    await expectAppError(
      w.brianUser.mutation(api.workload.allocations.respond, {
        organisationId: w.organisationId,
        allocationId: a.adaPrep.id,
        expectedVersion: 1,
        status: "accepted",
      }),
      "FORBIDDEN",
    );
  });
});
