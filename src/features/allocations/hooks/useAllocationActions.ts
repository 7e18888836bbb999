/**
 * Create, update and remove module allocations. Updates carry the version
 * the editor saw, so a stale save fails with CONFLICT (and the current row)
 * instead of overwriting someone else's change; a create into a cell someone
 * filled meanwhile fails the same way. An hours override travels with the
 * reason the planner gave (the server refuses one without); a share without
 * an override clears it (`hoursOverride: null`); hours into an empty cell
 * send no share, and the server stores the share the hours are of the
 * component.
 */
import { useMutation } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { CellValue } from "../utils/allocationTypes";

export type SaveResult = FunctionReturnType<typeof api.workload.allocations.create>;

/** Where a new allocation goes: one cell of an iteration. */
export type CellTarget = { moduleIterationId: string; lecturerId: string; allocationTypeId: string; groupId: string | null };

function overrideOf(v: CellValue) {
  return v.hours_override !== undefined ? { hoursOverride: v.hours_override, ...(v.override_reason ? { overrideReason: v.override_reason } : {}) } : {};
}

export function useAllocationActions() {
  const { organisationId } = useWorkspace();
  const create = useMutation(api.workload.allocations.create);
  const update = useMutation(api.workload.allocations.update);
  const remove = useMutation(api.workload.allocations.remove);
  return useMemo(
    () => ({
      create: (target: CellTarget, value: CellValue): Promise<SaveResult> =>
        create({
          organisationId,
          iterationId: toId<"module_iterations">(target.moduleIterationId),
          lecturerId: toId<"lecturers">(target.lecturerId),
          allocationTypeId: toId<"allocation_types">(target.allocationTypeId),
          ...(target.groupId ? { groupId: toId<"module_iteration_groups">(target.groupId) } : {}),
          ...(value.share !== undefined ? { share: value.share } : {}),
          ...overrideOf(value),
        }),
      update: (id: string, expectedVersion: number, value: CellValue): Promise<SaveResult> =>
        update({
          organisationId,
          allocationId: toId<"module_allocations">(id),
          expectedVersion,
          ...(value.share !== undefined ? { share: value.share } : {}),
          ...(value.hours_override !== undefined ? overrideOf(value) : { hoursOverride: null }),
        }),
      remove: async (id: string, expectedVersion: number) => {
        await remove({ organisationId, allocationId: toId<"module_allocations">(id), expectedVersion });
      },
    }),
    [organisationId, create, update, remove],
  );
}
