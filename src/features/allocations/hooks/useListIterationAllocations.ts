/** The live allocations of one iteration: another planner's edit arrives without a reload. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AllocationRow } from "../utils/allocationTypes";

export function useListIterationAllocations(iterationId: string | null): AllocationRow[] | undefined {
  const { organisationId } = useWorkspace();
  const raw = useQuery(api.workload.allocations.listForIteration, iterationId ? { organisationId, iterationId: toId<"module_iterations">(iterationId) } : "skip") as
    (Omit<AllocationRow, "_id"> & { id: string })[] | undefined;
  return useMemo(() => raw?.map((a) => ({ ...a, _id: a.id })), [raw]);
}
