/**
 * Turns a block the planner pasted or filled into the cells to write: each
 * text is read as a share, hours or empty (parseCellInput, as when typed),
 * laid over the rows and columns on screen from the anchor cell, and sent
 * with the version the sheet shows in that cell, so the server refuses the
 * block if someone changed one of them since. Texts that are neither are
 * reported, never guessed.
 */
import { parseCellInput } from "@/features/allocations/utils/parseCellInput";
import { toId } from "@/lib/toId";
import type { BlockCells } from "../hooks/useBlockWrites";
import type { SheetAllocation, SheetLecturer } from "../hooks/useGetSheet";
import { sheetCellKey, type SheetRow } from "./sheetRows";

export type BlockPlan = {
  cells: BlockCells;
  /** Where each cell is on screen (for the preview's labels), in the same order. */
  positions: { r: number; c: number }[];
  problems: string[];
  /** Pasted cells that fell outside the sheet. */
  clipped: number;
};

export function planBlock(
  texts: string[][],
  anchor: { r: number; c: number },
  rows: readonly SheetRow[],
  lecturers: readonly SheetLecturer[],
  allocations: ReadonlyMap<string, SheetAllocation>,
): BlockPlan {
  const plan: BlockPlan = { cells: [], positions: [], problems: [], clipped: 0 };
  texts.forEach((line, i) =>
    line.forEach((text, j) => {
      const r = anchor.r + i;
      const c = anchor.c + j;
      const row = rows[r];
      const lecturer = lecturers[c];
      if (!row || !lecturer) {
        plan.clipped++;
        return;
      }
      const parsed = parseCellInput(text);
      if (parsed.kind === "invalid") {
        plan.problems.push(`"${text}" (row ${i + 1}, column ${j + 1} of the block): ${parsed.message}`);
        return;
      }
      const existing = allocations.get(sheetCellKey(row.iteration.id, row.type.id, row.group?.id, lecturer.id)) ?? null;
      plan.cells.push({
        iterationId: toId<"module_iterations">(row.iteration.id),
        lecturerId: toId<"lecturers">(lecturer.id),
        allocationTypeId: toId<"allocation_types">(row.type.id),
        ...(row.group ? { groupId: toId<"module_iteration_groups">(row.group.id) } : {}),
        expectedVersion: existing?.version ?? null,
        value: parsed.kind === "clear" ? null : parsed.kind === "share" ? { share: parsed.share } : { hours: parsed.hours },
      });
      plan.positions.push({ r, c });
    }),
  );
  return plan;
}

/** A cell's value as the planner would type it ("50", "12h", ""), for copy and fill down. */
export function cellText(a: Pick<SheetAllocation, "share" | "hours_override"> | null | undefined): string {
  if (!a) return "";
  return a.hours_override !== undefined ? `${a.hours_override}h` : String(a.share);
}

/** Fill down: each column's top cell of the selection copied into the cells below it. */
export function fillDownTexts(
  range: { r1: number; r2: number; c1: number; c2: number },
  rows: readonly SheetRow[],
  lecturers: readonly SheetLecturer[],
  allocations: ReadonlyMap<string, SheetAllocation>,
): string[][] {
  const top: string[] = [];
  for (let c = range.c1; c <= range.c2; c++) {
    const row = rows[range.r1];
    const lecturer = lecturers[c];
    top.push(row && lecturer ? cellText(allocations.get(sheetCellKey(row.iteration.id, row.type.id, row.group?.id, lecturer.id))) : "");
  }
  return Array.from({ length: range.r2 - range.r1 }, () => [...top]);
}
