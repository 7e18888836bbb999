/** The backend's rule input from the editor's draft, or the messages saying what to fix. */
import type { RuleDraft, RuleInput } from "./ruleDraft";

export function ruleFromDraft(d: RuleDraft): { rule: RuleInput | null; errors: Partial<Record<keyof RuleDraft, string>> } {
  const errors: Partial<Record<keyof RuleDraft, string>> = {};
  const num = (s: string, key: keyof RuleDraft, label: string) => {
    if (s.trim() === "") return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) errors[key] = `${label} must be a number.`;
    return n;
  };
  if (d.name.trim().length < 2) errors.name = "Give the rule a name.";
  if (!d.formula.trim()) errors.formula = "Enter a formula.";
  const priority = num(d.priority, "priority", "Priority");
  if (priority === undefined) errors.priority = "Priority is required.";
  const min = num(d.minHours, "minHours", "Minimum hours");
  const max = num(d.maxHours, "maxHours", "Maximum hours");
  if (min !== undefined && max !== undefined && min > max) errors.maxHours = "The maximum must be at least the minimum.";
  const step = num(d.roundingStep, "roundingStep", "Rounding step") ?? 0;
  if (d.rounding !== "none" && !(step > 0)) errors.roundingStep = "Rounding needs a step above 0.";
  const levels = d.levels
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .map(Number);
  if (levels.some((n) => !Number.isInteger(n) || n < 3 || n > 8)) errors.levels = "Levels are whole numbers 3–8, separated by commas.";
  const codes = d.typeCodes
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  if (Object.keys(errors).length) return { rule: null, errors };
  const conditions: RuleInput["conditions"] = {};
  if (codes.length) conditions.allocation_type_codes = codes;
  if (d.workCategories.length) conditions.work_categories = d.workCategories;
  if (levels.length) conditions.module_levels = levels;
  if (d.semesters.length) conditions.semesters = d.semesters;
  if (d.firstTime) conditions.first_time = d.firstTime === "yes";
  return {
    rule: {
      name: d.name.trim(),
      ...(d.description.trim() ? { description: d.description.trim() } : {}),
      formula: d.formula.trim(),
      conditions,
      priority: priority!,
      ...(min !== undefined ? { min_hours: min } : {}),
      ...(max !== undefined ? { max_hours: max } : {}),
      rounding: d.rounding,
      rounding_step: step || 0.5,
      is_active: d.isActive,
    },
    errors,
  };
}
