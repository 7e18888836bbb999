/** Creates an organisation with its first year; the caller becomes its Admin. */
import { useMutation } from "convex/react";
import { api } from "@/lib/api";

export function useCreateOrganisation() {
  return useMutation(api.organisations.membership.create) as (args: {
    name: string;
    code: string;
    firstYear: { name: string; start_date: string; end_date: string };
  }) => Promise<{ organisationId: string; academicYearId: string }>;
}
