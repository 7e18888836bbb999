/**
 * The signed-in person's own lecturer record in the chosen year. The backend
 * resolves it from the caller's membership (`staff/lecturers:mine`, with
 * `allocations.view_own`, which lecturers have and colleague lists need not);
 * someone without that permission but with `lecturers.view` finds it in the
 * year's lecturer list. Undefined while loading, null when there is none.
 */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type MyLecturer = NonNullable<FunctionReturnType<typeof api.staff.lecturers.mine>>;

export function useGetMyLecturer(): MyLecturer | null | undefined {
  const { organisationId, academicYearId, lecturerProfileId } = useWorkspace();
  const can = useCan();
  const askMine = can("allocations.view_own");
  const fromList = !askMine && can("lecturers.view") && !!lecturerProfileId;
  const mine = useQuery(api.staff.lecturers.mine, askMine && academicYearId ? { organisationId, academicYearId } : "skip");
  const list = useQuery(api.staff.lecturers.all, fromList && academicYearId ? { organisationId, academicYearId } : "skip");
  if (!academicYearId) return null;
  if (askMine) return mine;
  if (fromList) return list === undefined ? undefined : (list.find((l) => l.profile_id === lecturerProfileId) ?? null);
  return null;
}
