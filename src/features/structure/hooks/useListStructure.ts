/** Faculties, departments and teams of the organisation, for filters, pickers and labels. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type Faculty = FunctionReturnType<typeof api.structure.faculties.all>[number];
export type Department = FunctionReturnType<typeof api.structure.departments.all>[number];
export type Team = FunctionReturnType<typeof api.structure.teams.all>[number];

export type Structure = {
  faculties: Faculty[];
  departments: Department[];
  teams: Team[];
  name: (id: string | undefined | null) => string;
};

export function useListStructure(): Structure | undefined {
  const { organisationId } = useWorkspace();
  const faculties = useQuery(api.structure.faculties.all, { organisationId });
  const departments = useQuery(api.structure.departments.all, { organisationId });
  const teams = useQuery(api.structure.teams.all, { organisationId });
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
