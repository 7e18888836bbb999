/** Faculties, departments and teams of the organisation, for filters, pickers and labels. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type Faculty = { _id: string; name: string; code: string };
export type Department = { _id: string; name: string; code: string; faculty_id?: string };
export type Team = { _id: string; name: string; department_id: string };

export type Structure = {
  faculties: Faculty[];
  departments: Department[];
  teams: Team[];
  name: (id: string | undefined | null) => string;
};

export function useListStructure(): Structure | undefined {
  const { organisationId } = useWorkspace();
  const faculties = useQuery(api.structure.faculties.all, { organisationId }) as Faculty[] | undefined;
  const departments = useQuery(api.structure.departments.all, { organisationId }) as Department[] | undefined;
  const teams = useQuery(api.structure.teams.all, { organisationId }) as Team[] | undefined;
  return useMemo(() => {
    if (!faculties || !departments || !teams) return undefined;
    const names = new Map<string, string>();
    for (const x of [...faculties, ...departments, ...teams]) names.set(x._id, x.name);
    const by = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return {
      faculties: [...faculties].sort(by),
      departments: [...departments].sort(by),
      teams: [...teams].sort(by),
      name: (id) => (id ? (names.get(id) ?? "") : ""),
    };
  }, [faculties, departments, teams]);
}
