/** The groups of the year's iterations; pass an iteration to get only its groups (by name). */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type GroupRow = FunctionReturnType<typeof api.delivery.groups.all>[number];

export function useListGroups(iterationId?: string | null): GroupRow[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.delivery.groups.all, academicYearId ? { organisationId, academicYearId } : "skip");
  return useMemo(() => {
    if (!rows) return undefined;
    const shown = iterationId === undefined ? rows : rows.filter((g) => g.module_iteration_id === iterationId);
    return [...shown].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }, [rows, iterationId]);
}
