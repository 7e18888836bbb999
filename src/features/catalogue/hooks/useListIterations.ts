/** The year's module iterations with their module's title and credits, sorted by code. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useListModules, type ModuleRow } from "./useListModules";

export type IterationRow = {
  _id: string;
  module_id: string;
  code: string;
  semester: string;
  student_count: number;
  max_group_size?: number;
  teaching_weeks?: number;
  contact_hours_override?: number;
  intakes: number;
  site_id?: string;
  notes?: string;
  /** The module's department, which changes the iteration and its allocations. */
  department_id?: string;
  version: number;
  module?: ModuleRow;
};

export function useListIterations(): IterationRow[] | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.delivery.iterations.all, academicYearId ? { organisationId, academicYearId } : "skip") as
    IterationRow[] | undefined;
  const modules = useListModules();
  return useMemo(() => {
    if (!rows || !modules) return undefined;
    const byId = new Map(modules.map((m) => [m._id, m]));
    return rows
      .map((r) => ({ ...r, module: byId.get(r.module_id) }))
      .sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }));
  }, [rows, modules]);
}
