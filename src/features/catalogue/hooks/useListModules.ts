/** The organisation's modules (definitions), by code. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type ModuleRow = {
  _id: string;
  code: string;
  title: string;
  credits: number;
  level: number;
  subject_area?: string;
  default_semester: string;
  department_id?: string;
  description?: string;
};

export function useListModules(): ModuleRow[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.curriculum.modules.all, { organisationId }) as ModuleRow[] | undefined;
}
