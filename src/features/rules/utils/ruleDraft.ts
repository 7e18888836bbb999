/**
 * The shapes of a calculation rule: as the backend stores it (`Rule`), as it
 * takes it (`RuleInput`), and as the editor holds it (`RuleDraft`, text
 * fields for lists). Conversions: draftFromRule.ts and ruleFromDraft.ts.
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

export type RuleInput = Omit<Rule, "_id" | "version">;
