/** One lecturer-year's module allocations (own, or any with allocations.view), live. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { AllocationRow } from "../utils/allocationTypes";

export function useListLecturerAllocations(lecturerId: string | null): AllocationRow[] | undefined {
  const { organisationId } = useWorkspace();
  const raw = useQuery(api.workload.allocations.listForLecturer, lecturerId ? { organisationId, lecturerId: toId<"lecturers">(lecturerId) } : "skip") as
    (Omit<AllocationRow, "_id"> & { id: string })[] | undefined;
  return useMemo(
    () => raw?.map((a) => ({ ...a, _id: a.id })).sort((a, b) => (a.iteration_code ?? "").localeCompare(b.iteration_code ?? "")),
    [raw],
  );
}
