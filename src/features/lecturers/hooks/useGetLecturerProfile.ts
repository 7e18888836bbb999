/** One lecturer profile by id. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { LecturerProfileRow } from "./useListLecturerProfiles";

export function useGetLecturerProfile(profileId: string): LecturerProfileRow | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.staff.lecturerProfiles.get, { organisationId, id: profileId }) as LecturerProfileRow | undefined;
}
