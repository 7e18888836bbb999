/** A planner answers a lecturer's query; the lecturer is told. */
import { useMutation } from "convex/react";
import { useCallback } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useReplyToQuery() {
  const { organisationId } = useWorkspace();
  const reply = useMutation(api.workload.allocations.reply);
  return useCallback(
    (allocationId: string, expectedVersion: number, message: string) =>
      reply({ organisationId, allocationId: toId<"module_allocations">(allocationId), expectedVersion, message }),
    [organisationId, reply],
  );
}
