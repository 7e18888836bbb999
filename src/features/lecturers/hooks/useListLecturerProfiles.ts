/** Every lecturer profile of the organisation (across years), by name. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type LecturerProfileRow = {
  _id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  email: string;
  staff_number?: string;
  title?: string;
  default_contract_family: string;
  default_fte: number;
  department_id?: string;
  team_id?: string;
};

export function useListLecturerProfiles(): LecturerProfileRow[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.staff.lecturerProfiles.all, { organisationId }) as LecturerProfileRow[] | undefined;
}
