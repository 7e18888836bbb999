/** Creating lecturers and editing profiles and year instances (year edits carry the version seen). */
import { useMutation } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { requireYearId } from "@/features/workspace/utils/requireYearId";

export type ProfileInput = {
  first_name: string;
  last_name: string;
  email: string;
  title?: string;
  staff_number?: string;
  default_contract_family: string;
  default_fte: number;
  department_id?: string;
  team_id?: string;
  /** "left" (or an end date before a year starts) keeps a lecturer out of years rolled over after it. */
  employment_status?: "active" | "left";
  /** null clears the date (an edit); unset leaves it. */
  employment_end_date?: string | null;
};

export type YearInstancePatch = {
  fte?: number;
  contract_family?: string;
  department_id?: string;
  team_id?: string;
  status_id?: string;
  contract_hours_adjustment?: number;
  adjustment_reason?: string;
  notes?: string;
};

/** Contract families and department/team ids are held as plain strings in the forms; the server validates them. */
type CreateArgs = Omit<FunctionArgs<typeof api.staff.lecturerProfiles.createWithInstance>, "organisationId" | "academicYearId">;

export function useLecturerActions() {
  const { organisationId, academicYearId } = useWorkspace();
  const createWithInstance = useMutation(api.staff.lecturerProfiles.createWithInstance);
  const updateProfile = useMutation(api.staff.lecturerProfiles.update);
  const updateYear = useMutation(api.staff.lecturers.update);
  const addToYear = useMutation(api.staff.lecturers.addToYear);
  return useMemo(
    () => ({
      create: (p: ProfileInput) =>
        createWithInstance({ organisationId, academicYearId: requireYearId(academicYearId), ...(p as CreateArgs) }),
      updateProfile: (id: string, patch: Partial<ProfileInput>) =>
        updateProfile({
          organisationId,
          id,
          patch: {
            ...patch,
            ...(patch.first_name || patch.last_name ? { full_name: `${patch.first_name ?? ""} ${patch.last_name ?? ""}`.trim() } : {}),
          },
        }),
      updateYear: (id: string, expectedVersion: number, patch: YearInstancePatch) =>
        updateYear({ organisationId, id, expectedVersion, patch }),
      addToYear: (profileId: string) =>
        addToYear({ organisationId, academicYearId: requireYearId(academicYearId), profileId: toId<"lecturer_profiles">(profileId) }),
    }),
    [organisationId, academicYearId, createWithInstance, updateProfile, updateYear, addToYear],
  );
}
