/**
 * Saving cells, shared by the iteration editor and the department sheet so
 * both behave alike: each save names the version the planner saw (or that
 * the cell was empty); a stale save, or a create into a cell someone filled
 * first, opens the conflict dialog with both values ("Keep theirs" / "Use
 * mine"); cells show "saving" while in flight and keep the server's warnings;
 * one's own changes go on the undo stack (Ctrl+Z). Refusals are shown, never
 * thrown.
 */
import { useCallback, useRef, useState } from "react";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { Conflict } from "../components/ConflictDialog";
import type { CellValue } from "../utils/allocationTypes";
import type { UndoEntry } from "../utils/undoStack";
import { useAllocationActions, type CellTarget } from "./useAllocationActions";
import { useUndoStack } from "./useUndoStack";

/** A stored allocation as a cell value; an override keeps its reason (undo and "Use mine" send it again). */
export function valueOf(
  a: { share: number; hours_override?: number | null; override_reason?: string | null } | null | undefined,
): CellValue | null {
  if (!a) return null;
  if (a.hours_override === undefined || a.hours_override === null) return { share: a.share };
  return a.override_reason
    ? { share: a.share, hours_override: a.hours_override, override_reason: a.override_reason }
    : { share: a.share, hours_override: a.hours_override };
}

export type CellSave = {
  key: string;
  label: string;
  target: CellTarget;
  /** The allocation in the cell as the planner saw it, null when it was empty. */
  existing: { id: string; version: number } | null;
  before: CellValue | null;
  /** null empties the cell. */
  value: CellValue | null;
};

export function useCellWriter() {
  const actions = useAllocationActions();
  const toast = useToast();
  const { organisationId, academicYearId, userId } = useWorkspace();
  const undo = useUndoStack(`${organisationId}.${userId}.${academicYearId}`);
  const [pending, setPending] = useState<Map<string, string>>(new Map());
  const [warnings, setWarnings] = useState<Map<string, string[]>>(new Map());
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const setIn = <T,>(set: (f: (m: Map<string, T>) => Map<string, T>) => void, key: string, value: T | null) =>
    set((m) => {
      const n = new Map(m);
      if (value === null) n.delete(key);
      else n.set(key, value);
      return n;
    });
  const setPendingKey = (key: string, text: string | null) => setIn(setPending, key, text);
  const setWarningsKey = (key: string, list: string[]) => setIn(setWarnings, key, list.length ? list : null);

  /** Writes one cell; returns the undo entry, or null (refused: conflict dialog or a message). */
  const write = useCallback(
    async (s: CellSave): Promise<UndoEntry | null> => {
      try {
        if (s.value === null) {
          if (!s.existing) return null;
          await actions.remove(s.existing.id, s.existing.version);
          setWarningsKey(s.key, []);
          return { key: s.key, label: s.label, allocationId: s.existing.id, versionAfter: null, before: s.before, after: null, target: s.target };
        }
        const result = s.existing ? await actions.update(s.existing.id, s.existing.version, s.value) : await actions.create(s.target, s.value);
        const messages = result.warnings.map((w) => w.message);
        setWarningsKey(s.key, messages);
        if (messages.length) toast.show({ tone: "warning", title: "Saved with a warning", description: messages.join(" ") });
        // What was stored: hours into an empty cell came back with the share the server worked out.
        const after = { ...s.value, share: result.share };
        return { key: s.key, label: s.label, allocationId: result.id, versionAfter: result.version, before: s.before, after, target: s.target };
      } catch (e) {
        const info = getErrorInfo(e);
        if (info.code === "CONFLICT" || (info.code === "NOT_FOUND" && s.existing)) {
          const current = (info.data.current ?? null) as { id?: string; share: number; hours_override?: number; override_reason?: string } | null;
          setConflict({
            key: s.key,
            label: s.label,
            mine: s.value,
            theirs: info.code === "NOT_FOUND" ? null : valueOf(current),
            currentVersion: typeof info.data.currentVersion === "number" ? info.data.currentVersion : null,
            allocationId: info.code === "NOT_FOUND" ? null : (current?.id ?? s.existing?.id ?? null),
            target: s.target,
          });
        } else {
          toast.show({ tone: "error", title: "Not saved", description: info.message });
        }
        return null;
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [actions, toast],
  );

  /** Saves a cell as the planner typed it, showing it as saving meanwhile; pushes the change for undo. */
  const save = useCallback(
    async (s: CellSave, shownWhileSaving: string) => {
      setPendingKey(s.key, shownWhileSaving);
      const entry = await write(s);
      setPendingKey(s.key, null);
      if (entry) undo.push(entry);
      return entry;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [write, undo.push],
  );

  const undoLast = useCallback(async () => {
    const last = undo.last;
    if (!last) return;
    undo.pop();
    setPendingKey(last.key, "undo");
    const existing =
      last.after === null ? null : last.allocationId && last.versionAfter !== null ? { id: last.allocationId, version: last.versionAfter } : null;
    const entry = await write({ key: last.key, label: last.label, target: last.target, existing, before: last.after, value: last.before });
    setPendingKey(last.key, null);
    if (entry) toast.show({ tone: "info", title: "Undone", description: last.label });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [undo, write, toast]);

  const conflictRef = useRef(conflict);
  conflictRef.current = conflict;
  const keepTheirs = useCallback(() => setConflict(null), []);
  const applyMine = useCallback(async () => {
    const c = conflictRef.current;
    if (!c) return;
    setConflict(null);
    setPendingKey(c.key, "");
    const existing = c.allocationId && c.currentVersion !== null ? { id: c.allocationId, version: c.currentVersion } : null;
    const entry = await write({ key: c.key, label: c.label, target: c.target, existing, before: c.theirs, value: c.mine });
    setPendingKey(c.key, null);
    if (entry) {
      undo.push(entry);
      toast.show({ tone: "success", title: "Your value was saved", description: c.label });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [write, undo.push, toast]);

  return { save, pending, warnings, conflict, keepTheirs, applyMine, undoLast, lastUndo: undo.last, pushUndo: undo.push };
}
