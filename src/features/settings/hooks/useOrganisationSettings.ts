/** The chosen year's workload settings and saving a change (with the version seen). */
import { useMutation, useQuery } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { requireYearId } from "@/features/workspace/utils/requireYearId";

export type ContractFamilySetting = {
  family: string;
  label: string;
  max_teaching_ratio: number;
  teaching_ratio: number;
  admin_ratio: number;
  research_ratio: number;
  research_allowance_hours: number;
};

export type OrganisationSettings = {
  standard_fte_hours: number;
  teaching_weeks: number;
  default_max_group_size: number;
  band_thresholds: { under: number; healthy: number; near: number; critical: number };
  contract_families: ContractFamilySetting[];
  default_year_split: { S1: number; S2: number; S3: number };
  lecturers_see_colleagues: boolean;
  presence_timeout_seconds: number;
  version: number;
  is_default: boolean;
};

export function useOrganisationSettings() {
  const { organisationId, academicYearId } = useWorkspace();
  const settings = useQuery(api.workload.settings.get, academicYearId ? { organisationId, academicYearId } : "skip") as
    OrganisationSettings | undefined;
  const update = useMutation(api.workload.settings.update);
  return {
    settings,
    save: (expectedVersion: number, patch: Partial<Omit<OrganisationSettings, "version" | "is_default">>) =>
      // Contract families are held as plain strings here; the server checks them against its list.
      update({
        organisationId,
        academicYearId: requireYearId(academicYearId),
        expectedVersion,
        patch: patch as FunctionArgs<typeof api.workload.settings.update>["patch"],
      }),
  };
}
