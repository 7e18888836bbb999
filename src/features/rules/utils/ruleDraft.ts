/**
 * A calculation rule as the editor holds it (text fields for lists) and its
 * conversion to the backend's rule input, with messages for bad values.
 */
export type Rule = {
  _id: string;
  name: string;
  description?: string;
  formula: string;
  conditions: {
    allocation_type_codes?: string[];
    work_categories?: string[];
    module_levels?: number[];
    semesters?: string[];
    first_time?: boolean;
  };
  priority: number;
  min_hours?: number;
  max_hours?: number;
  rounding: "none" | "nearest" | "up" | "down";
  rounding_step: number;
  is_active: boolean;
  version: number;
};

export type RuleDraft = {
  name: string;
  description: string;
  formula: string;
  typeCodes: string;
  workCategories: string[];
  levels: string;
  semesters: string[];
  firstTime: "" | "yes" | "no";
  priority: string;
  minHours: string;
  maxHours: string;
  rounding: Rule["rounding"];
  roundingStep: string;
  isActive: boolean;
};

export function draftFromRule(r: Rule | null): RuleDraft {
  return {
    name: r?.name ?? "",
    description: r?.description ?? "",
    formula: r?.formula ?? "",
    typeCodes: r?.conditions.allocation_type_codes?.join(", ") ?? "",
    workCategories: r?.conditions.work_categories ?? [],
    levels: r?.conditions.module_levels?.join(", ") ?? "",
    semesters: r?.conditions.semesters ?? [],
    firstTime: r?.conditions.first_time === undefined ? "" : r.conditions.first_time ? "yes" : "no",
    priority: String(r?.priority ?? 10),
    minHours: r?.min_hours !== undefined ? String(r.min_hours) : "",
    maxHours: r?.max_hours !== undefined ? String(r.max_hours) : "",
    rounding: r?.rounding ?? "none",
    roundingStep: String(r?.rounding_step ?? 0.5),
    isActive: r?.is_active ?? true,
  };
}

export type RuleInput = Omit<Rule, "_id" | "version">;

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
