/**
 * Choosing and applying a calculation rule. Among a year's active rules whose
 * conditions all hold for an allocation, the highest priority wins (ties: the
 * most specific, then by name, so the choice never depends on storage order);
 * its formula is evaluated, clamped to min/max and rounded.
 */
import { evaluateFormula, FormulaEvaluationError, parseFormula } from "./expression";
import { cleanHours, roundToStep } from "./numbers";
import type { CalculationRule, Semester, WorkCategory } from "./types";
import type { Variables } from "./variables";

/** What a rule's conditions are tested against. */
export type RuleFacts = {
  allocation_type_code: string;
  work_category: WorkCategory;
  module_level: number;
  semester: Semester;
  first_time: boolean;
};

export function ruleMatches(rule: CalculationRule, facts: RuleFacts): boolean {
  const c = rule.conditions;
  if (!rule.is_active) return false;
  if (c.allocation_type_codes?.length && !c.allocation_type_codes.includes(facts.allocation_type_code)) return false;
  if (c.work_categories?.length && !c.work_categories.includes(facts.work_category)) return false;
  if (c.module_levels?.length && !c.module_levels.includes(facts.module_level)) return false;
  if (c.semesters?.length && !c.semesters.includes(facts.semester)) return false;
  if (c.first_time !== undefined && c.first_time !== facts.first_time) return false;
  return true;
}

function specificity(rule: CalculationRule): number {
  return Object.values(rule.conditions).filter((v) => v !== undefined && (!Array.isArray(v) || v.length > 0)).length;
}

/** The rule that applies to `facts`, or null when none does. */
export function selectRule<R extends CalculationRule>(rules: readonly R[], facts: RuleFacts): R | null {
  const matching = rules.filter((r) => ruleMatches(r, facts));
  matching.sort(
    (a, b) => b.priority - a.priority || specificity(b) - specificity(a) || a.name.localeCompare(b.name),
  );
  return matching[0] ?? null;
}

/** The steps from formula to hours, each kept for the explain view. */
export type RuleEvaluation = {
  formula_result: number;
  clamped: number;
  hours: number;
  error?: string;
};

/**
 * Evaluates `rule` with `variables`: formula, then min/max, then rounding.
 * A failing formula, or a negative result that no minimum bounds (hours are
 * never negative), gives 0 h and an error the explanation shows.
 */
export function applyRule(rule: CalculationRule, variables: Variables): RuleEvaluation {
  const parsed = parseFormula(rule.formula);
  if (!parsed.ok) return { formula_result: 0, clamped: 0, hours: 0, error: parsed.error.message };
  let raw: number;
  try {
    raw = evaluateFormula(parsed.formula, variables);
  } catch (e) {
    const reason = e instanceof FormulaEvaluationError ? e.reason : String(e);
    return { formula_result: 0, clamped: 0, hours: 0, error: reason };
  }
  if (raw < 0 && rule.min_hours === undefined) {
    return { formula_result: raw, clamped: 0, hours: 0, error: `The formula gives a negative result (${cleanResult(raw)} h); hours cannot be negative.` };
  }
  let clamped = raw;
  if (rule.min_hours !== undefined) clamped = Math.max(clamped, rule.min_hours);
  if (rule.max_hours !== undefined) clamped = Math.min(clamped, rule.max_hours);
  return { formula_result: raw, clamped, hours: roundToStep(clamped, rule.rounding, rule.rounding_step) };
}

const cleanResult = (x: number) => cleanHours(x);
