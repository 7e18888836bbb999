/**
 * The lecturers of the chosen year joined with their profiles (names,
 * email): one row per lecturer-year, sorted by name. Used by pickers and the
 * lecturer list.
 */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useListLecturerProfiles, type LecturerProfileRow } from "./useListLecturerProfiles";

export type YearLecturerRow = {
  _id: string;
  profile_id: string;
  status_id?: string;
  department_id?: string;
  team_id?: string;
  fte: number;
  contract_family: string;
  contract_start?: string;
  contract_end?: string;
  contract_hours_adjustment?: number;
  adjustment_reason?: string;
  notes?: string;
  version: number;
  profile?: LecturerProfileRow;
  full_name: string;
};

export function useListYearLecturers(): YearLecturerRow[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.staff.lecturers.all, academicYearId ? { organisationId, academicYearId } : "skip") as
    YearLecturerRow[] | undefined;
  const profiles = useListLecturerProfiles();
  return useMemo(() => {
    if (!rows || !profiles) return undefined;
    const byId = new Map(profiles.map((p) => [p._id, p]));
    return rows
      .map((r) => {
        const profile = byId.get(r.profile_id);
        return { ...r, profile, full_name: profile?.full_name ?? "Unknown lecturer" };
      })
      .sort((a, b) => a.full_name.localeCompare(b.full_name));
  }, [rows, profiles]);
}
