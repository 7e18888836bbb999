/** How an allocation's hours were computed (rule, variables, rounding); loads only while shown. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type Explanation = FunctionReturnType<typeof api.workload.explain.explainAllocation>;

export function useExplainAllocation(allocationId: string | null): Explanation | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.workload.explain.explainAllocation, allocationId ? { organisationId, allocationId: toId<"module_allocations">(allocationId) } : "skip");
}
