/**
 * The department sheet's grid: component rows of every iteration down the
 * side, lecturers across the top with their live load, hours and shares in
 * the cells. TanStack Table holds the column model (frozen columns, the
 * lecturer columns a filter hides) and the row filters; TanStack Virtual
 * draws only the rows and columns in view, so 400 iterations x 60 lecturers
 * scroll like 20 x 10. Headers and the first columns stay frozen.
 *
 * Keyboard as in a spreadsheet: arrows move (Shift extends the selection),
 * Home/End, Ctrl+Home/End, Page Up/Down; typing or Enter/F2 edits, Enter or
 * Tab saves, Escape cancels; Delete empties; Ctrl+C copies, Ctrl+V pastes a
 * block (with a preview), Ctrl+D fills down, Ctrl+Z undoes. The grid is one
 * tab stop (aria-activedescendant names the active cell, which is always
 * drawn), so Tab leaves it as anywhere else.
 */
import {
  getCoreRowModel,
  getFilteredRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type VisibilityState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type MutableRefObject } from "react";
import { cn } from "@/lib/cn";
import { formatHours } from "@/lib/formatHours";
import { formatPercent } from "@/lib/formatPercent";
import { OverrideReasonPrompt } from "@/features/allocations/components/OverrideReasonPrompt";
import { parseCellInput } from "@/features/allocations/utils/parseCellInput";
import { styleForBand } from "@/features/workload/utils/styleForBand";
import type { SheetAllocation, SheetLecturer } from "../hooks/useGetSheet";
import { parseClipboard } from "../utils/parseClipboard";
import { cellText, fillDownTexts } from "../utils/planBlock";
import { sheetCellKey, type SheetRow } from "../utils/sheetRows";

export const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 60;
const COLUMN_WIDTH = 124;
const FROZEN = [
  { id: "iteration", label: "Iteration", width: 210 },
  { id: "component", label: "Component", width: 170 },
  { id: "covered", label: "Covered", width: 76 },
] as const;
const FROZEN_WIDTH = FROZEN.reduce((s, c) => s + c.width, 0);
/** A typical grid width, used until the real one is measured. */
const INITIAL_WIDTH = 1200;

export type SheetFilters = { semester: string; unallocatedOnly: boolean; overCapacityOnly: boolean };
export type Cell = { r: number; c: number };
export type Range = { r1: number; r2: number; c1: number; c2: number };

export type SheetGridProps = {
  rows: SheetRow[];
  lecturers: SheetLecturer[];
  filters: SheetFilters;
  cells: ReadonlyMap<string, SheetAllocation>;
  pending: ReadonlyMap<string, string>;
  warnings: ReadonlyMap<string, string[]>;
  /** Cells others are editing (sheet cell key -> their name). */
  othersEditing: ReadonlyMap<string, string>;
  canEdit: boolean;
  /** One cell typed in; `reason` comes with new or changed hours. */
  onCommit: (row: SheetRow, lecturer: SheetLecturer, text: string, base: SheetAllocation | null, reason?: string) => void;
  /** A block of texts laid from `anchor` (a paste, a fill down, emptying a range): previewed before it is written. */
  onBlock: (kind: "paste" | "fill" | "clear", texts: string[][], anchor: Cell, rows: SheetRow[], lecturers: SheetLecturer[]) => void;
  onUndo: () => void;
  /** The active cell as it moves (for presence and the cell details). */
  onActiveChange: (row: SheetRow | null, lecturer: SheetLecturer | null, editing: boolean) => void;
  /** Height of the scrolling area in pixels. */
  height: number;
  /** Lets the page paste a block typed elsewhere (the "Paste a block…" dialog) at the selection. */
  control?: MutableRefObject<SheetGridControl | null>;
};

export type SheetGridControl = { paste: (texts: string[][]) => void };

type Editing = { key: string; text: string; base: SheetAllocation | null };
type Asking = Editing & { cell: Cell; hours: number; move: "down" | "right" | "none" };

export function SheetGrid(props: SheetGridProps) {
  const { cells, pending, warnings, othersEditing, canEdit, onCommit, onBlock, onUndo, onActiveChange, height } = props;
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  // --- the table model: frozen columns, lecturer columns, filters -------------------------------
  const columns = useMemo<ColumnDef<SheetRow>[]>(
    () => [
      {
        id: "iteration",
        accessorFn: (row) => row,
        filterFn: (row, _id, f: SheetFilters) =>
          (!f.semester || row.original.iteration.semester === f.semester) && (!f.unallocatedOnly || row.original.covered < 100),
      },
      { id: "component", accessorFn: (row) => row.type.name },
      { id: "covered", accessorFn: (row) => row.covered },
      ...props.lecturers.map((l): ColumnDef<SheetRow> => ({ id: l.id, accessorFn: () => null, meta: l })),
    ],
    [props.lecturers],
  );
  const columnFilters = useMemo<ColumnFiltersState>(() => [{ id: "iteration", value: props.filters }], [props.filters]);
  const columnVisibility = useMemo<VisibilityState>(() => {
    const v: VisibilityState = {};
    if (props.filters.overCapacityOnly) for (const l of props.lecturers) v[l.id] = l.capacity_hours < 0;
    return v;
  }, [props.filters.overCapacityOnly, props.lecturers]);
  const table = useReactTable({
    data: props.rows,
    columns,
    state: { columnFilters, columnVisibility },
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = useMemo(() => table.getRowModel().rows.map((r) => r.original), [table, props.rows, columnFilters]); // eslint-disable-line react-hooks/exhaustive-deps
  const lecturers = useMemo(
    () =>
      table
        .getVisibleLeafColumns()
        .map((c) => c.columnDef.meta as SheetLecturer | undefined)
        .filter((l): l is SheetLecturer => !!l),
    [table, columns, columnVisibility], // eslint-disable-line react-hooks/exhaustive-deps
  );

  // --- virtualisation ----------------------------------------------------------------------------
  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // Draw the first screenful before the grid has been measured.
    initialRect: { width: INITIAL_WIDTH, height },
    // Let React batch scroll updates (at most one render a frame) rather than render on every scroll event.
    useFlushSync: false,
  });
  const colVirtualizer = useVirtualizer({
    horizontal: true,
    count: lecturers.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COLUMN_WIDTH,
    overscan: 3,
    paddingStart: FROZEN_WIDTH,
    scrollPaddingStart: FROZEN_WIDTH,
    initialRect: { width: INITIAL_WIDTH, height },
    useFlushSync: false,
  });
  const virtualRows = rowVirtualizer.getVirtualItems();
  const virtualCols = colVirtualizer.getVirtualItems();
  const totalWidth = colVirtualizer.getTotalSize();
  const totalHeight = rowVirtualizer.getTotalSize();
  const padLeft = virtualCols.length ? virtualCols[0].start - FROZEN_WIDTH : 0;
  const padRight = virtualCols.length ? totalWidth - virtualCols[virtualCols.length - 1].end : 0;

  // --- active cell, selection, editing -------------------------------------------------------------
  const [active, setActive] = useState<Cell>({ r: 0, c: 0 });
  const [anchor, setAnchor] = useState<Cell | null>(null);
  const [editing, setEditingState] = useState<Editing | null>(null);
  const editingRef = useRef<Editing | null>(null);
  const setEditing = (e: Editing | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  const [asking, setAsking] = useState<Asking | null>(null);
  const clamp = useCallback(
    (cell: Cell): Cell => ({ r: Math.max(0, Math.min(rows.length - 1, cell.r)), c: Math.max(0, Math.min(lecturers.length - 1, cell.c)) }),
    [rows.length, lecturers.length],
  );
  const range: Range = anchor
    ? { r1: Math.min(anchor.r, active.r), r2: Math.max(anchor.r, active.r), c1: Math.min(anchor.c, active.c), c2: Math.max(anchor.c, active.c) }
    : { r1: active.r, r2: active.r, c1: active.c, c2: active.c };

  // Filters shrink the grid: keep the active cell inside it.
  useEffect(() => {
    setActive((a) => clamp(a));
  }, [clamp]);

  const keyAt = (cell: Cell) => {
    const row = rows[cell.r];
    const lecturer = lecturers[cell.c];
    return row && lecturer ? sheetCellKey(row.iteration.id, row.type.id, row.group?.id, lecturer.id) : null;
  };
  const editableAt = (cell: Cell) => canEdit && !!rows[cell.r]?.iteration.can_edit && !!lecturers[cell.c];

  const activeRow = rows[active.r] ?? null;
  const activeLecturer = lecturers[active.c] ?? null;
  useEffect(() => {
    onActiveChange(activeRow, activeLecturer, editing !== null || asking !== null);
  }, [activeRow, activeLecturer, editing, asking, onActiveChange]);

  const moveTo = (cell: Cell, extend = false) => {
    const next = clamp(cell);
    if (extend) setAnchor((a) => a ?? active);
    else setAnchor(null);
    setActive(next);
    rowVirtualizer.scrollToIndex(next.r, { align: "auto" });
    colVirtualizer.scrollToIndex(next.c, { align: "auto" });
  };
  const focusGrid = () => requestAnimationFrame(() => scrollRef.current?.focus({ preventScroll: true }));

  const startEdit = (text?: string) => {
    if (!editableAt(active) || asking) return;
    const key = keyAt(active);
    if (!key) return;
    const base = cells.get(key) ?? null;
    setAnchor(null);
    setEditing({ key, text: text ?? cellText(base), base });
  };

  const commit = (move: "down" | "right" | "none") => {
    const current = editingRef.current;
    if (!current) return;
    setEditing(null);
    const row = rows[active.r];
    const lecturer = lecturers[active.c];
    if (row && lecturer && current.text.trim() !== cellText(current.base)) {
      const parsed = parseCellInput(current.text);
      if (parsed.kind === "hours" && parsed.hours !== current.base?.hours_override) {
        setAsking({ ...current, cell: active, hours: parsed.hours, move });
        return;
      }
      onCommit(row, lecturer, current.text, current.base);
    }
    after(active, move);
  };
  const after = (cell: Cell, move: "down" | "right" | "none") => {
    if (move === "down") moveTo({ r: cell.r + 1, c: cell.c });
    else if (move === "right") moveTo({ r: cell.r, c: cell.c + 1 });
    focusGrid();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing || asking || e.target !== scrollRef.current) return;
    const k = e.key;
    const ctrl = e.ctrlKey || e.metaKey;
    const page = Math.max(1, Math.floor((height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    if (ctrl && k.toLowerCase() === "z") onUndo();
    else if (ctrl && k.toLowerCase() === "d") {
      if (canEdit && range.r2 > range.r1) onBlock("fill", fillDownTexts(range, rows, lecturers, cells), { r: range.r1 + 1, c: range.c1 }, rows, lecturers);
    } else if (ctrl && k === "Home") moveTo({ r: 0, c: 0 }, e.shiftKey);
    else if (ctrl && k === "End") moveTo({ r: rows.length - 1, c: lecturers.length - 1 }, e.shiftKey);
    else if (k === "ArrowDown") moveTo({ r: active.r + 1, c: active.c }, e.shiftKey);
    else if (k === "ArrowUp") moveTo({ r: active.r - 1, c: active.c }, e.shiftKey);
    else if (k === "ArrowRight") moveTo({ r: active.r, c: active.c + 1 }, e.shiftKey);
    else if (k === "ArrowLeft") moveTo({ r: active.r, c: active.c - 1 }, e.shiftKey);
    else if (k === "Home") moveTo({ r: active.r, c: 0 }, e.shiftKey);
    else if (k === "End") moveTo({ r: active.r, c: lecturers.length - 1 }, e.shiftKey);
    else if (k === "PageDown") moveTo({ r: active.r + page, c: active.c }, e.shiftKey);
    else if (k === "PageUp") moveTo({ r: active.r - page, c: active.c }, e.shiftKey);
    else if (k === "Enter" || k === "F2") startEdit();
    else if (k === "Escape") setAnchor(null);
    else if (k === "Delete" || k === "Backspace") {
      if (!canEdit) return;
      if (range.r1 === range.r2 && range.c1 === range.c2) {
        const key = keyAt(active);
        const base = key ? cells.get(key) : undefined;
        if (base && activeRow && activeLecturer && editableAt(active)) onCommit(activeRow, activeLecturer, "", base);
      } else {
        const texts = Array.from({ length: range.r2 - range.r1 + 1 }, () => Array.from({ length: range.c2 - range.c1 + 1 }, () => ""));
        onBlock("clear", texts, { r: range.r1, c: range.c1 }, rows, lecturers);
      }
    } else if (/^[0-9.]$/.test(k) && !ctrl && !e.altKey) startEdit(k);
    else return;
    e.preventDefault();
  };

  const onCopy = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing || e.target !== scrollRef.current) return;
    const lines = [];
    for (let r = range.r1; r <= range.r2; r++) {
      const line = [];
      for (let c = range.c1; c <= range.c2; c++) {
        const key = keyAt({ r, c });
        line.push(key ? cellText(cells.get(key)) : "");
      }
      lines.push(line.join("\t"));
    }
    e.clipboardData.setData("text/plain", lines.join("\n"));
    e.preventDefault();
  };
  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing || asking || !canEdit) return;
    const texts = parseClipboard(e.clipboardData.getData("text/plain"));
    if (texts.length === 0) return;
    e.preventDefault();
    onBlock("paste", texts, { r: range.r1, c: range.c1 }, rows, lecturers);
  };

  if (props.control) {
    props.control.current = { paste: (texts) => texts.length > 0 && onBlock("paste", texts, { r: range.r1, c: range.c1 }, rows, lecturers) };
  }

  // What every drawn row needs, kept the same object while scrolling so rows already drawn are not drawn again.
  const handlers = useRef({ commit, setText: (_text: string) => {}, cancel: () => {} });
  handlers.current = {
    commit,
    setText: (text: string) => {
      if (editingRef.current) setEditing({ ...editingRef.current, text });
    },
    cancel: () => {
      setEditing(null);
      focusGrid();
    },
  };
  const shared = useMemo<RowShared>(
    () => ({
      gridId,
      lecturers,
      cells,
      pending,
      warnings,
      othersEditing,
      canEdit,
      onEditText: (text) => handlers.current.setText(text),
      onEditKey: (key) => {
        if (key === "Escape") handlers.current.cancel();
        else handlers.current.commit(key === "Tab" ? "right" : "down");
      },
      onEditBlur: () => handlers.current.commit("none"),
    }),
    [gridId, lecturers, cells, pending, warnings, othersEditing, canEdit],
  );

  // One handler for every cell (event delegation): a click selects, Shift+click extends, a double click edits.
  const cellOf = (target: EventTarget | null): Cell | null => {
    const el = (target as HTMLElement | null)?.closest<HTMLElement>("[data-cell]");
    if (!el || el.querySelector("input")) return null;
    const [r, c] = el.dataset.cell!.split("-").map(Number);
    return { r, c };
  };

  const activeId = rows.length && lecturers.length ? `${gridId}-${active.r}-${active.c}` : undefined;
  const cellAt = (cell: Cell) => scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${cell.r}-${cell.c}"]`) ?? null;

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Department sheet"
      aria-rowcount={rows.length + 1}
      aria-colcount={lecturers.length + FROZEN.length}
      aria-multiselectable
      aria-activedescendant={activeId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onCopy={onCopy}
      onPaste={onPaste}
      onMouseDown={(e) => {
        const here = cellOf(e.target);
        if (!here) return;
        moveTo(here, e.shiftKey);
        focusGrid();
      }}
      onDoubleClick={(e) => {
        if (cellOf(e.target)) startEdit();
      }}
      data-testid="sheet-grid"
      className="relative overflow-auto rounded-lg border border-slate-200 bg-white text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      style={{ height }}
    >
      <div style={{ width: totalWidth, height: totalHeight, position: "relative" }}>
        <div role="row" aria-rowindex={1} className="sticky top-0 z-30 flex bg-slate-50" style={{ height: HEADER_HEIGHT, width: totalWidth }}>
          {FROZEN.map((f, i) => (
            <div
              key={f.id}
              role="columnheader"
              aria-colindex={i + 1}
              className="sticky z-40 flex items-end border-b border-r border-slate-200 bg-slate-50 px-2 pb-1.5 text-xs font-medium text-slate-600"
              style={{ left: FROZEN.slice(0, i).reduce((s, x) => s + x.width, 0), width: f.width, minWidth: f.width }}
            >
              {f.label}
            </div>
          ))}
          <div style={{ width: padLeft, minWidth: padLeft }} aria-hidden />
          {virtualCols.map((vc) => {
            const l = lecturers[vc.index];
            return <LecturerHeader key={l.id} lecturer={l} colIndex={vc.index + FROZEN.length + 1} active={vc.index === active.c} />;
          })}
          <div style={{ width: padRight, minWidth: padRight }} aria-hidden />
        </div>
        {virtualRows.map((vr) => {
          const r = vr.index;
          const inRange = r >= range.r1 && r <= range.r2;
          return (
            <SheetRowView
              key={rows[r].id}
              row={rows[r]}
              r={r}
              top={vr.start}
              cols={virtualCols}
              padLeft={padLeft}
              padRight={padRight}
              totalWidth={totalWidth}
              activeCol={active.r === r ? active.c : -1}
              selFrom={inRange ? range.c1 : -1}
              selTo={inRange ? range.c2 : -1}
              editing={active.r === r && editing ? editing : null}
              askingKey={asking?.key}
              askingText={asking?.text}
              shared={shared}
            />
          );
        })}
      </div>
      {asking && (
        <OverrideReasonPrompt
          anchor={cellAt(asking.cell)}
          hours={asking.hours}
          computedHours={asking.base?.computed_hours}
          previousReason={asking.base?.override_reason}
          onSave={(reason) => {
            const row = rows[asking.cell.r];
            const lecturer = lecturers[asking.cell.c];
            setAsking(null);
            if (row && lecturer) onCommit(row, lecturer, asking.text, asking.base, reason);
            after(asking.cell, asking.move);
          }}
          onCancel={() => {
            setAsking(null);
            focusGrid();
          }}
        />
      )}
    </div>
  );
}

type RowShared = {
  gridId: string;
  lecturers: SheetLecturer[];
  cells: ReadonlyMap<string, SheetAllocation>;
  pending: ReadonlyMap<string, string>;
  warnings: ReadonlyMap<string, string[]>;
  othersEditing: ReadonlyMap<string, string>;
  canEdit: boolean;
  onEditText: (text: string) => void;
  onEditKey: (key: "Enter" | "Tab" | "Escape") => void;
  onEditBlur: () => void;
};

/**
 * One drawn row: its frozen headers and the cells of the columns in view.
 * Memoised on what changes it (its place, the columns in view, the active
 * cell or selection in it), so scrolling draws only the rows that come in.
 */
const SheetRowView = memo(function SheetRowView({
  row,
  r,
  top,
  cols,
  padLeft,
  padRight,
  totalWidth,
  activeCol,
  selFrom,
  selTo,
  editing,
  askingKey,
  askingText,
  shared,
}: {
  row: SheetRow;
  r: number;
  top: number;
  cols: { index: number }[];
  padLeft: number;
  padRight: number;
  totalWidth: number;
  activeCol: number;
  selFrom: number;
  selTo: number;
  editing: Editing | null;
  askingKey: string | undefined;
  askingText: string | undefined;
  shared: RowShared;
}) {
  const editable = shared.canEdit && row.iteration.can_edit;
  const label = `${row.iteration.code} ${row.type.name}${row.group ? ` ${row.group.name}` : ""}`;
  return (
    <div
      role="row"
      aria-rowindex={r + 2}
      className={cn("absolute left-0 top-0 flex", row.first && "border-t border-slate-300")}
      // Moved by transform and contained, so a scroll re-lays out only the rows that come in.
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT, width: totalWidth, contain: "layout style" }}
    >
      <RowHeaders row={row} />
      <div style={{ width: padLeft, minWidth: padLeft }} aria-hidden />
      {cols.map(({ index: c }) => {
        const lecturer = shared.lecturers[c];
        const key = sheetCellKey(row.iteration.id, row.type.id, row.group?.id, lecturer.id);
        const isActive = activeCol === c;
        const selected = c >= selFrom && c <= selTo;
        const isEditing = isActive && editing !== null;
        const a = shared.cells.get(key);
        const other = shared.othersEditing.get(key);
        const pending = shared.pending.get(key);
        const warning = shared.warnings.get(key);
        return (
          <div
            key={lecturer.id}
            id={`${shared.gridId}-${r}-${c}`}
            role="gridcell"
            aria-colindex={c + FROZEN.length + 1}
            aria-selected={selected}
            aria-readonly={!editable}
            aria-label={`${label}, ${lecturer.name}: ${a ? `${a.share}%, ${formatHours(a.hours)}${a.hours_override !== undefined ? " (override)" : ""}` : "empty"}${other ? `, being edited by ${other}` : ""}${!row.iteration.can_edit && row.iteration.read_only_reason ? `, read-only: ${row.iteration.read_only_reason}` : ""}`}
            data-cell={`${r}-${c}`}
            data-key={key}
            title={[other ? `${other} is editing this cell` : "", row.iteration.read_only_reason ?? "", ...(warning ?? [])].filter(Boolean).join("\n") || undefined}
            className={cn(
              "relative flex shrink-0 items-center justify-between gap-1 border-b border-r border-slate-100 px-1.5",
              selected && !isActive && "bg-indigo-50",
              isActive && !isEditing && "ring-2 ring-inset ring-indigo-500",
              !row.iteration.can_edit && "bg-slate-50",
              other && "bg-purple-50 ring-2 ring-inset ring-purple-400",
            )}
            style={{ width: COLUMN_WIDTH, minWidth: COLUMN_WIDTH, height: ROW_HEIGHT, contain: "layout style" }}
          >
            {isEditing ? (
              <input
                autoFocus
                aria-label="Share % or hours (e.g. 50 or 12h)"
                className="absolute inset-0.5 rounded border border-indigo-400 px-1.5 text-sm tabular focus:outline-none"
                value={editing.text}
                onChange={(e) => shared.onEditText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === "Tab" || e.key === "Escape") {
                    e.preventDefault();
                    shared.onEditKey(e.key);
                  }
                }}
                onBlur={shared.onEditBlur}
              />
            ) : askingKey === key ? (
              <span className="tabular font-medium text-indigo-700">{askingText}</span>
            ) : pending !== undefined ? (
              <span className="tabular text-slate-600">{pending || "…"} saving</span>
            ) : a ? (
              <>
                <span className="tabular text-slate-800">
                  {a.share}%{a.response_status === "queried" ? <b className="ml-0.5 text-amber-700">?</b> : a.response_status === "accepted" ? <span className="ml-0.5 text-emerald-700">✓</span> : null}
                </span>
                <span className={cn("tabular text-xs", a.hours_override !== undefined ? "font-medium text-indigo-700" : "text-slate-600")}>{formatHours(a.hours)}</span>
              </>
            ) : (
              <span className="text-slate-500">·</span>
            )}
            {other && (
              <span className="absolute -top-1.5 right-0 z-10 rounded bg-purple-700 px-1 text-[10px] font-medium leading-4 text-white" data-testid="editing-marker">
                {other}
              </span>
            )}
            {warning && warning.length > 0 && <span className="absolute bottom-0 left-1 right-1 truncate text-[9px] leading-3 text-amber-800">⚠ {warning[0]}</span>}
          </div>
        );
      })}
      <div style={{ width: padRight, minWidth: padRight }} aria-hidden />
    </div>
  );
});

const WHOLE = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/** A lecturer's column header: name, department when from elsewhere, allocated / contract hours and utilisation (live). */
const LecturerHeader = memo(function LecturerHeader({ lecturer, colIndex, active }: { lecturer: SheetLecturer; colIndex: number; active: boolean }) {
  const band = styleForBand(lecturer.band);
  return (
    <div
      role="columnheader"
      aria-colindex={colIndex}
      title={`${lecturer.name} · ${lecturer.department_name}${lecturer.team_name ? ` / ${lecturer.team_name}` : ""}: ${formatHours(lecturer.allocated_hours)} of ${formatHours(lecturer.contract_hours)} (${band.label})`}
      className={cn("flex shrink-0 flex-col justify-end border-b border-r border-slate-200 px-1.5 pb-1 text-xs", active && "bg-indigo-50")}
      style={{ width: COLUMN_WIDTH, minWidth: COLUMN_WIDTH }}
      data-testid={`lecturer-header-${lecturer.id}`}
    >
      <span className="truncate font-medium text-slate-800">{lecturer.name}</span>
      {!lecturer.in_view && <span className="truncate text-[10px] text-slate-600">{lecturer.department_name}</span>}
      <span className="flex items-center justify-between gap-1 tabular text-slate-600">
        <span>
          {WHOLE.format(lecturer.allocated_hours)}/{WHOLE.format(lecturer.contract_hours)}h
        </span>
        <span className={cn("rounded px-1 font-semibold", band.text, band.bg)} data-testid="lecturer-utilisation">
          {formatPercent(lecturer.utilisation)}
        </span>
      </span>
    </div>
  );
});

const RowHeaders = memo(function RowHeaders({ row }: { row: SheetRow }) {
  const cov = row.covered;
  return (
    <>
      <div
        role="rowheader"
        aria-colindex={1}
        className="sticky left-0 z-20 flex shrink-0 flex-col justify-center overflow-hidden border-b border-r border-slate-200 bg-white px-2"
        style={{ width: FROZEN[0].width, minWidth: FROZEN[0].width }}
        title={row.iteration.read_only_reason}
      >
        <span className={cn("truncate text-xs", row.first ? "font-semibold text-slate-900" : "text-slate-500")}>
          {row.iteration.code}
          {!row.iteration.can_edit && (
            <span className="ml-1" aria-label={`read-only: ${row.iteration.read_only_reason ?? ""}`}>
              🔒
            </span>
          )}
        </span>
        {row.first && (
          <span className="truncate text-[11px] text-slate-600">
            {row.iteration.module_title} · {row.iteration.semester}
          </span>
        )}
      </div>
      <div
        role="rowheader"
        aria-colindex={2}
        className={cn("sticky z-20 flex shrink-0 items-center truncate border-b border-r border-slate-200 bg-white px-2 text-xs", row.group ? "pl-5 text-slate-600" : "text-slate-800")}
        style={{ left: FROZEN[0].width, width: FROZEN[1].width, minWidth: FROZEN[1].width }}
      >
        <span className="truncate">{row.group ? `${row.group.name} (${row.group.student_count})` : row.type.name}</span>
      </div>
      <div
        role="rowheader"
        aria-colindex={3}
        className={cn(
          "sticky z-20 flex shrink-0 items-center justify-end border-b border-r border-slate-200 bg-white px-2 text-xs tabular",
          cov === 0 ? "text-slate-500" : cov < 100 ? "text-amber-800" : cov > 100 ? "text-red-700" : "text-emerald-700",
        )}
        style={{ left: FROZEN[0].width + FROZEN[1].width, width: FROZEN[2].width, minWidth: FROZEN[2].width }}
      >
        {cov === 0 ? "–" : `${Math.round(cov)}%`}
      </div>
    </>
  );
});
