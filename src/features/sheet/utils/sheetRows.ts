/**
 * The sheet's rows: for each iteration, one row per component (allocation
 * type) for the whole iteration, and for group-based components one row per
 * group where a group is allocated (or every group, on request). Each row
 * knows its cells' keys and how much of it is covered (the sum of shares, a
 * group row also counting the shares given for all groups, as the server's
 * coverage does).
 */
import type { Sheet, SheetAllocation, SheetIteration, SheetType } from "../hooks/useGetSheet";

export type SheetRow = {
  id: string;
  iteration: SheetIteration;
  type: SheetType;
  group: SheetIteration["groups"][number] | null;
  /** First row of its iteration (draws the iteration's name and a divider). */
  first: boolean;
  covered: number;
};

/** The key of one cell: iteration, component, group ("all" for the whole iteration), lecturer. */
export function sheetCellKey(iterationId: string, typeId: string, groupId: string | null | undefined, lecturerId: string): string {
  return `${iterationId}:${typeId}:${groupId ?? "all"}:${lecturerId}`;
}

export function indexAllocations(allocations: readonly SheetAllocation[]): Map<string, SheetAllocation> {
  const m = new Map<string, SheetAllocation>();
  for (const a of allocations) m.set(sheetCellKey(a.iteration_id, a.type_id, a.group_id, a.lecturer_id), a);
  return m;
}

export function sheetRows(sheet: Sheet, allGroups: boolean): SheetRow[] {
  const coverage = new Map<string, number>();
  const usedGroups = new Set<string>();
  for (const a of sheet.allocations) {
    const k = `${a.iteration_id}:${a.type_id}:${a.group_id ?? "all"}`;
    coverage.set(k, (coverage.get(k) ?? 0) + a.share);
    if (a.group_id) usedGroups.add(`${a.type_id}:${a.group_id}`);
  }
  const rows: SheetRow[] = [];
  for (const iteration of sheet.iterations) {
    let first = true;
    for (const type of sheet.types) {
      const whole = coverage.get(`${iteration.id}:${type.id}:all`) ?? 0;
      rows.push({ id: `${iteration.id}:${type.id}:all`, iteration, type, group: null, first, covered: Math.round(whole * 10) / 10 });
      first = false;
      if (type.basis !== "group") continue;
      for (const group of iteration.groups) {
        if (!allGroups && !usedGroups.has(`${type.id}:${group.id}`)) continue;
        const own = coverage.get(`${iteration.id}:${type.id}:${group.id}`) ?? 0;
        rows.push({ id: `${iteration.id}:${type.id}:${group.id}`, iteration, type, group, first: false, covered: Math.round((whole + own) * 10) / 10 });
      }
    }
  }
  return rows;
}
