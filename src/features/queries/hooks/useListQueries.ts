/** Lecturers' open queries the caller may answer (their scope), newest first, live. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type OpenQuery = FunctionReturnType<typeof api.workload.allocations.listQueries>[number];

export function useListQueries(): OpenQuery[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  return useQuery(api.workload.allocations.listQueries, academicYearId ? { organisationId, academicYearId } : "skip");
}
