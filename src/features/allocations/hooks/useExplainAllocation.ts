/** How an allocation's hours were computed (rule, variables, rounding); loads only while shown. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AllocationExplanation } from "@convex/lib/workload/allocation";

export type Explanation = AllocationExplanation & { warnings?: unknown[] };

export function useExplainAllocation(allocationId: string | null): Explanation | undefined {
  const { organisationId } = useWorkspace();
  const raw = useQuery(api.workload.explain.explainAllocation, allocationId ? { organisationId, allocationId } : "skip") as
    | Explanation
    | { explanation: Explanation }
    | undefined;
  if (!raw) return undefined;
  return "explanation" in raw && raw.explanation ? { ...raw.explanation, ...(raw as object) } : (raw as Explanation);
}
