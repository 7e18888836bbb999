/**
 * Create, update and remove module allocations. Updates carry the version
 * the editor saw, so a stale save fails with CONFLICT (and the current row)
 * instead of overwriting someone else's change. An hours override travels
 * with the reason the planner gave (the server refuses one without); a
 * value without an override clears it (`hoursOverride: null`).
 */
import { useMutation } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { CellValue } from "../utils/allocationTypes";

export type SaveResult = { id: string; version: number; hours: number; warnings: string[] };

export type NewAllocation = {
  moduleIterationId: string;
  lecturerId: string;
  allocationTypeId: string;
  groupId?: string | null;
} & CellValue;

function normalise(raw: unknown, fallbackId?: string): SaveResult {
  const r = (raw ?? {}) as Partial<SaveResult> & { _id?: string; warnings?: unknown };
  const warnings = Array.isArray(r.warnings)
    ? r.warnings.map((w) => (typeof w === "string" ? w : ((w as { message?: string }).message ?? String(w))))
    : [];
  return {
    id: (r.id ?? r._id ?? fallbackId ?? (typeof raw === "string" ? raw : "")) as string,
    version: r.version ?? 0,
    hours: r.hours ?? 0,
    warnings,
  };
}

function reasonOf(v: CellValue): { overrideReason?: string } {
  return v.override_reason ? { overrideReason: v.override_reason } : {};
}

export function useAllocationActions() {
  const { organisationId } = useWorkspace();
  const create = useMutation(api.workload.allocations.create);
  const update = useMutation(api.workload.allocations.update);
  const remove = useMutation(api.workload.allocations.remove);
  return useMemo(
    () => ({
      create: async (a: NewAllocation) =>
        normalise(
          await create({
            organisationId,
            iterationId: toId<"module_iterations">(a.moduleIterationId),
            lecturerId: toId<"lecturers">(a.lecturerId),
            allocationTypeId: toId<"allocation_types">(a.allocationTypeId),
            ...(a.groupId ? { groupId: toId<"module_iteration_groups">(a.groupId) } : {}),
            share: a.share,
            ...(a.hours_override !== undefined ? { hoursOverride: a.hours_override, ...reasonOf(a) } : {}),
          }),
        ),
      update: async (id: string, expectedVersion: number, value: CellValue) =>
        normalise(
          await update({
            organisationId,
            allocationId: toId<"module_allocations">(id),
            expectedVersion,
            share: value.share,
            hoursOverride: value.hours_override ?? null,
            ...(value.hours_override !== undefined ? reasonOf(value) : {}),
          }),
          id,
        ),
      remove: async (id: string, expectedVersion: number) => {
        await remove({ organisationId, allocationId: toId<"module_allocations">(id), expectedVersion });
      },
    }),
    [organisationId, create, update, remove],
  );
}
