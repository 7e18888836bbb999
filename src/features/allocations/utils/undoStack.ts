/**
 * One's own recent changes in the editor, newest last, so the last one can be
 * undone: `before` null means it was created, `after` null that it was removed.
 */
import type { CellValue } from "./allocationTypes";

export type UndoEntry = {
  key: string;
  label: string;
  allocationId: string | null;
  /** The version my change produced; undo expects it (a later edit by someone else is a conflict). */
  versionAfter: number | null;
  before: CellValue | null;
  after: CellValue | null;
  target: { moduleIterationId: string; lecturerId: string; allocationTypeId: string; groupId: string | null };
};

export const UNDO_LIMIT = 20;

export function pushUndo(stack: UndoEntry[], entry: UndoEntry): UndoEntry[] {
  return [...stack.slice(-(UNDO_LIMIT - 1)), entry];
}
