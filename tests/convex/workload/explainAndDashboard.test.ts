/**
 * What planners read: the explanation beside every number, coverage gaps,
 * and the dashboard built from the totals rows.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { expectAppError, setupWorkload, withTriggers, type Workload } from "./fixtures";

async function allocate(w: Workload, lecturerId: Workload["active"]["ada"], code: string, share: number, extra: Record<string, unknown> = {}) {
  return await w.planner.mutation(api.workload.allocations.create, {
    organisationId: w.organisationId,
    iterationId: w.active.iterationId,
    lecturerId,
    allocationTypeId: w.types[code],
    share,
    ...extra,
  });
}

describe("explain", () => {
  test("an allocation's explanation names the rule, formula, values used and result", async () => {
    const w = await setupWorkload();
    const prep = await allocate(w, w.active.brian, "preparation", 40, { firstTime: true });
    const e = await w.planner.query(api.workload.explain.explainAllocation, { organisationId: w.organisationId, allocationId: prep.id });
    expect(e.rule).toMatchObject({ name: "Preparation, first delivery", formula: "contact_hours * groups * share * 2", priority: 10 });
    const used = Object.fromEntries(e.variables.filter((x) => x.used).map((x) => [x.name, x.value]));
    // contact_hours = the contact rule for one group at a full share: 20 x 2.5 x 1 x 1 = 50.
    expect(used).toEqual({ contact_hours: 50, groups: 4, share: 0.4 });
    expect(e.contact_hours_source).toBe("contact rule");
    expect(e.formula_result).toBe(160); // 50 x 4 x 0.4 x 2
    expect(e.computed_hours).toBe(160);
    expect(e.override).toBeNull();
    expect(e.hours).toBe(160);
    expect(e.semester_hours).toEqual({ S1: 160, S2: 0, S3: 0 });
    expect(e.stored_up_to_date).toBe(true);
    console.log("Example explainAllocation output:\n" + JSON.stringify(e, null, 2));
  });

  test("an override shows with its reason next to the computed value", async () => {
    const w = await setupWorkload();
    const r = await allocate(w, w.active.ada, "contact", 60, { hoursOverride: 100, overrideReason: "Two groups merged in week 6" });
    const e = await w.planner.query(api.workload.explain.explainAllocation, { organisationId: w.organisationId, allocationId: r.id });
    expect(e.computed_hours).toBe(120);
    expect(e.override).toEqual({ hours: 100, reason: "Two groups merged in week 6" });
    expect(e.hours).toBe(100);
  });

  test("a lecturer's total lists contract, every line and the band", async () => {
    const w = await setupWorkload();
    await allocate(w, w.active.brian, "contact", 40);
    await withTriggers(w.t, async (ctx) => {
      await ctx.db.insert("admin_allocations", {
        organisation_id: w.organisationId,
        academic_year_id: w.activeYearId,
        lecturer_id: w.active.brian,
        category_id: w.programmeLeaderId,
        percent_of_contract: 10,
        semester: "year",
        recurring: true,
        version: 1,
        created_at: 0,
        updated_at: 0,
      });
    });
    const e = await w.brianUser.query(api.workload.explain.explainLecturerTotal, { organisationId: w.organisationId, lecturerId: w.active.brian });
    // 0.5 x 1650 = 825 h; lines: allowance 75, contact 80, programme leader 10% of 825 = 82.5 -> 237.5.
    expect(e.contract).toMatchObject({ fte: 0.5, standard_fte_hours: 1650, year_fraction: 1, contract_hours: 825, max_teaching_hours: 495 });
    expect(e.lines.map((l) => [l.kind, l.hours])).toEqual([
      ["allowance", 75],
      ["module", 80],
      ["admin", 82.5],
    ]);
    expect(e.allocated_hours).toBe(237.5);
    expect(e.band).toBe("under");
    expect(e.band_thresholds).toEqual({ under: 0.8, healthy: 0.95, near: 1, critical: 1.1 });
    expect(e.stored_matches).toBe(true);
    console.log("Example explainLecturerTotal output:\n" + JSON.stringify(e, null, 2));
  });

  test("a lecturer cannot read a colleague's explanation", async () => {
    const w = await setupWorkload();
    await expectAppError(
      w.brianUser.query(api.workload.explain.explainLecturerTotal, { organisationId: w.organisationId, lecturerId: w.active.ada }),
      "FORBIDDEN",
    );
  });
});

describe("coverage gaps", () => {
  test("shares of 60 + 30 leave the component 90% covered, a gap not an error", async () => {
    const w = await setupWorkload();
    await allocate(w, w.active.ada, "contact", 60);
    const second = await allocate(w, w.active.brian, "contact", 30);
    expect(second.warnings).toEqual([]);
    await allocate(w, w.active.ada, "module_leadership", 100);
    const gaps = await w.planner.query(api.workload.dashboard.coverageGaps, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(gaps).toHaveLength(1);
    // Contact is per group and the allocations cover every group: each of the 4 groups is 90% covered.
    expect(gaps[0].gaps.map((g) => [g.allocation_type_code, g.group_name, g.covered_percent, g.status])).toEqual([
      ["contact", "G1", 90, "under"],
      ["contact", "G2", 90, "under"],
      ["contact", "G3", 90, "under"],
      ["contact", "G4", 90, "under"],
    ]);
    expect(gaps[0].groups_without_lecturer).toEqual([]);
  });

  test("groups nobody teaches are listed; shares above 100% warn", async () => {
    const w = await setupWorkload();
    await allocate(w, w.active.ada, "contact", 100, { groupId: w.active.groups[0] });
    const over = await allocate(w, w.active.brian, "contact", 50, { groupId: w.active.groups[0] });
    expect(over.warnings.map((x) => x.code)).toContain("SHARES_OVER_100");
    const gaps = await w.planner.query(api.workload.dashboard.coverageGaps, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(gaps[0].groups_without_lecturer.map((g) => g.name)).toEqual(["G2", "G3", "G4"]);
    expect(gaps[0].gaps.find((g) => g.group_name === "G1")).toMatchObject({ covered_percent: 150, status: "over" });
  });

  test("an iteration with no allocations is unallocated", async () => {
    const w = await setupWorkload();
    const gaps = await w.planner.query(api.workload.dashboard.coverageGaps, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(gaps).toEqual([expect.objectContaining({ iteration_code: "CS201-A", unallocated: true })]);
  });
});

describe("dashboard", () => {
  test("overview: bands, histogram, top over/under and team summaries from totals rows", async () => {
    const w = await setupWorkload();
    // Brian: contact override 600 h -> 600 + 75 = 675 / 825 = 0.818 (healthy band, 80-90% bucket).
    await allocate(w, w.active.brian, "contact", 40, { hoursOverride: 600, overrideReason: "Sole tutor this year" });
    // Ada: only her allowance, 300 / 1650 = 0.18 (under, 10-20% bucket).
    const o = await w.viewer.query(api.workload.dashboard.overview, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(o.lecturer_count).toBe(2);
    expect(o.total_allocated_hours).toBe(975);
    expect(o.band_counts).toEqual([
      { band: "under", count: 1 },
      { band: "healthy", count: 1 },
      { band: "near", count: 0 },
      { band: "over", count: 0 },
      { band: "critical", count: 0 },
    ]);
    expect(o.histogram).toHaveLength(16);
    expect(o.histogram[1]).toMatchObject({ label: "10%–20%", count: 1 });
    expect(o.histogram[8]).toMatchObject({ label: "80%–90%", count: 1 });
    expect(o.histogram[15]).toMatchObject({ label: "150%+", count: 0 });
    expect(o.top_under.map((r) => r.full_name)).toEqual(["Ada Lovelace"]);
    expect(o.top_over).toEqual([]);
    expect(o.team_summaries).toEqual([expect.objectContaining({ team_name: "Software", lecturer_count: 2, under_count: 1 })]);

    const list = await w.viewer.query(api.workload.dashboard.lecturers, {
      organisationId: w.organisationId,
      academicYearId: w.activeYearId,
      facultyId: w.facultyId,
    });
    expect(list.map((r) => [r.full_name, r.band])).toEqual([
      ["Brian Kernighan", "healthy"],
      ["Ada Lovelace", "under"],
    ]);
  });

  test("the paged lecturer list runs by utilisation", async () => {
    const w = await setupWorkload();
    await allocate(w, w.active.brian, "contact", 40);
    const args = { organisationId: w.organisationId, academicYearId: w.activeYearId, paginationOpts: { numItems: 1, cursor: null } };
    const first = await w.viewer.query(api.workload.dashboard.lecturersPage, args);
    // Brian 155 / 825 = 0.188 is above Ada 300 / 1650 = 0.182.
    expect(first.page.map((r) => r.full_name)).toEqual(["Brian Kernighan"]);
    const second = await w.viewer.query(api.workload.dashboard.lecturersPage, { ...args, paginationOpts: { numItems: 1, cursor: first.continueCursor } });
    expect(second.page.map((r) => r.full_name)).toEqual(["Ada Lovelace"]);
  });

  test("lecturer detail: allocations with explanations, admin allocations, totals", async () => {
    const w = await setupWorkload();
    await allocate(w, w.active.brian, "marking", 40);
    const d = await w.brianUser.query(api.workload.dashboard.lecturerDetail, { organisationId: w.organisationId, lecturerId: w.active.brian });
    expect(d.totals!.allocated_hours).toBe(155); // marking 50 x 4 x 0.4 = 80, + 75 allowance
    expect(d.allocations).toHaveLength(1);
    expect(d.allocations[0].explanation.rule!.name).toBe("Marking (WAM or per-script tariff)");
    expect(d.explain.allocated_hours).toBe(155);
  });

  test("a Lecturer role cannot open the dashboard", async () => {
    const w = await setupWorkload();
    await expectAppError(
      w.brianUser.query(api.workload.dashboard.overview, { organisationId: w.organisationId, academicYearId: w.activeYearId }),
      "FORBIDDEN",
    );
  });
});
