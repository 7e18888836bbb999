/**
 * One module allocation's hours: the variables from the iteration, group and
 * share; the rule chosen for them; the result clamped and rounded; an
 * override (with its reason) replacing it; the hours split by semester. The
 * explanation returned alongside is what the UI shows next to the number.
 */
import { CONTACT_TYPE_CODE, SHARE_STEP_PERCENT } from "./defaults";
import { cleanHours } from "./numbers";
import { parseFormula } from "./expression";
import { applyRule, selectRule, type RuleFacts } from "./rules";
import { semesterFractions, splitHours } from "./semesters";
import type { AllocationTypeInfo, CalculationRule, Semester, SemesterSplit, WorkCategory, WorkloadSettings } from "./types";
import { VARIABLES, VARIABLE_NAMES, type VariableName, type Variables } from "./variables";

/** What the engine needs of an iteration (with its module, groups and assessments). */
export type IterationFacts = {
  credits: number;
  level: number;
  semester: Semester;
  semester_split?: SemesterSplit;
  student_count: number;
  max_group_size?: number;
  teaching_weeks?: number;
  contact_hours_override?: number;
  intakes: number;
  groups: { id: string; name?: string; student_count: number }[];
  assessments: { marking_hours_per_script: number }[];
};

export type AllocationRequest = {
  allocation_type: AllocationTypeInfo;
  group_id?: string | null;
  /** Percent of the component, 0..100. */
  share: number;
  first_time: boolean;
  hours_override?: number;
  override_reason?: string;
};

export type RuleSummary = Pick<
  CalculationRule,
  "_id" | "name" | "formula" | "priority" | "min_hours" | "max_hours" | "rounding" | "rounding_step"
>;

export type AllocationExplanation = {
  rule: RuleSummary | null;
  variables: { name: VariableName; value: number; description: string; used: boolean }[];
  formula_result: number;
  after_min_max: number;
  computed_hours: number;
  override: { hours: number; reason: string } | null;
  hours: number;
  semester_fractions: SemesterSplit;
  semester_hours: SemesterSplit;
  /** Where `contact_hours` came from. */
  contact_hours_source: "iteration override" | "contact rule" | "no contact rule";
  notes: string[];
};

export type AllocationResult = {
  computed_hours: number;
  hours: number;
  work_category: WorkCategory;
  semester_hours: SemesterSplit;
  explanation: AllocationExplanation;
};

/** The hours an allocation row counts for: its override when set, else the computed hours. */
export function effectiveHours(row: { hours_override?: number; computed_hours: number }): number {
  return row.hours_override ?? row.computed_hours;
}

/**
 * The share (percent) that `hours` are of a component whose full hours (at a
 * 100% share) are `fullHours`: what hours typed into an empty cell are
 * stored as, so coverage stays a sum of shares. Capped at 100%; a component
 * worth 0 h is taken whole.
 */
export function shareForHours(hours: number, fullHours: number): number {
  if (!(fullHours > 0)) return 100;
  const steps = Math.round((hours / fullHours) * 100 / SHARE_STEP_PERCENT);
  return Math.min(100, Math.max(SHARE_STEP_PERCENT, cleanHours(steps * SHARE_STEP_PERCENT)));
}

function groupSize(iteration: IterationFacts, settings: WorkloadSettings): number {
  return iteration.max_group_size ?? settings.default_max_group_size;
}

/** Groups of the whole iteration: those defined, else the cohort split by the maximum group size. */
export function iterationGroupCount(iteration: IterationFacts, settings: WorkloadSettings): number {
  if (iteration.groups.length > 0) return iteration.groups.length;
  const size = groupSize(iteration, settings);
  return size > 0 ? Math.ceil(iteration.student_count / size) : 1;
}

function baseFacts(iteration: IterationFacts, code: string, category: WorkCategory, firstTime: boolean): RuleFacts {
  return {
    allocation_type_code: code,
    work_category: category,
    module_level: iteration.level,
    semester: iteration.semester,
    first_time: firstTime,
  };
}

/** The iteration's contact hours per group: its override, else the contact rule for one group at a full share. */
export function contactHoursPerGroup(
  iteration: IterationFacts,
  rules: readonly CalculationRule[],
  settings: WorkloadSettings,
): { value: number; source: AllocationExplanation["contact_hours_source"] } {
  if (iteration.contact_hours_override !== undefined) {
    return { value: iteration.contact_hours_override, source: "iteration override" };
  }
  const rule = selectRule(rules, baseFacts(iteration, CONTACT_TYPE_CODE, "teaching", false));
  if (!rule) return { value: 0, source: "no contact rule" };
  const students = iteration.groups.length > 0 ? iteration.groups[0].student_count : Math.min(iteration.student_count, groupSize(iteration, settings));
  const vars = buildVariables(iteration, settings, { students, groups: 1, share: 1, first_time: 0, contact_hours: 0 });
  return { value: applyRule(rule, vars).hours, source: "contact rule" };
}

function buildVariables(
  iteration: IterationFacts,
  settings: WorkloadSettings,
  own: Pick<Variables, "students" | "groups" | "share" | "first_time" | "contact_hours">,
): Variables {
  return {
    credits: iteration.credits,
    level: iteration.level,
    group_size: groupSize(iteration, settings),
    assessments: iteration.assessments.length,
    script_hours: cleanHours(iteration.assessments.reduce((sum, a) => sum + a.marking_hours_per_script, 0)),
    weeks: iteration.teaching_weeks ?? settings.teaching_weeks,
    intakes: iteration.intakes,
    ...own,
  };
}

/** Computes one allocation. Never throws: problems become 0 h with a note in the explanation. */
export function computeAllocation(
  request: AllocationRequest,
  iteration: IterationFacts,
  rules: readonly CalculationRule[],
  settings: WorkloadSettings,
): AllocationResult {
  const type = request.allocation_type;
  const notes: string[] = [];
  const group = request.group_id ? iteration.groups.find((g) => g.id === request.group_id) : undefined;
  if (request.group_id && !group) notes.push("The allocation's group no longer exists; the whole iteration is used.");

  const perGroup = type.basis === "group" && group !== undefined;
  const contact = contactHoursPerGroup(iteration, rules, settings);
  const variables = buildVariables(iteration, settings, {
    students: perGroup ? group.student_count : iteration.student_count,
    groups: perGroup ? 1 : iterationGroupCount(iteration, settings),
    share: request.share / 100,
    first_time: request.first_time ? 1 : 0,
    contact_hours: contact.value,
  });

  const rule = selectRule(rules, baseFacts(iteration, type.code, type.work_category, request.first_time));
  let formulaResult = 0;
  let afterMinMax = 0;
  let computed = 0;
  if (rule) {
    const evaluation = applyRule(rule, variables);
    formulaResult = evaluation.formula_result;
    afterMinMax = evaluation.clamped;
    computed = evaluation.hours;
    if (evaluation.error) notes.push(`The rule "${rule.name}" failed: ${evaluation.error}`);
  } else {
    notes.push(`No active rule of this year applies to "${type.name}"; it counts 0 h unless overridden.`);
  }

  const override =
    request.hours_override !== undefined
      ? { hours: cleanHours(request.hours_override), reason: request.override_reason ?? "" }
      : null;
  const hours = override ? override.hours : computed;
  const fractions = semesterFractions(iteration.semester, iteration.semester_split, settings.default_year_split);
  const semesterHours = splitHours(hours, fractions);
  const parsed = rule ? parseFormula(rule.formula) : null;
  const used = new Set<string>(parsed?.ok ? parsed.formula.variables : []);

  return {
    computed_hours: computed,
    hours,
    work_category: type.work_category,
    semester_hours: semesterHours,
    explanation: {
      rule: rule
        ? {
            _id: rule._id,
            name: rule.name,
            formula: rule.formula,
            priority: rule.priority,
            min_hours: rule.min_hours,
            max_hours: rule.max_hours,
            rounding: rule.rounding,
            rounding_step: rule.rounding_step,
          }
        : null,
      variables: VARIABLE_NAMES.map((name) => ({
        name,
        value: variables[name],
        description: VARIABLES[name].description,
        used: used.has(name),
      })),
      formula_result: cleanHours(formulaResult),
      after_min_max: cleanHours(afterMinMax),
      computed_hours: computed,
      override,
      hours,
      semester_fractions: fractions,
      semester_hours: semesterHours,
      contact_hours_source: contact.source,
      notes,
    },
  };
}

