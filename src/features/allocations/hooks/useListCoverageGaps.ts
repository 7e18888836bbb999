/** Iterations of the year whose components are not covered exactly 100%, by iteration id (live). */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type IterationGap = { status: "under" | "over" | "unallocated"; count: number };

export function useListCoverageGaps(): Map<string, IterationGap> {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.workload.dashboard.coverageGaps, academicYearId ? { organisationId, academicYearId } : "skip");
  return useMemo(() => {
    const m = new Map<string, IterationGap>();
    for (const r of rows ?? []) {
      const status = r.unallocated ? "unallocated" : r.gaps.some((g) => g.status === "over") ? "over" : "under";
      m.set(r.iteration_id, { status, count: r.gaps.length + r.groups_without_lecturer.length });
    }
    return m;
  }, [rows]);
}
