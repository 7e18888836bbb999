/** A lecturer accepts or queries (with a comment) one of their allocations. */
import { useMutation } from "convex/react";
import { useCallback } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useRespondToAllocation() {
  const { organisationId } = useWorkspace();
  const respond = useMutation(api.workload.allocations.respond);
  return useCallback(
    (allocationId: string, expectedVersion: number, status: "accepted" | "queried", comment?: string) =>
      respond({ organisationId, allocationId: toId<"module_allocations">(allocationId), expectedVersion, status, ...(comment ? { comment } : {}) }),
    [organisationId, respond],
  );
}
