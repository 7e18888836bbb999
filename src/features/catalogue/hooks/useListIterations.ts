/** The year's module iterations with their module's title and credits, sorted by code. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useListModules, type ModuleRow } from "./useListModules";

export type IterationRow = FunctionReturnType<typeof api.delivery.iterations.all>[number] & { module?: ModuleRow };

export function useListIterations(): IterationRow[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.delivery.iterations.all, academicYearId ? { organisationId, academicYearId } : "skip");
  const modules = useListModules();
  return useMemo(() => {
    if (!rows || !modules) return undefined;
    const byId = new Map<string, ModuleRow>(modules.map((m) => [m._id, m]));
    return rows
      .map((r) => ({ ...r, module: byId.get(r.module_id) }))
      .sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }));
  }, [rows, modules]);
}
