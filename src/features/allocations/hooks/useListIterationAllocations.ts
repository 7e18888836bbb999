/** The live allocations of one iteration: another planner's edit arrives without a reload. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AllocationRow } from "../utils/allocationTypes";

export function useListIterationAllocations(iterationId: string | null): AllocationRow[] | undefined {
  const { organisationId } = useWorkspace();
  const raw = useQuery(api.workload.allocations.listForIteration, iterationId ? { organisationId, moduleIterationId: iterationId } : "skip") as
    | AllocationRow[]
    | { allocations: AllocationRow[] }
    | undefined;
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw : raw.allocations ?? [];
}
