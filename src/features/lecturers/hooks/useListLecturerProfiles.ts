/** Every lecturer profile of the organisation (across years). */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type LecturerProfileRow = FunctionReturnType<typeof api.staff.lecturerProfiles.all>[number];

export function useListLecturerProfiles(enabled = true): LecturerProfileRow[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.staff.lecturerProfiles.all, enabled ? { organisationId } : "skip");
}
