/**
 * Every lecturer's live totals for the chosen year (allocated and contract
 * hours, utilisation, band), optionally filtered by faculty, department or
 * team. Kept up to date by the backend's triggers, so this is one row per
 * lecturer and stays fast at thousands of lecturers.
 */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type LecturerTotalsRow = FunctionReturnType<typeof api.workload.dashboard.lecturers>[number];

export type DashboardFilters = { facultyId?: string; departmentId?: string; teamId?: string };

/** The filters as the dashboard functions take them (typed ids; unset ones left out). */
export function dashboardFilterArgs(f: DashboardFilters) {
  return {
    ...(f.facultyId ? { facultyId: toId<"faculties">(f.facultyId) } : {}),
    ...(f.departmentId ? { departmentId: toId<"departments">(f.departmentId) } : {}),
    ...(f.teamId ? { teamId: toId<"teams">(f.teamId) } : {}),
  };
}

/** `enabled: false` skips the query (e.g. for someone without allocations.view). */
export function useListLecturerTotals(filters: DashboardFilters = {}, enabled = true): LecturerTotalsRow[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const args = academicYearId && enabled ? { organisationId, academicYearId, ...dashboardFilterArgs(filters) } : "skip";
  return useQuery(api.workload.dashboard.lecturers, args);
}
