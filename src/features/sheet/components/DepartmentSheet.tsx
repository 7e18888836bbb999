/**
 * The department sheet page: pick the department or team (a scoped person
 * opens their own), filter (unallocated components, lecturers over
 * capacity, semester), and edit the grid as a spreadsheet. Single cells save
 * through the same cell writer as the iteration editor (conflict dialog,
 * override reasons, undo, presence); pasted and filled blocks are previewed,
 * then written all at once. The active cell's details (explanation,
 * history) sit below the grid.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { ConflictDialog } from "@/features/allocations/components/ConflictDialog";
import { PresenceAvatars } from "@/features/allocations/components/PresenceAvatars";
import { ReadOnlyNote } from "@/features/allocations/components/ReadOnlyNote";
import { useCellWriter, valueOf } from "@/features/allocations/hooks/useCellWriter";
import { usePresence } from "@/features/allocations/hooks/usePresence";
import { cellKey } from "@/features/allocations/utils/cellKey";
import type { CellValue } from "@/features/allocations/utils/allocationTypes";
import { parseCellInput } from "@/features/allocations/utils/parseCellInput";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useApplyBlock } from "../hooks/useBlockWrites";
import { useGetSheet, type SheetAllocation, type SheetLecturer, type SheetView } from "../hooks/useGetSheet";
import { parseClipboard } from "../utils/parseClipboard";
import { planBlock } from "../utils/planBlock";
import { indexAllocations, sheetCellKey, sheetRows, type SheetRow } from "../utils/sheetRows";
import { BlockPreviewDialog, type PendingBlock } from "./BlockPreviewDialog";
import { CellDetails } from "./CellDetails";
import { PasteTextDialog } from "./PasteTextDialog";
import { SheetGrid, type SheetFilters, type SheetGridControl } from "./SheetGrid";

const SEMESTERS = [
  { value: "S1", label: "Semester 1" },
  { value: "S2", label: "Semester 2" },
  { value: "S3", label: "Semester 3" },
  { value: "year", label: "Whole year" },
];

/** The view the URL names (?department= or ?team=), or the caller's own scope. */
function useSheetView(): { view: SheetView; setView: (v: { departmentId?: string; teamId?: string }) => void; scoped: boolean } {
  const [params, setParams] = useSearchParams();
  const { permissions } = useWorkspace();
  const grant = permissions.find((p) => p.permission === "allocations.view");
  const scoped = !!grant && !grant.all;
  const departmentId = params.get("department") ?? undefined;
  const teamId = params.get("team") ?? undefined;
  const view: SheetView = departmentId || teamId ? { departmentId, teamId } : scoped ? {} : null;
  const setView = (v: { departmentId?: string; teamId?: string }) => {
    const next = new URLSearchParams();
    if (v.teamId) next.set("team", v.teamId);
    else if (v.departmentId) next.set("department", v.departmentId);
    setParams(next, { replace: true });
  };
  return { view, setView, scoped };
}

/**
 * Marks for measuring the sheet (the scale test reads them): when a view is
 * asked for, when its data arrives, and when the grid has been painted.
 */
function useSheetTiming(sheet: unknown, view: SheetView) {
  const key = view ? `${view.departmentId ?? ""}:${view.teamId ?? ""}` : "";
  const asked = useRef<string | null>(null);
  if (key && asked.current !== key) {
    asked.current = key;
    performance.mark("sheet:requested");
  }
  const painted = useRef<string | null>(null);
  useEffect(() => {
    if (!sheet || painted.current === key) return;
    painted.current = key;
    performance.mark("sheet:data");
    // The frame after this commit is the one that shows the grid.
    requestAnimationFrame(() => setTimeout(() => performance.mark("sheet:painted"), 0));
  }, [sheet, key]);
}

export function DepartmentSheet() {
  const can = useCan();
  const toast = useToast();
  const structure = useListStructure();
  const { view, setView, scoped } = useSheetView();
  const sheet = useGetSheet(view);
  const writer = useCellWriter();
  const applyBlock = useApplyBlock();
  const [filters, setFilters] = useState<SheetFilters>({ semester: "", unallocatedOnly: false, overCapacityOnly: false });
  const [allGroups, setAllGroups] = useState(false);
  const [block, setBlock] = useState<PendingBlock | null>(null);
  const [applying, setApplying] = useState(false);
  const [pasting, setPasting] = useState(false);
  const [activeCell, setActiveCell] = useState<{ row: SheetRow | null; lecturer: SheetLecturer | null; editing: boolean }>({
    row: null,
    lecturer: null,
    editing: false,
  });
  const grid = useRef<SheetGridControl | null>(null);

  const rows = useMemo(() => (sheet ? sheetRows(sheet, allGroups) : []), [sheet, allGroups]);
  useSheetTiming(sheet, view);
  const cells = useMemo(() => indexAllocations(sheet?.allocations ?? []), [sheet]);
  const canEdit = can("allocations.edit") && !!sheet?.iterations.some((i) => i.can_edit);

  const editingCell =
    activeCell.editing && activeCell.row && activeCell.lecturer
      ? cellKey(activeCell.row.type.id, activeCell.row.group?.id, activeCell.lecturer.id)
      : null;
  const presence = usePresence(activeCell.row?.iteration.id ?? null, editingCell);
  const othersEditing = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of presence) if (p.moduleIterationId && p.editingCell) m.set(`${p.moduleIterationId}:${p.editingCell}`, p.name);
    return m;
  }, [presence]);

  const onActiveChange = useCallback(
    (row: SheetRow | null, lecturer: SheetLecturer | null, editing: boolean) =>
      setActiveCell((prev) => (prev.row?.id === row?.id && prev.lecturer?.id === lecturer?.id && prev.editing === editing ? prev : { row, lecturer, editing })),
    [],
  );

  const label = (row: SheetRow, lecturer: SheetLecturer) =>
    `${row.iteration.code} · ${row.type.name}${row.group ? ` (${row.group.name})` : ""} · ${lecturer.name}`;

  const onCommit = useCallback(
    (row: SheetRow, lecturer: SheetLecturer, text: string, base: SheetAllocation | null, reason?: string) => {
      const parsed = parseCellInput(text);
      if (parsed.kind === "invalid") {
        toast.show({ tone: "error", title: "Not a valid value", description: parsed.message });
        return;
      }
      const value: CellValue | null =
        parsed.kind === "clear"
          ? null
          : parsed.kind === "share"
            ? { share: parsed.share }
            : {
                ...(base ? { share: base.share } : {}),
                hours_override: parsed.hours,
                override_reason: reason ?? (base?.hours_override === parsed.hours ? base.override_reason : undefined),
              };
      void writer.save(
        {
          key: sheetCellKey(row.iteration.id, row.type.id, row.group?.id, lecturer.id),
          label: label(row, lecturer),
          target: { moduleIterationId: row.iteration.id, lecturerId: lecturer.id, allocationTypeId: row.type.id, groupId: row.group?.id ?? null },
          existing: base ? { id: base.id, version: base.version } : null,
          before: valueOf(base),
          value,
        },
        text,
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [writer.save, toast],
  );

  const onBlock = useCallback(
    (kind: PendingBlock["kind"], texts: string[][], anchor: { r: number; c: number }, shownRows: SheetRow[], shownLecturers: SheetLecturer[]) => {
      const plan = planBlock(texts, anchor, shownRows, shownLecturers, cells);
      if (plan.cells.length === 0) {
        toast.show({ tone: "error", title: "Nothing to paste", description: plan.problems[0] ?? "The block falls outside the sheet." });
        return;
      }
      setBlock({ kind, plan });
    },
    [cells, toast],
  );

  const apply = async (reason: string | undefined) => {
    if (!block) return;
    setApplying(true);
    try {
      const result = await applyBlock(block.plan.cells, reason);
      setBlock(null);
      toast.show({
        tone: result.warnings.length ? "warning" : "success",
        title: `${result.created} new, ${result.updated} changed, ${result.removed} emptied`,
        description: result.warnings.map((w) => w.message).join(" ") || undefined,
      });
    } catch (e) {
      const info = getErrorInfo(e);
      toast.show({ tone: "error", title: info.code === "CONFLICT" ? "Someone changed these cells first" : "Not written", description: info.message });
    } finally {
      setApplying(false);
    }
  };

  // Choosing a view: an organisation-wide planner picks a department (the first, until they choose).
  const departments = structure?.departments ?? [];
  useEffect(() => {
    if (view === null && !scoped && departments.length > 0) setView({ departmentId: departments[0]._id });
  }, [view, scoped, departments]); // eslint-disable-line react-hooks/exhaustive-deps
  const teams = structure?.teams.filter((t) => !view?.departmentId || t.department_id === view.departmentId) ?? [];

  const shownHere = presence.filter((p) => p.moduleIterationId && sheet?.iterations.some((i) => i.id === p.moduleIterationId));
  const readOnly = sheet && sheet.iterations.length > 0 && !sheet.iterations.some((i) => i.can_edit) && can("allocations.edit");

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Department sheet"
        subtitle={sheet ? `${sheet.label} · ${sheet.iterations.length} iterations · ${sheet.lecturers.length} lecturers` : "Iterations down the side, lecturers across the top"}
        actions={
          <span className="flex items-center gap-2">
            {shownHere.length > 0 && (
              <span className="flex items-center gap-1.5 text-xs text-slate-600">
                Also on the sheet <PresenceAvatars people={shownHere} label="Also on the sheet" />
              </span>
            )}
            {canEdit && (
              <>
                <Button size="sm" variant="ghost" disabled={!writer.lastUndo} onClick={() => void writer.undoLast()} title={writer.lastUndo ? `Undo: ${writer.lastUndo.label}` : "Nothing to undo"}>
                  ↶ Undo
                </Button>
                <Button size="sm" onClick={() => setPasting(true)}>
                  Paste a block…
                </Button>
              </>
            )}
          </span>
        }
      />
      <div className="flex flex-wrap items-end gap-2">
        {!scoped && (
          <Select
            label="Department"
            className="w-56"
            options={departments.map((d) => ({ value: d._id, label: d.name }))}
            value={view?.departmentId ?? ""}
            onChange={(e) => setView({ departmentId: e.target.value })}
          />
        )}
        <Select
          label="Team"
          className="w-48"
          placeholder="Whole department"
          options={teams.map((t) => ({ value: t._id, label: t.name }))}
          value={view?.teamId ?? ""}
          onChange={(e) => setView({ departmentId: view?.departmentId, teamId: e.target.value || undefined })}
        />
        <Select
          label="Semester"
          className="w-40"
          placeholder="All semesters"
          options={SEMESTERS}
          value={filters.semester}
          onChange={(e) => setFilters((f) => ({ ...f, semester: e.target.value }))}
        />
        <label className="flex h-8 items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={filters.unallocatedOnly} onChange={(e) => setFilters((f) => ({ ...f, unallocatedOnly: e.target.checked }))} />
          Not fully allocated
        </label>
        <label className="flex h-8 items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={filters.overCapacityOnly} onChange={(e) => setFilters((f) => ({ ...f, overCapacityOnly: e.target.checked }))} />
          Lecturers over capacity
        </label>
        <label className="flex h-8 items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={allGroups} onChange={(e) => setAllGroups(e.target.checked)} />
          Every group row
        </label>
      </div>
      {readOnly && <ReadOnlyNote reason="You can see this sheet but not change it." detail="Its modules are outside the departments you plan." />}
      {!sheet ? (
        <Spinner label="Loading the sheet…" />
      ) : sheet.iterations.length === 0 ? (
        <EmptyState title={`No iterations in ${sheet.label} this year`} description="Add iterations under Catalogue → Iterations, then plan them here." />
      ) : (
        <>
          <SheetGrid
            rows={rows}
            lecturers={sheet.lecturers}
            filters={filters}
            cells={cells}
            pending={writer.pending}
            warnings={writer.warnings}
            othersEditing={othersEditing}
            canEdit={canEdit}
            onCommit={onCommit}
            onBlock={onBlock}
            onUndo={() => void writer.undoLast()}
            onActiveChange={onActiveChange}
            control={grid}
            height={Math.max(360, window.innerHeight - 330)}
          />
          <p className="text-xs text-slate-600">
            Arrows move · type a share (<kbd>50</kbd>) or hours (<kbd>12h</kbd>) · <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels · <kbd>Del</kbd> empties ·{" "}
            <kbd>Shift</kbd>+arrows select · <kbd>Ctrl+C</kbd>/<kbd>Ctrl+V</kbd> copy and paste (from Excel or LibreOffice too) · <kbd>Ctrl+D</kbd> fills down ·{" "}
            <kbd>Ctrl+Z</kbd> undoes your last change.
          </p>
          <CellDetails row={activeCell.row} lecturer={activeCell.lecturer} allocation={activeCell.row && activeCell.lecturer ? (cells.get(sheetCellKey(activeCell.row.iteration.id, activeCell.row.type.id, activeCell.row.group?.id, activeCell.lecturer.id)) ?? null) : null} />
        </>
      )}
      <BlockPreviewDialog block={block} busy={applying} onApply={(r) => void apply(r)} onCancel={() => setBlock(null)} />
      <PasteTextDialog
        open={pasting}
        onClose={() => setPasting(false)}
        onPaste={(text) => {
          setPasting(false);
          grid.current?.paste(parseClipboard(text));
        }}
      />
      <ConflictDialog conflict={writer.conflict} onKeepTheirs={writer.keepTheirs} onApplyMine={() => void writer.applyMine()} />
    </div>
  );
}
