/**
 * Writing a block of cells (a paste, a fill down): the live preview of what
 * it would change, and applying it in one transaction, all or nothing.
 */
import { useMutation, useQuery } from "convex/react";
import type { FunctionArgs, FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type BlockCells = FunctionArgs<typeof api.workload.cells.apply>["cells"];
export type BlockPreview = FunctionReturnType<typeof api.workload.cells.preview>;
export type BlockResult = FunctionReturnType<typeof api.workload.cells.apply>;

/** What `cells` would change; skipped while null. */
export function usePreviewBlock(cells: BlockCells | null): BlockPreview | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.workload.cells.preview, cells && cells.length > 0 ? { organisationId, cells } : "skip");
}

export function useApplyBlock() {
  const { organisationId } = useWorkspace();
  const apply = useMutation(api.workload.cells.apply);
  return (cells: BlockCells, overrideReason?: string): Promise<BlockResult> =>
    apply({ organisationId, cells, ...(overrideReason ? { overrideReason } : {}) });
}
