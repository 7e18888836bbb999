/** The organisation's allocation types (components of an iteration), in display order. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AllocationTypeRow = FunctionReturnType<typeof api.reference.allocationTypes.all>[number];

export function useListAllocationTypes(): AllocationTypeRow[] | undefined {
  const { organisationId } = useWorkspace();
  const rows = useQuery(api.reference.allocationTypes.all, { organisationId });
  return useMemo(() => rows && [...rows].sort((a, b) => a.sort_order - b.sort_order), [rows]);
}
