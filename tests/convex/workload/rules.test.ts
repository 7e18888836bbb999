/**
 * Calculation rules: a formula is checked before it is saved, and rules
 * belong to one academic year, so the staging year's edits never move the
 * active year's figures; the recompute job reports its progress.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { expectAppError, setupWorkload, withTriggers, type Workload } from "./fixtures";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const newRule = {
  name: "Seminar contact",
  formula: "credits * 2 * groups * share",
  conditions: { allocation_type_codes: ["contact"] },
  priority: 5,
  rounding: "nearest" as const,
  rounding_step: 0.5,
  is_active: true,
};

async function contactRule(w: Workload, yearId = w.activeYearId) {
  const rules = await w.admin.query(api.workload.rules.list, { organisationId: w.organisationId, academicYearId: yearId });
  return rules.find((r) => r.name === "Contact teaching (WAM)")!;
}

describe("formula validation on save", () => {
  test("a syntax error is refused with its position and reason", async () => {
    const w = await setupWorkload();
    const error = await expectAppError(
      w.admin.mutation(api.workload.rules.create, {
        organisationId: w.organisationId,
        academicYearId: w.activeYearId,
        rule: { ...newRule, formula: "credits * * 2.5" },
      }),
      "INVALID_ARGUMENT",
    );
    // "credits * * 2.5": the second * is at index 10, the 11th character.
    expect(error.position).toBe(10);
    expect(error.reason).toBe("Expected expression after *.");
    expect(error.message).toBe("Formula error at character 11: Expected expression after *.");
  });

  test("an unknown variable is refused, named, with the allowed names listed", async () => {
    const w = await setupWorkload();
    const error = await expectAppError(
      w.admin.mutation(api.workload.rules.create, {
        organisationId: w.organisationId,
        academicYearId: w.activeYearId,
        rule: { ...newRule, formula: "credits * tutors" },
      }),
      "INVALID_ARGUMENT",
    );
    expect(error.position).toBe(10);
    expect(error.reason).toMatch(/^Unknown variable "tutors"\. Allowed variables: credits, level, students, groups/);
    const rules = await w.admin.query(api.workload.rules.list, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(rules.some((r) => r.name === "Seminar contact")).toBe(false);
  });

  test("validateFormula previews a result with the sample values or given ones", async () => {
    const w = await setupWorkload();
    const ok = await w.viewer.query(api.workload.rules.validateFormula, {
      organisationId: w.organisationId,
      formula: "(15 + 0.01 * students) * share",
      variables: { students: 200, share: 1 },
    });
    expect(ok).toEqual({ ok: true, value: 17, variables_used: ["students", "share"] });
    const bad = await w.viewer.query(api.workload.rules.validateFormula, { organisationId: w.organisationId, formula: "max(credits" });
    expect(bad.ok).toBe(false);
  });

  test("a Viewer cannot edit rules", async () => {
    const w = await setupWorkload();
    await expectAppError(
      w.viewer.mutation(api.workload.rules.create, { organisationId: w.organisationId, academicYearId: w.activeYearId, rule: newRule }),
      "FORBIDDEN",
    );
  });
});

describe("rules belong to an academic year", () => {
  test("editing the staging year's contact rule recomputes the staging year only", async () => {
    const w = await setupWorkload();
    const make = (yearSet: Workload["active"], code: string) =>
      w.planner.mutation(api.workload.allocations.create, {
        organisationId: w.organisationId,
        iterationId: yearSet.iterationId,
        lecturerId: yearSet.ada,
        allocationTypeId: w.types[code],
        share: 60,
      });
    const activeContact = await make(w.active, "contact");
    const activePrep = await make(w.active, "preparation");
    const stagingContact = await make(w.staging, "contact");
    const stagingPrep = await make(w.staging, "preparation");
    // Both years: contact 20 x 2.5 x 4 x 0.6 = 120; preparation 50 x 4 x 0.6 = 120.
    expect([activeContact.hours, activePrep.hours, stagingContact.hours, stagingPrep.hours]).toEqual([120, 120, 120, 120]);

    const rule = await contactRule(w, w.stagingYearId);
    const saved = await w.admin.mutation(api.workload.rules.update, {
      organisationId: w.organisationId,
      ruleId: rule._id,
      expectedVersion: rule.version,
      patch: { formula: "credits * 3 * groups * share" },
    });
    expect(saved.sample_result).toBe(144); // samples: 20 x 3 x 4 x 0.6
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);

    const hours = async (id: typeof activeContact.id) => (await w.t.run(async (ctx) => ctx.db.get(id)))!.computed_hours;
    // Staging: contact 20 x 3 x 4 x 0.6 = 144; preparation follows contact hours per group (60) x 4 x 0.6 = 144.
    expect(await hours(stagingContact.id)).toBe(144);
    expect(await hours(stagingPrep.id)).toBe(144);
    // Active: unchanged.
    expect(await hours(activeContact.id)).toBe(120);
    expect(await hours(activePrep.id)).toBe(120);

    const totals = async (lecturerId: typeof w.active.ada) =>
      (await w.t.run(async (ctx) =>
        ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturerId)).unique(),
      ))!.allocated_hours;
    expect(await totals(w.staging.ada)).toBe(588); // 144 + 144 + 300 allowance
    expect(await totals(w.active.ada)).toBe(540); // 120 + 120 + 300 allowance

    const job = await w.planner.query(api.workload.jobs.recomputeStatus, { organisationId: w.organisationId, academicYearId: w.stagingYearId });
    expect(job[0]).toMatchObject({ status: "completed", total: 2, processed: 2 });
    const activeJobs = await w.planner.query(api.workload.jobs.recomputeStatus, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(activeJobs).toHaveLength(0);

    for (const academicYearId of [w.activeYearId, w.stagingYearId]) {
      const report = await w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId });
      expect(report.total_drift).toBe(0);
      expect(report.stale_allocations).toBe(0);
    }
  });

  test("a higher-priority rule wins for the allocations it matches", async () => {
    const w = await setupWorkload();
    const r = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.contact,
      share: 60,
    });
    await w.admin.mutation(api.workload.rules.create, {
      organisationId: w.organisationId,
      academicYearId: w.activeYearId,
      rule: { ...newRule, conditions: { allocation_type_codes: ["contact"], module_levels: [5] }, max_hours: 90 },
    });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    // 20 x 2 x 4 x 0.6 = 96, capped at 90.
    expect((await w.t.run(async (ctx) => ctx.db.get(r.id)))!.computed_hours).toBe(90);
  });

  test("preview shows which allocations a draft would change, without saving it", async () => {
    const w = await setupWorkload();
    const r = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.contact,
      share: 60,
    });
    const rule = await contactRule(w);
    const p = await w.admin.query(api.workload.rules.preview, {
      organisationId: w.organisationId,
      academicYearId: w.activeYearId,
      ruleId: rule._id,
      rule: { ...newRule, name: rule.name, formula: "credits * 3 * groups * share", priority: 0 },
    });
    // 20 x 3 x 4 x 0.6 = 144 instead of 120.
    expect(p).toMatchObject({ changed_count: 1, hours_before: 120, hours_after: 144 });
    expect(p.changes[0]).toMatchObject({ allocation_id: r.id, computed_before: 120, computed_after: 144 });
    expect((await w.t.run(async (ctx) => ctx.db.get(r.id)))!.computed_hours).toBe(120);
  });

  test("a stale rule edit gets CONFLICT", async () => {
    const w = await setupWorkload();
    const rule = await contactRule(w);
    await w.admin.mutation(api.workload.rules.update, {
      organisationId: w.organisationId,
      ruleId: rule._id,
      expectedVersion: rule.version,
      patch: { priority: 1 },
    });
    await expectAppError(
      w.admin.mutation(api.workload.rules.update, {
        organisationId: w.organisationId,
        ruleId: rule._id,
        expectedVersion: rule.version,
        patch: { priority: 2 },
      }),
      "CONFLICT",
    );
  });
});

describe("settings", () => {
  test("changing standard hours recomputes contracts and bands of that year", async () => {
    const w = await setupWorkload();
    const settings = await w.admin.query(api.workload.settings.get, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(settings.standard_fte_hours).toBe(1650);
    await w.admin.mutation(api.workload.settings.update, {
      organisationId: w.organisationId,
      academicYearId: w.activeYearId,
      expectedVersion: settings.version,
      patch: { standard_fte_hours: 1600 },
    });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const brian = await w.t.run(async (ctx) =>
      ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", w.active.brian)).unique(),
    );
    expect(brian!.contract_hours).toBe(800); // 0.5 x 1600
    const report = await w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(report.total_drift).toBe(0);
  });

  test("thresholds that do not rise are refused", async () => {
    const w = await setupWorkload();
    await expectAppError(
      w.admin.mutation(api.workload.settings.update, {
        organisationId: w.organisationId,
        academicYearId: w.activeYearId,
        expectedVersion: 1,
        patch: { band_thresholds: { under: 0.9, healthy: 0.8, near: 1, critical: 1.1 } },
      }),
      "INVALID_ARGUMENT",
    );
  });
});

describe("reference data", () => {
  test("a changed allocation type category or marking tariff reaches allocations and totals through the job", async () => {
    const w = await setupWorkload();
    const r = await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.module_admin,
      share: 100,
    });
    expect(r.hours).toBe(50); // contact hours per group 50 x 1
    await withTriggers(w.t, async (ctx) => {
      await ctx.db.patch(w.types.module_admin, { work_category: "leadership" });
    });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await w.t.run(async (ctx) => ctx.db.get(r.id)))!.work_category).toBe("leadership");
    const totals = await w.t.run(async (ctx) =>
      ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", w.active.ada)).unique(),
    );
    expect(totals!.category_hours).toMatchObject({ admin: 0, leadership: 50 });
    for (const academicYearId of [w.activeYearId, w.stagingYearId]) {
      const report = await w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId });
      expect(report.total_drift).toBe(0);
      expect(report.stale_allocations).toBe(0);
    }
  });
});
