/**
 * The signed-in person's own lecturer record in the chosen year, through the
 * link on their membership (users.lecturer_profile_id). Planners find it in
 * the year's lecturer list; lecturers (who may not list colleagues) ask
 * `staff/lecturers:mine`. Undefined while loading, null when there is none.
 */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type MyLecturer = { _id: string; profile_id: string; fte: number; contract_family: string; version: number };

export function useGetMyLecturer(): MyLecturer | null | undefined {
  const { organisationId, academicYearId, lecturerProfileId } = useWorkspace();
  const can = useCan();
  const canList = can("lecturers.view");
  const ready = !!academicYearId && !!lecturerProfileId;
  const list = useQuery(api.staff.lecturers.all, ready && canList ? { organisationId, academicYearId } : "skip") as
    MyLecturer[] | undefined;
  const mine = useQuery(api.staff.lecturers.mine, ready && !canList ? { organisationId, academicYearId } : "skip") as
    MyLecturer | null | undefined;
  if (!lecturerProfileId) return null;
  if (canList) return list === undefined ? undefined : (list.find((l) => l.profile_id === lecturerProfileId) ?? null);
  return mine;
}
