/** The live dashboard for the chosen year and filters, with coverage gaps (see normaliseOverview for its shape). */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { dashboardFilterArgs, type DashboardFilters } from "@/features/workload/hooks/useListLecturerTotals";
import { normaliseOverview, type Overview } from "../utils/normaliseOverview";

export function useGetDashboard(filters: DashboardFilters): Overview | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const raw = useQuery(api.workload.dashboard.overview, academicYearId ? { organisationId, academicYearId, ...dashboardFilterArgs(filters) } : "skip") as
    Record<string, unknown> | undefined;
  const gaps = useQuery(
    api.workload.dashboard.coverageGaps,
    academicYearId
      ? {
          organisationId,
          academicYearId,
          ...dashboardFilterArgs({ facultyId: filters.facultyId, departmentId: filters.departmentId }),
        }
      : "skip",
  ) as Record<string, unknown>[] | undefined;
  return useMemo(() => (raw ? normaliseOverview({ ...raw, coverage_gaps: gaps ?? [] }) : undefined), [raw, gaps]);
}
