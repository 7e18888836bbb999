/**
 * The department sheet's data, live: the view's iterations (with groups and
 * allocations), lecturers (with their totals) and allocation types. `view`
 * is a department or team id, or nothing for the caller's own scope. The
 * server names an allocation's lecturer, type and group by their place in
 * those lists (a smaller message for large departments); here each one gets
 * its ids back, once per update.
 */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import type { Id } from "@convex/_generated/dataModel";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

type Raw = FunctionReturnType<typeof api.workload.sheet.get>;
export type SheetIteration = Raw["iterations"][number];
export type SheetLecturer = Raw["lecturers"][number];
export type SheetType = Raw["types"][number];
export type SheetAllocation = Omit<SheetIteration["allocations"][number], "lecturer" | "type" | "group"> & {
  iteration_id: Id<"module_iterations">;
  lecturer_id: Id<"lecturers">;
  type_id: Id<"allocation_types">;
  group_id: Id<"module_iteration_groups"> | undefined;
};
export type Sheet = Raw & { allocations: SheetAllocation[] };

export type SheetView = { departmentId?: string; teamId?: string } | null;

/** The server's sheet with each allocation's ids filled in from its indexes. */
export function expandSheet(raw: Raw): Sheet {
  const allocations: SheetAllocation[] = [];
  for (const it of raw.iterations) {
    for (const { lecturer, type, group, ...a } of it.allocations) {
      allocations.push({
        ...a,
        iteration_id: it.id,
        lecturer_id: raw.lecturers[lecturer].id,
        type_id: raw.types[type].id,
        group_id: group === undefined ? undefined : it.groups[group]?.id,
      });
    }
  }
  return { ...raw, allocations };
}

export function useGetSheet(view: SheetView): Sheet | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const raw = useQuery(
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
  return useMemo(() => raw && expandSheet(raw), [raw]);
}
