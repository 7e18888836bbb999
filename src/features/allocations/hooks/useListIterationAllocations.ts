/**
 * The live allocations of one iteration the caller may see, each saying
 * whether they may change it (and why not); another planner's edit arrives
 * without a reload.
 */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { IterationAllocations } from "../utils/allocationTypes";

export function useListIterationAllocations(iterationId: string | null): IterationAllocations | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.workload.allocations.listForIteration, iterationId ? { organisationId, iterationId: toId<"module_iterations">(iterationId) } : "skip");
}
