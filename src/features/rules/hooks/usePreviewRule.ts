/** What-if for a draft rule: the year's allocations whose hours would change, before and after. */
import { useQuery } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { RuleInput } from "../utils/ruleDraft";

export type RulePreview = {
  sample_result: number;
  changed_count: number;
  hours_before: number;
  hours_after: number;
  /** Allocations looked at; the year has more when `complete` is false. */
  scanned: number;
  complete: boolean;
  changes: {
    allocation_id: string;
    iteration_code: string;
    allocation_type: string;
    lecturer_id: string;
    share: number;
    computed_before: number;
    computed_after: number;
  }[];
};

export function usePreviewRule(rule: RuleInput | null, ruleId: string | null): RulePreview | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  return useQuery(
    api.workload.rules.preview,
    rule && academicYearId ? { organisationId, academicYearId, rule: rule as FunctionArgs<typeof api.workload.rules.preview>["rule"], ...(ruleId ? { ruleId: toId<"workload_calculation_rules">(ruleId) } : {}), limit: 20 } : "skip",
  ) as RulePreview | undefined;
}
