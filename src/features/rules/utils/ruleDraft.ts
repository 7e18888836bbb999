/**
 * The shapes of a calculation rule: as the backend stores it (`Rule`), as it
 * takes it (`RuleInput`), and as the editor holds it (`RuleDraft`, text
 * fields for lists). Conversions: draftFromRule.ts and ruleFromDraft.ts.
 */
import type { FunctionArgs, FunctionReturnType } from "convex/server";
import type { Semester, WorkCategory } from "@convex/lib/workload/types";
import type { api } from "@/lib/api";

export type Rule = FunctionReturnType<typeof api.workload.rules.list>[number];

export type RuleDraft = {
  name: string;
  description: string;
  formula: string;
  typeCodes: string;
  workCategories: WorkCategory[];
  levels: string;
  semesters: Semester[];
  firstTime: "" | "yes" | "no";
  priority: string;
  minHours: string;
  maxHours: string;
  rounding: Rule["rounding"];
  roundingStep: string;
  isActive: boolean;
};

export type RuleInput = FunctionArgs<typeof api.workload.rules.create>["rule"];
