/** What-if for a draft rule: the year's allocations whose hours would change, before and after. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { RuleInput } from "../utils/ruleDraft";

export type RulePreview = FunctionReturnType<typeof api.workload.rules.preview>;

export function usePreviewRule(rule: RuleInput | null, ruleId: string | null): RulePreview | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  return useQuery(
    api.workload.rules.preview,
    rule && academicYearId ? { organisationId, academicYearId, rule, ...(ruleId ? { ruleId: toId<"workload_calculation_rules">(ruleId) } : {}), limit: 20 } : "skip",
  );
}
