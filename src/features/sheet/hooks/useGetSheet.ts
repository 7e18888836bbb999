/**
 * The department sheet's data, live: the view's iterations (with groups),
 * lecturers (with their totals) and allocations. `view` is a department or
 * team id, or nothing for the caller's own scope.
 */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type Sheet = FunctionReturnType<typeof api.workload.sheet.get>;
export type SheetIteration = Sheet["iterations"][number];
export type SheetLecturer = Sheet["lecturers"][number];
export type SheetAllocation = Sheet["allocations"][number];
export type SheetType = Sheet["types"][number];

export type SheetView = { departmentId?: string; teamId?: string } | null;

export function useGetSheet(view: SheetView): Sheet | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  return useQuery(
    api.workload.sheet.get,
    academicYearId && view
      ? {
          organisationId,
          academicYearId,
          ...(view.departmentId ? { departmentId: toId<"departments">(view.departmentId) } : {}),
          ...(view.teamId ? { teamId: toId<"teams">(view.teamId) } : {}),
        }
      : "skip",
  );
}
