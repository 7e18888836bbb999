/**
 * Inputs: every number a function stores is finite and within its stated
 * range (convex/lib/inputRanges.ts, which the forms read too); formulas are
 * bounded and a result that is not finite or goes negative is an error for
 * the rule's editor; malformed ids are NOT_FOUND, never a TypeError.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { FORMULA_LIMITS, RANGES } from "../../../convex/lib/inputRanges";
import { checkFormula, sampleVariables } from "../../../convex/lib/workload";
import { expectAppError, identity, newBackend } from "../harness";
import { diff, dump } from "./dump";
import { buildFixture, emailOf } from "./fixture";

describe("inputs", { timeout: 60_000 }, () => {
  test("numbers that pass v.number() but make no sense are refused and change nothing", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = t.withIdentity(identity(emailOf("admin")));
    const org = fx.org;
    const lecturer = fx.rows.lecturers as Id<"lecturers">;
    const before = await dump(t);
    const nan = await expectAppError(
      admin.mutation(api.workload.allocations.create, {
        organisationId: org,
        iterationId: fx.rows.module_iterations as Id<"module_iterations">,
        lecturerId: lecturer,
        allocationTypeId: fx.rows.allocation_types as Id<"allocation_types">,
        share: NaN,
      }),
      "INVALID_ARGUMENT",
    );
    expect(nan.message).toBe("share must be a finite number (got NaN).");
    await expectAppError(admin.mutation(api.staff.lecturers.update, { organisationId: org, id: lecturer, patch: { fte: Infinity }, expectedVersion: 1 }), "INVALID_ARGUMENT");
    const adjustment = await expectAppError(
      admin.mutation(api.staff.lecturers.update, { organisationId: org, id: lecturer, patch: { contract_hours_adjustment: -1e9, adjustment_reason: "x" }, expectedVersion: 1 }),
      "INVALID_ARGUMENT",
    );
    expect(adjustment.message).toBe("Contract hours adjustment must be between -2000 and 2000 (got -1000000000).");
    await expectAppError(
      admin.mutation(api.structure.semesterPeriods.update, { organisationId: org, id: fx.rows.semester_periods as Id<"semester_periods">, patch: { teaching_weeks: -3 } }),
      "INVALID_ARGUMENT",
    );
    const students = await expectAppError(
      admin.mutation(api.delivery.iterations.update, { organisationId: org, id: fx.rows.module_iterations as Id<"module_iterations">, patch: { student_count: 20000 }, expectedVersion: 1 }),
      "INVALID_ARGUMENT",
    );
    expect(students.message).toBe(`Students must be between 0 and ${RANGES.iterationStudents.max} (got 20000).`);
    await expectAppError(
      admin.mutation(api.workload.settings.update, { organisationId: org, academicYearId: fx.year, expectedVersion: 1, patch: { standard_fte_hours: 1e7 } }),
      "INVALID_ARGUMENT",
    );
    await expectAppError(admin.mutation(api.account.preferences.set, { organisationId: org, key: "k", value: "x".repeat(20_000) }), "INVALID_ARGUMENT");
    expect(diff(before, await dump(t))).toEqual([]);
  });

  test("formulas are bounded; a result that is not finite or negative is an error for the rule's editor", async () => {
    const long = checkFormula("credits + ".repeat(60) + "1", sampleVariables());
    expect(long).toMatchObject({ ok: false, error: { reason: `The formula is too long: at most ${FORMULA_LIMITS.length} characters.` } });
    const deep = checkFormula("abs(".repeat(30) + "credits" + ")".repeat(30), sampleVariables());
    expect(deep).toMatchObject({ ok: false, error: { reason: `The formula is nested too deeply: at most ${FORMULA_LIMITS.depth} levels.` } });
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = t.withIdentity(identity(emailOf("admin")));
    const rule = (formula: string) => ({ name: "Edge", formula, conditions: {}, priority: 1, rounding: "none" as const, rounding_step: 0, is_active: true });
    const negative = await expectAppError(admin.mutation(api.workload.rules.create, { organisationId: fx.org, academicYearId: fx.year, rule: rule("0 - credits") }), "INVALID_ARGUMENT");
    expect(negative.message).toMatch(/^With the sample values the formula gives -\d+ h; hours cannot be negative/);
    const infinite = await expectAppError(admin.mutation(api.workload.rules.create, { organisationId: fx.org, academicYearId: fx.year, rule: rule("credits / 0") }), "INVALID_ARGUMENT");
    expect(infinite.message).toContain("not a finite number");
    // A bounded negative (a minimum clamps it) is fine.
    await admin.mutation(api.workload.rules.create, { organisationId: fx.org, academicYearId: fx.year, rule: { ...rule("credits - 100"), min_hours: 0 } });
    // The preview tells the editor about allocations for which the formula fails: here every allocation of
    // the fixture (a result negative for their real numbers, though positive for the sample values).
    const preview = await admin.query(api.workload.rules.preview, {
      organisationId: fx.org,
      academicYearId: fx.year,
      rule: { ...rule("(students - 61) * 100"), priority: 100 },
    });
    expect(preview.formula_errors).toBe(2);
  });

  test("malformed ids are NOT_FOUND, never a TypeError", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = t.withIdentity(identity(emailOf("admin")));
    await expectAppError(admin.mutation(api.tagging.tags.attach, { organisationId: fx.org, tagId: fx.rows.tags as Id<"tags">, entityType: "modules", entityId: "garbage" }), "NOT_FOUND");
    await expectAppError(admin.query(api.files.attachments.forEntity, { organisationId: fx.org, entityType: "modules", entityId: "12" }), "NOT_FOUND");
    // An id of another table where a module is expected is not a module.
    await expectAppError(admin.query(api.tagging.tags.forEntity, { organisationId: fx.org, entityType: "modules", entityId: fx.rows.sites! }), "NOT_FOUND");
    expect(await admin.query(api.audit.logs.history, { organisationId: fx.org, entityType: "no_such_table", entityId: "x" })).toEqual([]);
  });
});
