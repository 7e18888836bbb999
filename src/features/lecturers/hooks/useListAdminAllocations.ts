/** A lecturer-year's admin allocations with their category names, plus the categories for the form. */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AdminCategory = FunctionReturnType<typeof api.reference.adminCategories.all>[number];
export type AdminAllocation = FunctionReturnType<typeof api.staff.adminAllocations.all>[number] & { category?: AdminCategory };

export function useListAdminAllocations(lecturerId: string | null) {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.staff.adminAllocations.all, academicYearId ? { organisationId, academicYearId } : "skip");
  const categories = useQuery(api.reference.adminCategories.all, { organisationId });
  const create = useMutation(api.staff.adminAllocations.create);
  const remove = useMutation(api.staff.adminAllocations.remove);
  const allocations = useMemo(() => {
    if (!rows || !categories) return undefined;
    const byId = new Map<string, AdminCategory>(categories.map((c) => [c._id, c]));
    return rows.filter((r) => r.lecturer_id === lecturerId).map((r): AdminAllocation => ({ ...r, category: byId.get(r.category_id) }));
  }, [rows, categories, lecturerId]);
  return {
    allocations,
    categories,
    create: (v: { category_id: string; hours?: number; percent_of_contract?: number; description?: string }) =>
      create({ organisationId, academicYearId, lecturer_id: lecturerId, recurring: false, ...v }),
    remove: (id: string) => remove({ organisationId, id }),
  };
}
