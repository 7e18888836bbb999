/** The organisation's allocation types (components of an iteration), in display order. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AllocationTypeRow = {
  _id: string;
  code: string;
  name: string;
  work_category: string;
  basis: "iteration" | "group";
  sort_order: number;
};

export function useListAllocationTypes(): AllocationTypeRow[] | undefined {
  const { organisationId } = useWorkspace();
  const rows = useQuery(api.reference.allocationTypes.all, { organisationId }) as AllocationTypeRow[] | undefined;
  return useMemo(() => rows && [...rows].sort((a, b) => a.sort_order - b.sort_order), [rows]);
}
