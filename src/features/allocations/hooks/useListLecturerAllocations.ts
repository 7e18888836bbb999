/** One lecturer-year's module allocations (own, or any with allocations.view), live, by iteration code. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AllocationRow } from "../utils/allocationTypes";

export function useListLecturerAllocations(lecturerId: string | null): AllocationRow[] | undefined {
  const { organisationId } = useWorkspace();
  const rows = useQuery(api.workload.allocations.listForLecturer, lecturerId ? { organisationId, lecturerId: toId<"lecturers">(lecturerId) } : "skip");
  return useMemo(() => rows && [...rows].sort((a, b) => a.iteration_code.localeCompare(b.iteration_code)), [rows]);
}
