/** One lecturer profile by id. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { toId } from "@/lib/toId";
import type { LecturerProfileRow } from "./useListLecturerProfiles";

export function useGetLecturerProfile(profileId: string): LecturerProfileRow | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.staff.lecturerProfiles.get, { organisationId, id: toId<"lecturer_profiles">(profileId) });
}
