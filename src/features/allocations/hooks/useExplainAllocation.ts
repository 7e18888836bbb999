/** How an allocation's hours were computed (rule, variables, rounding); loads only while shown. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AllocationExplanation } from "@convex/lib/workload/allocation";

export type Explanation = AllocationExplanation & { stored_up_to_date?: boolean; lecturer?: { id: string; name: string } };

export function useExplainAllocation(allocationId: string | null): Explanation | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.workload.explain.explainAllocation, allocationId ? { organisationId, allocationId: toId<"module_allocations">(allocationId) } : "skip") as
    Explanation | undefined;
}
