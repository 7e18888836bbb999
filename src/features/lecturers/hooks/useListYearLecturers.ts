/**
 * The lecturers of the chosen year joined with their profiles (names,
 * email): one row per lecturer-year, sorted by name. Used by pickers and the
 * lecturer list.
 */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useListLecturerProfiles, type LecturerProfileRow } from "./useListLecturerProfiles";

export type YearLecturerRow = FunctionReturnType<typeof api.staff.lecturers.all>[number] & { profile?: LecturerProfileRow; full_name: string };

export function useListYearLecturers(): YearLecturerRow[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.staff.lecturers.all, academicYearId ? { organisationId, academicYearId } : "skip");
  const profiles = useListLecturerProfiles();
  return useMemo(() => {
    if (!rows || !profiles) return undefined;
    const byId = new Map<string, LecturerProfileRow>(profiles.map((p) => [p._id, p]));
    return rows
      .map((r) => {
        const profile = byId.get(r.profile_id);
        return { ...r, profile, full_name: profile?.full_name ?? "Unknown lecturer" };
      })
      .sort((a, b) => a.full_name.localeCompare(b.full_name));
  }, [rows, profiles]);
}
