/**
 * The spreadsheet of one iteration: component rows (each allocation type for
 * the whole iteration, group-based types also per group) against lecturer
 * columns. Arrow keys move, Enter or typing edits, Enter/Tab commit, Escape
 * cancels, Delete clears, Ctrl+Z undoes one's own last change. A cell someone
 * else is editing is outlined with their name. A value that introduces or
 * changes an hours override ("12h") asks for the override's reason first.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/lib/cn";
import { formatHours } from "@/lib/formatHours";
import { ExplainLecturerLoad } from "@/features/workload/components/ExplainLecturerLoad";
import { cellKey } from "../utils/cellKey";
import type { AllocationRow } from "../utils/allocationTypes";
import { hoursOf } from "../utils/hoursOf";
import type { GridRow } from "../utils/gridRows";
import { parseCellInput } from "../utils/parseCellInput";
import { ExplainHours } from "./ExplainHours";
import { OverrideReasonPrompt } from "./OverrideReasonPrompt";

export type GridLecturer = { _id: string; full_name: string };
export type LecturerLoad = { utilisation: number; band: string; allocated_hours: number; contract_hours: number };

export type AllocationGridProps = {
  rows: GridRow[];
  lecturers: GridLecturer[];
  cells: Map<string, AllocationRow>;
  pending: Map<string, string>;
  warnings: Map<string, string[]>;
  othersEditing: Map<string, string>;
  loads?: Map<string, LecturerLoad>;
  canEdit: boolean;
  /** Why the cells cannot be changed, when they cannot (read to screen readers and shown on hover). */
  readOnlyReason?: string;
  /**
   * `base` is the allocation as it was when editing began: a save against it is refused if it changed since.
   * `overrideReason` comes with a value that introduces or changes an hours override.
   */
  onCommit: (key: string, row: GridRow, lecturerId: string, text: string, base: AllocationRow | null, overrideReason?: string) => void;
  onEditingChange: (key: string | null) => void;
  onUndo?: () => void;
  onRemoveLecturer?: (lecturerId: string) => void;
};

type Editing = { key: string; text: string; base: AllocationRow | null };
type Move = "down" | "right" | "none";

function initialText(a: AllocationRow | undefined) {
  if (!a) return "";
  return a.hours_override !== undefined ? `${a.hours_override}h` : String(a.share);
}

export function AllocationGrid(props: AllocationGridProps) {
  const { rows, lecturers, cells, pending, warnings, othersEditing, loads, onCommit, onEditingChange, onUndo } = props;
  const editable = (c: number) => props.canEdit && !!lecturers[c];
  const [active, setActive] = useState({ r: 0, c: 0 });
  const [editing, setEditingState] = useState<Editing | null>(null);
  // The edit being committed is read through a ref, so a blur after Enter cannot commit it twice.
  const editingRef = useRef<Editing | null>(null);
  const setEditing = (e: Editing | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  /** A typed override waiting for its reason (the cell still counts as being edited). */
  const [asking, setAsking] = useState<(Editing & { r: number; c: number; hours: number; move: Move }) | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  const editingKey = editing?.key ?? asking?.key ?? null;
  useEffect(() => onEditingChange(editingKey), [editingKey, onEditingChange]);

  const focusCell = (r: number, c: number) => {
    const rr = Math.max(0, Math.min(rows.length - 1, r));
    const cc = Math.max(0, Math.min(lecturers.length - 1, c));
    setActive({ r: rr, c: cc });
    requestAnimationFrame(() => tableRef.current?.querySelector<HTMLElement>(`[data-cell="${rr}-${cc}"]`)?.focus());
  };

  const keyAt = (r: number, c: number) => {
    const row = rows[r];
    const lec = lecturers[c];
    return row && lec ? cellKey(row.type._id, row.group?._id, lec._id) : null;
  };

  const startEdit = (r: number, c: number, text?: string) => {
    if (!editable(c) || asking) return;
    const key = keyAt(r, c);
    if (!key) return;
    setActive({ r, c });
    const base = cells.get(key) ?? null;
    setEditing({ key, text: text ?? initialText(base ?? undefined), base });
  };

  const moveFrom = (r: number, c: number, move: Move) => {
    if (move === "down") focusCell(r + 1, c);
    else if (move === "right") focusCell(r, c + 1);
    else focusCell(r, c);
  };

  const commit = (move: Move) => {
    const current = editingRef.current;
    if (!current) return;
    const { r, c } = active;
    const row = rows[r];
    const lec = lecturers[c];
    const before = initialText(current.base ?? undefined);
    setEditing(null);
    if (row && lec && current.text.trim() !== before) {
      const parsed = parseCellInput(current.text);
      if (parsed.kind === "hours" && parsed.hours !== current.base?.hours_override) {
        setAsking({ ...current, r, c, hours: parsed.hours, move });
        return;
      }
      onCommit(current.key, row, lec._id, current.text, current.base);
    }
    moveFrom(r, c, move);
  };

  const saveOverride = (reason: string) => {
    if (!asking) return;
    const row = rows[asking.r];
    const lec = lecturers[asking.c];
    setAsking(null);
    if (row && lec) onCommit(asking.key, row, lec._id, asking.text, asking.base, reason);
    moveFrom(asking.r, asking.c, asking.move);
  };

  const cancelOverride = () => {
    if (!asking) return;
    setAsking(null);
    focusCell(asking.r, asking.c);
  };

  const onCellKey = (e: KeyboardEvent<HTMLElement>, r: number, c: number) => {
    if (editing || asking) return;
    const k = e.key;
    if ((e.ctrlKey || e.metaKey) && k.toLowerCase() === "z") {
      e.preventDefault();
      onUndo?.();
      return;
    }
    if (k === "ArrowDown") focusCell(r + 1, c);
    else if (k === "ArrowUp") focusCell(r - 1, c);
    else if (k === "ArrowRight") focusCell(r, c + 1);
    else if (k === "ArrowLeft") focusCell(r, c - 1);
    else if (k === "Enter" || k === "F2") startEdit(r, c);
    else if ((k === "Delete" || k === "Backspace") && editable(c)) {
      const key = keyAt(r, c);
      const row = rows[r];
      const lec = lecturers[c];
      const base = key ? cells.get(key) : undefined;
      if (key && row && lec && base) onCommit(key, row, lec._id, "", base);
    } else if (/^[0-9.]$/.test(k) && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      startEdit(r, c, k);
    } else return;
    e.preventDefault();
  };

  /** Shares covering a row; a group's row also counts the shares given for all groups (as the server does). */
  const coverage = (row: GridRow) => {
    let sum = 0;
    for (const l of lecturers) {
      const a = cells.get(cellKey(row.type._id, row.group?._id, l._id));
      if (a) sum += a.share;
      if (row.group) {
        const whole = cells.get(cellKey(row.type._id, null, l._id));
        if (whole) sum += whole.share;
      }
    }
    return sum;
  };

  const columnHours = (lecturerId: string) => {
    let sum = 0;
    for (const row of rows) {
      const a = cells.get(cellKey(row.type._id, row.group?._id, lecturerId));
      if (a) sum += hoursOf(a);
    }
    return sum;
  };

  return (
    <div className="overflow-auto rounded-lg border border-slate-200 bg-white">
      <table ref={tableRef} role="grid" aria-label="Allocations" className="w-full border-collapse text-sm">
        <thead>
          <tr>
            <th
              scope="col"
              className="sticky left-0 top-0 z-20 min-w-56 border-b border-r border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-medium text-slate-500"
            >
              Component
            </th>
            {lecturers.map((l) => {
              const load = loads?.get(l._id);
              return (
                <th
                  key={l._id}
                  scope="col"
                  className="sticky top-0 z-10 min-w-36 border-b border-r border-slate-200 bg-slate-50 px-2 py-1.5 text-left text-xs font-medium text-slate-600"
                >
                  <div className="flex items-center justify-between gap-1">
                    <span className="truncate" title={l.full_name}>
                      {l.full_name}
                    </span>
                    {props.onRemoveLecturer && !Array.from(cells.values()).some((a) => a.lecturer_id === l._id) && (
                      <button
                        type="button"
                        aria-label={`Remove column ${l.full_name}`}
                        className="text-slate-500 hover:text-slate-700"
                        onClick={() => props.onRemoveLecturer?.(l._id)}
                      >
                        ×
                      </button>
                    )}
                  </div>
                  {load && (
                    <div
                      className="mt-0.5 flex items-center gap-1 font-normal text-slate-500"
                      title="Year load: allocated / contract hours"
                    >
                      <ExplainLecturerLoad lecturerId={l._id} band={load.band} utilisation={load.utilisation}>
                        <span className="tabular">
                          {formatHours(load.allocated_hours, "")}/{formatHours(load.contract_hours)}
                        </span>
                      </ExplainLecturerLoad>
                    </div>
                  )}
                </th>
              );
            })}
            <th
              scope="col"
              className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-2 py-2 text-right text-xs font-medium text-slate-500"
            >
              Covered
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => {
            const cov = coverage(row);
            return (
              <tr key={row.key} className={row.group ? "bg-white" : "bg-slate-50/40"}>
                <th
                  scope="row"
                  className={cn(
                    "sticky left-0 z-10 border-b border-r border-slate-200 bg-inherit px-3 py-1 text-left font-normal",
                    row.group && "pl-7",
                  )}
                >
                  <span className={cn("block text-sm", row.group ? "text-slate-600" : "font-medium text-slate-800")}>
                    {row.group ? row.sublabel : row.label}
                  </span>
                  {!row.group && <span className="block text-[11px] text-slate-500">{row.sublabel}</span>}
                </th>
                {lecturers.map((l, c) => {
                  const key = cellKey(row.type._id, row.group?._id, l._id);
                  const a = cells.get(key);
                  const isActive = active.r === r && active.c === c;
                  const isEditing = editing?.key === key;
                  const isAsking = asking?.key === key;
                  const other = othersEditing.get(key);
                  const pend = pending.get(key);
                  const warn = warnings.get(key);
                  return (
                    <td
                      key={l._id}
                      role="gridcell"
                      data-cell={`${r}-${c}`}
                      data-testid={`cell-${row.key}-${l._id}`}
                      data-key={key}
                      tabIndex={isActive ? 0 : -1}
                      aria-label={`${row.label}${row.group ? " " + row.group.name : ""}, ${l.full_name}: ${a ? `${a.share}%, ${formatHours(hoursOf(a))}` : "empty"}${other ? `, being edited by ${other}` : ""}`}
                      aria-readonly={!editable(c)}
                      title={!editable(c) ? props.readOnlyReason : undefined}
                      onFocus={() => setActive({ r, c })}
                      onKeyDown={(e) => onCellKey(e, r, c)}
                      onDoubleClick={() => startEdit(r, c)}
                      onClick={() => setActive({ r, c })}
                      className={cn(
                        "relative h-9 border-b border-r border-slate-100 px-2 py-0.5 align-middle outline-none",
                        isActive && !isEditing && "ring-2 ring-inset ring-indigo-500",
                        other && "bg-purple-50 ring-2 ring-inset ring-purple-400",
                        warn && warn.length > 0 && "bg-amber-50",
                        editable(c) && "cursor-cell",
                      )}
                    >
                      {other && (
                        <span
                          className="absolute -top-2 right-0 z-10 rounded bg-purple-600 px-1 text-[10px] font-medium leading-4 text-white"
                          data-testid="editing-marker"
                        >
                          {other}
                        </span>
                      )}
                      {isEditing ? (
                        <input
                          autoFocus
                          aria-label="Share % or hours (e.g. 50 or 12h)"
                          className="h-7 w-full rounded border border-indigo-400 px-1.5 text-sm tabular focus:outline-none"
                          value={editing.text}
                          onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                          onKeyDown={(e) => {
                            if (e.key === "Enter") {
                              e.preventDefault();
                              commit("down");
                            } else if (e.key === "Tab") {
                              e.preventDefault();
                              commit("right");
                            } else if (e.key === "Escape") {
                              e.preventDefault();
                              setEditing(null);
                              focusCell(r, c);
                            }
                          }}
                          onBlur={() => commit("none")}
                        />
                      ) : isAsking ? (
                        <>
                          <span className="tabular font-medium text-indigo-700">{asking.text.trim()}</span>
                          <OverrideReasonPrompt
                            anchor={tableRef.current?.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`) ?? null}
                            hours={asking.hours}
                            computedHours={asking.base?.computed_hours}
                            previousReason={asking.base?.override_reason}
                            onSave={saveOverride}
                            onCancel={cancelOverride}
                          />
                        </>
                      ) : pend !== undefined ? (
                        <span className="text-slate-500 tabular" aria-busy>
                          {pend || "…"} saving
                        </span>
                      ) : a ? (
                        <span className="flex items-baseline justify-between gap-2">
                          <span className="flex items-center gap-1 tabular text-slate-800">
                            {a.share}%
                            {a.carried && (
                              <span className="text-[10px] text-slate-400" title="Carried from last year by the rollover" data-carried="true">
                                ↻
                              </span>
                            )}
                            {a.response_status === "accepted" && (
                              <span className="text-[10px] text-emerald-600" title="Accepted by the lecturer">
                                ✓
                              </span>
                            )}
                            {a.response_status === "queried" && (
                              <span
                                className="text-[10px] font-semibold text-amber-600"
                                title={`Queried by the lecturer${a.response_comment ? `: ${a.response_comment}` : ""}`}
                              >
                                ?
                              </span>
                            )}
                          </span>
                          <span
                            className={cn("text-xs", a.hours_override !== undefined ? "font-medium text-indigo-700" : "text-slate-500")}
                            title={a.hours_override !== undefined ? `Hours overridden${a.override_reason ? `: ${a.override_reason}` : ""}` : undefined}
                          >
                            <ExplainHours allocationId={a.id} hours={hoursOf(a)} />
                          </span>
                        </span>
                      ) : (
                        <span className="text-slate-500">·</span>
                      )}
                      {warn && warn.length > 0 && !isEditing && (
                        <span
                          className="absolute bottom-0 left-1 right-1 truncate text-[10px] text-amber-700"
                          title={warn.join("\n")}
                          role="note"
                        >
                          ⚠ {warn.length > 1 ? `${warn.length} warnings` : warn[0]}
                        </span>
                      )}
                    </td>
                  );
                })}
                <td
                  className={cn(
                    "border-b border-slate-100 px-2 text-right text-xs tabular",
                    cov === 0 ? "text-slate-500" : cov < 100 ? "text-amber-700" : cov > 100 ? "text-red-700" : "text-emerald-700",
                  )}
                >
                  {cov === 0 ? "–" : `${Math.round(cov)}%`}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th
              scope="row"
              className="sticky left-0 border-t border-r border-slate-200 bg-slate-50 px-3 py-1.5 text-left text-xs font-medium text-slate-600"
            >
              Hours on this iteration
            </th>
            {lecturers.map((l) => (
              <td
                key={l._id}
                className="border-t border-r border-slate-200 bg-slate-50 px-2 text-right text-xs font-semibold tabular text-slate-700"
                data-testid={`column-total-${l._id}`}
              >
                {formatHours(columnHours(l._id))}
              </td>
            ))}
            <td className="border-t border-slate-200 bg-slate-50" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
