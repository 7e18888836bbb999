/**
 * Every lecturer's live totals for the chosen year (allocated and contract
 * hours, utilisation, band), optionally filtered by faculty, department or
 * team. Kept up to date by the backend's triggers, so this is one row per
 * lecturer and stays fast at thousands of lecturers.
 */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type LecturerTotalsRow = {
  lecturer_id: string;
  profile_id: string;
  full_name: string;
  faculty_id?: string;
  department_id?: string;
  team_id?: string;
  fte: number;
  contract_family: string;
  contract_hours: number;
  max_teaching_hours: number;
  category_hours: Record<string, number>;
  semester_hours: { S1: number; S2: number; S3: number };
  allocated_hours: number;
  teaching_hours: number;
  capacity_hours: number;
  utilisation: number;
  band: string;
  allocation_count: number;
};

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
  return useQuery(api.workload.dashboard.lecturers, args) as LecturerTotalsRow[] | undefined;
}
