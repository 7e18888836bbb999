/**
 * One's own recent editor changes for undo, kept in sessionStorage per
 * academic year: they survive leaving the editor (to check the dashboard)
 * and a reload, but not the browser tab, and are never shared.
 */
import { useCallback, useEffect, useState } from "react";
import { pushUndo, type UndoEntry } from "../utils/undoStack";

function load(key: string): UndoEntry[] {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as UndoEntry[]) : [];
  } catch {
    return [];
  }
}

export function useUndoStack(scope: string) {
  const key = `ww.undo.${scope}`;
  const [stack, setStack] = useState<UndoEntry[]>(() => load(key));
  useEffect(() => setStack(load(key)), [key]);
  useEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify(stack));
    } catch {
      // Storage full or unavailable: undo still works for this visit.
    }
  }, [key, stack]);
  const push = useCallback((entry: UndoEntry) => setStack((s) => pushUndo(s, entry)), []);
  const pop = useCallback(() => setStack((s) => s.slice(0, -1)), []);
  return { stack, last: stack[stack.length - 1] as UndoEntry | undefined, push, pop };
}
