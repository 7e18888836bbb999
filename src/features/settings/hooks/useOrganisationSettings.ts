/** The chosen year's workload settings and saving a change (with the version seen). */
import { useMutation, useQuery } from "convex/react";
import type { FunctionArgs, FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { requireYearId } from "@/features/workspace/utils/requireYearId";

export type OrganisationSettings = FunctionReturnType<typeof api.workload.settings.get>;
export type ContractFamilySetting = OrganisationSettings["contract_families"][number];
export type SettingsPatch = FunctionArgs<typeof api.workload.settings.update>["patch"];

export function useOrganisationSettings() {
  const { organisationId, academicYearId } = useWorkspace();
  const settings = useQuery(api.workload.settings.get, academicYearId ? { organisationId, academicYearId } : "skip");
  const update = useMutation(api.workload.settings.update);
  return {
    settings,
    save: (expectedVersion: number, patch: SettingsPatch) =>
      update({ organisationId, academicYearId: requireYearId(academicYearId), expectedVersion, patch }),
  };
}
