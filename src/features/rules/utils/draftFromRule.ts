/** The editor's draft of a rule (or of a new one). */
import type { Rule, RuleDraft } from "./ruleDraft";

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
