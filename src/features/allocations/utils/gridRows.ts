/**
 * The component rows of the grid for one iteration: each allocation type
 * for the whole iteration, and group-based types once per group as well.
 */
import type { AllocationTypeRow } from "@/features/catalogue/hooks/useListAllocationTypes";
import type { GroupRow } from "@/features/catalogue/hooks/useListGroups";

export type GridRow = { key: string; type: AllocationTypeRow; group: GroupRow | null; label: string; sublabel: string };

export function gridRows(types: AllocationTypeRow[], groups: GroupRow[]): GridRow[] {
  const rows: GridRow[] = [];
  for (const type of types) {
    rows.push({
      key: `${type._id}:all`,
      type,
      group: null,
      label: type.name,
      sublabel: type.basis === "group" && groups.length ? "all groups" : "whole iteration",
    });
    if (type.basis === "group") {
      for (const group of groups) {
        rows.push({ key: `${type._id}:${group._id}`, type, group, label: type.name, sublabel: `${group.name} (${group.student_count})` });
      }
    }
  }
  return rows;
}
