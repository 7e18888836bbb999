/** The live dashboard for the chosen year and filters, with coverage gaps (see buildOverview for its shape). */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { dashboardFilterArgs, type DashboardFilters } from "@/features/workload/hooks/useListLecturerTotals";
import { buildOverview, type Overview } from "../utils/buildOverview";

export function useGetDashboard(filters: DashboardFilters): Overview | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const overview = useQuery(api.workload.dashboard.overview, academicYearId ? { organisationId, academicYearId, ...dashboardFilterArgs(filters) } : "skip");
  const gaps = useQuery(
    api.workload.dashboard.coverageGaps,
    academicYearId ? { organisationId, academicYearId, ...dashboardFilterArgs({ facultyId: filters.facultyId, departmentId: filters.departmentId }) } : "skip",
  );
  return useMemo(() => (overview ? buildOverview(overview, gaps ?? []) : undefined), [overview, gaps]);
}
