/**
 * Calculation rules of one academic year: list, read, create, edit, delete,
 * restore, check a formula, and preview a draft on the year's allocations.
 * A formula is parsed and evaluated against sample values before it is
 * saved; a bad one is refused with its position and reason. Every change starts a recompute of that year only, so editing
 * the staging year's rules never moves the active year's figures.
 */
import { v, type Infer } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { checkVersion, getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, type OrgMutationCtx } from "../lib/functions";
import {
  checkFormula,
  cleanHours,
  FUNCTION_NAMES,
  parseFormula,
  RULE_PREVIEW_LIST_LIMIT,
  RULE_PREVIEW_SCAN_LIMIT,
  sampleVariables,
  VARIABLE_NAMES,
  VARIABLES,
  type CalculationRule,
} from "../lib/workload";
import { WorkloadLoader } from "./loader";
import { vSemester, vWorkCategory } from "../schema/validators";
import { scheduleYearRecompute } from "./recompute";
import { vFormulaError, vRounding } from "./validators";
import { scopedList } from "../lib/lists";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

const vConditions = v.object({
  allocation_type_codes: v.optional(v.array(v.string())),
  work_categories: v.optional(v.array(vWorkCategory)),
  module_levels: v.optional(v.array(v.number())),
  semesters: v.optional(v.array(vSemester)),
  first_time: v.optional(v.boolean()),
});

const ruleFields = {
  name: v.string(),
  description: v.optional(v.string()),
  formula: v.string(),
  conditions: vConditions,
  priority: v.number(),
  min_hours: v.optional(v.number()),
  max_hours: v.optional(v.number()),
  rounding: vRounding,
  rounding_step: v.number(),
  is_active: v.boolean(),
};
const vRuleInput = v.object(ruleFields);
type RuleInput = Infer<typeof vRuleInput>;

const vRule = v.object({
  _id: v.id("workload_calculation_rules"),
  _creationTime: v.number(),
  organisation_id: v.id("organisations"),
  academic_year_id: v.id("academic_years"),
  ...ruleFields,
  version: v.number(),
  created_by: v.optional(v.id("users")),
  created_at: v.number(),
  updated_at: v.number(),
  deleted_at: v.optional(v.number()),
});

const vRuleWriteResult = v.object({
  id: v.id("workload_calculation_rules"),
  version: v.number(),
  /** The formula's result with the sample values, to show beside the saved rule. */
  sample_result: v.number(),
  recompute_job_id: v.id("jobs"),
});

export const list = orgQuery({
  permission: "rules.view",
  args: { academicYearId: v.id("academic_years"), includeDeleted: v.optional(v.boolean()) },
  returns: v.array(vRule),
  handler: async (ctx, args) => {
    const db = args.includeDeleted ? ctx.dbWithDeleted : ctx.db;
    const rules = await db
      .query("workload_calculation_rules")
      .withIndex("by_organisation_id_and_academic_year_id", (q) =>
        q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", args.academicYearId),
      )
      .collect();
    return rules.sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  },
});

export const get = orgQuery({
  permission: "rules.view",
  args: { ruleId: v.id("workload_calculation_rules") },
  returns: vRule,
  handler: async (ctx, args) => await getOrThrow(ctx.db, args.ruleId, "rule"),
});

/** The variables and functions a formula may use, with descriptions and sample values, for the editor. */
export const vocabulary = orgQuery({
  permission: "rules.view",
  args: {},
  returns: v.object({
    variables: v.array(v.object({ name: v.string(), description: v.string(), sample: v.number() })),
    functions: v.array(v.string()),
  }),
  handler: async () => ({
    variables: VARIABLE_NAMES.map((name) => ({ name, description: VARIABLES[name].description, sample: VARIABLES[name].sample })),
    functions: FUNCTION_NAMES,
  }),
});

/**
 * Checks a formula as the editor types: parses it and evaluates it against
 * the sample values, or against `variables` given (a preview with other numbers).
 */
export const validateFormula = orgQuery({
  permission: "rules.view",
  args: { formula: v.string(), variables: v.optional(v.record(v.string(), v.number())) },
  returns: v.union(
    v.object({ ok: v.literal(true), value: v.number(), variables_used: v.array(v.string()) }),
    v.object({ ok: v.literal(false), error: vFormulaError }),
  ),
  handler: async (_ctx, args) => {
    const values = { ...sampleVariables(), ...(args.variables ?? {}) };
    const checked = checkFormula(args.formula, values);
    if (!checked.ok) return { ok: false as const, error: checked.error };
    const parsed = parseFormula(args.formula);
    return { ok: true as const, value: checked.value, variables_used: parsed.ok ? parsed.formula.variables : [] };
  },
});

/**
 * What-if for a draft rule before it is saved: the year's allocations whose
 * hours would change if the draft replaced `ruleId` (or joined the rules when
 * none is given), with their current and new hours.
 */
export const preview = orgQuery({
  permission: "rules.view",
  args: {
    academicYearId: v.id("academic_years"),
    rule: vRuleInput,
    ruleId: v.optional(v.id("workload_calculation_rules")),
    limit: v.optional(v.number()),
  },
  returns: v.object({
    sample_result: v.number(),
    /** Allocations for which the draft's formula fails (no finite or a negative result): shown to the rule's editor. */
    formula_errors: v.number(),
    changed_count: v.number(),
    /** Lecturers whose hours would change (the consequence a confirmation states). */
    lecturer_count: v.number(),
    hours_before: v.number(),
    hours_after: v.number(),
    /** Allocations looked at; fewer than the year's when `complete` is false (a preview reads at most RULE_PREVIEW_SCAN_LIMIT). */
    scanned: v.number(),
    complete: v.boolean(),
    changes: v.array(
      v.object({
        allocation_id: v.id("module_allocations"),
        iteration_code: v.string(),
        allocation_type: v.string(),
        lecturer_id: v.id("lecturers"),
        share: v.number(),
        computed_before: v.number(),
        computed_after: v.number(),
      }),
    ),
  }),
  handler: async (ctx, args) => {
    const sample = validateRule(args.rule);
    const loader = new WorkloadLoader(ctx.db);
    const current = await loader.rules(args.academicYearId);
    const draft = { ...cleanRule(args.rule), _id: args.ruleId ?? "draft" };
    const whatIf = [...current.filter((r) => r._id !== args.ruleId), draft] as CalculationRule[];
    // The allocations the caller may see: a scoped reader previews their scope.
    const rows = await scopedList(ctx, "module_allocations", { academicYearId: args.academicYearId }).take(RULE_PREVIEW_SCAN_LIMIT + 1);
    // A year bigger than one query may read is previewed on its first allocations, and says so.
    const complete = rows.length <= RULE_PREVIEW_SCAN_LIMIT;
    if (!complete) rows.pop();
    const changes = [];
    let before = 0;
    let after = 0;
    let formulaErrors = 0;
    for (const row of rows) {
      const next = await loader.compute(row, whatIf);
      if (next.explanation.rule?._id === draft._id && next.explanation.notes.some((n) => n.includes("failed"))) formulaErrors++;
      if (next.computed_hours === row.computed_hours) continue;
      before += row.computed_hours;
      after += next.computed_hours;
      changes.push({
        allocation_id: row._id,
        iteration_code: next.bundle.iteration.code,
        allocation_type: next.type.name,
        lecturer_id: row.lecturer_id,
        share: row.share,
        computed_before: row.computed_hours,
        computed_after: next.computed_hours,
      });
    }
    return {
      sample_result: sample,
      formula_errors: formulaErrors,
      changed_count: changes.length,
      lecturer_count: new Set(changes.map((c) => c.lecturer_id)).size,
      hours_before: cleanHours(before),
      hours_after: cleanHours(after),
      scanned: rows.length,
      complete,
      changes: changes.slice(0, args.limit ?? RULE_PREVIEW_LIST_LIMIT),
    };
  },
});

export const create = orgMutation({
  permission: "rules.edit",
  args: { academicYearId: v.id("academic_years"), rule: vRuleInput },
  returns: vRuleWriteResult,
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const sample = validateRule(args.rule);
    const id = await ctx.db.insert("workload_calculation_rules", {
      ...cleanRule(args.rule),
      organisation_id: ctx.organisationId,
      academic_year_id: args.academicYearId,
      version: 1,
      created_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const job = await recompute(ctx, args.academicYearId, `rule "${args.rule.name}" added`);
    return { id, version: 1, sample_result: sample, recompute_job_id: job };
  },
});

export const update = orgMutation({
  permission: "rules.edit",
  args: {
    ruleId: v.id("workload_calculation_rules"),
    expectedVersion: v.number(),
    patch: v.object({
      name: v.optional(v.string()),
      description: v.optional(v.string()),
      formula: v.optional(v.string()),
      conditions: v.optional(vConditions),
      priority: v.optional(v.number()),
      /** null clears the bound. */
      min_hours: v.optional(v.union(v.number(), v.null())),
      max_hours: v.optional(v.union(v.number(), v.null())),
      rounding: v.optional(vRounding),
      rounding_step: v.optional(v.number()),
      is_active: v.optional(v.boolean()),
    }),
  },
  returns: vRuleWriteResult,
  handler: async (ctx, args) => {
    const existing = await getOrThrow(ctx.db, args.ruleId, "rule");
    checkVersion(existing, args.expectedVersion, "rule");
    const { patch } = args;
    const merged: RuleInput = {
      ...pickInput(existing),
      ...(Object.fromEntries(Object.entries(patch).filter(([, val]) => val !== undefined && val !== null)) as Partial<RuleInput>),
    };
    if (patch.min_hours === null) delete merged.min_hours;
    if (patch.max_hours === null) delete merged.max_hours;
    const sample = validateRule(merged);
    const version = existing.version + 1;
    await ctx.db.replace(existing._id, {
      ...pickSystem(existing),
      ...cleanRule(merged),
      version,
      updated_at: ctx.now,
    });
    const job = await recompute(ctx, existing.academic_year_id, `rule "${merged.name}" changed`);
    return { id: existing._id, version, sample_result: sample, recompute_job_id: job };
  },
});

export const remove = orgMutation({
  permission: "rules.edit",
  args: { ruleId: v.id("workload_calculation_rules"), expectedVersion: v.number() },
  returns: v.object({ id: v.id("workload_calculation_rules"), version: v.number(), recompute_job_id: v.id("jobs") }),
  handler: async (ctx, args) => {
    const existing = await getOrThrow(ctx.db, args.ruleId, "rule");
    checkVersion(existing, args.expectedVersion, "rule");
    const version = existing.version + 1;
    await ctx.db.patch(existing._id, { deleted_at: ctx.now, updated_at: ctx.now, version });
    const job = await recompute(ctx, existing.academic_year_id, `rule "${existing.name}" deleted`);
    return { id: existing._id, version, recompute_job_id: job };
  },
});

export const restore = orgMutation({
  permission: "rules.edit",
  args: { ruleId: v.id("workload_calculation_rules") },
  returns: v.object({ id: v.id("workload_calculation_rules"), version: v.number(), recompute_job_id: v.id("jobs") }),
  handler: async (ctx, args) => {
    const existing = await getOrThrow(ctx.dbWithDeleted, args.ruleId, "rule");
    if (existing.deleted_at === undefined) throw appError("INVALID_ARGUMENT", "This rule is not deleted.");
    validateRule(pickInput(existing));
    const version = existing.version + 1;
    await ctx.dbWithDeleted.patch(existing._id, { deleted_at: undefined, updated_at: ctx.now, version });
    const job = await recompute(ctx, existing.academic_year_id, `rule "${existing.name}" restored`);
    return { id: existing._id, version, recompute_job_id: job };
  },
});

// --- shared ---------------------------------------------------------------------

/** Refuses a rule that cannot be computed; returns its result with the sample values. */
function validateRule(rule: RuleInput): number {
  requireName(rule.name, "rule");
  const checked = checkFormula(rule.formula, sampleVariables());
  if (!checked.ok) {
    throw appError("INVALID_ARGUMENT", checked.error.message, {
      field: "formula",
      position: checked.error.position,
      reason: checked.error.reason,
    });
  }
  if (checked.value < 0 && rule.min_hours === undefined) {
    throw appError(
      "INVALID_ARGUMENT",
      `With the sample values the formula gives ${cleanHours(checked.value)} h; hours cannot be negative (or set a minimum to bound it).`,
      { field: "formula" },
    );
  }
  requireRange(rule.min_hours, RANGES.ruleHours, "min_hours");
  requireRange(rule.max_hours, RANGES.ruleHours, "max_hours");
  requireRange(rule.priority, RANGES.rulePriority, "priority");
  requireRange(rule.rounding_step, RANGES.roundingStep, "rounding_step");
  for (const level of rule.conditions.module_levels ?? []) requireRange(level, RANGES.moduleLevel, "conditions");
  if (rule.min_hours !== undefined && rule.max_hours !== undefined && rule.min_hours > rule.max_hours) {
    throw appError("INVALID_ARGUMENT", "The minimum hours are above the maximum.", { field: "min_hours" });
  }
  if (rule.rounding !== "none" && !(rule.rounding_step > 0)) {
    throw appError("INVALID_ARGUMENT", "Rounding needs a step above 0 (e.g. 0.5 hours).", { field: "rounding_step" });
  }
  return checked.value;
}

function cleanRule(rule: RuleInput): RuleInput {
  return { ...rule, name: rule.name.trim(), formula: rule.formula.trim() };
}

function pickInput(doc: Doc<"workload_calculation_rules">): RuleInput {
  const { name, description, formula, conditions, priority, min_hours, max_hours, rounding, rounding_step, is_active } = doc;
  return { name, description, formula, conditions, priority, min_hours, max_hours, rounding, rounding_step, is_active };
}

function pickSystem(doc: Doc<"workload_calculation_rules">) {
  const { organisation_id, academic_year_id, created_by, created_at } = doc;
  return { organisation_id, academic_year_id, created_by, created_at };
}

async function recompute(ctx: OrgMutationCtx, yearId: Doc<"academic_years">["_id"], reason: string) {
  return await scheduleYearRecompute(ctx, ctx.organisationId, yearId, reason);
}
