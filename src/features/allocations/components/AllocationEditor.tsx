/**
 * The allocation editor for one academic year: iterations on the left, the
 * selected iteration's grid on the right. Saves carry the version the planner
 * saw; a stale save opens the conflict dialog. Keeps one's own changes for
 * undo, sends presence, and shows capacity warnings returned by the server.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { formatHours } from "@/lib/formatHours";
import { useListAllocationTypes } from "@/features/catalogue/hooks/useListAllocationTypes";
import { useListGroups } from "@/features/catalogue/hooks/useListGroups";
import { useListIterations } from "@/features/catalogue/hooks/useListIterations";
import { useListYearLecturers } from "@/features/lecturers/hooks/useListYearLecturers";
import { useListLecturerTotals } from "@/features/workload/hooks/useListLecturerTotals";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useAllocationActions } from "../hooks/useAllocationActions";
import { useListCoverageGaps } from "../hooks/useListCoverageGaps";
import { useListIterationAllocations } from "../hooks/useListIterationAllocations";
import { usePresence } from "../hooks/usePresence";
import { parseCellInput } from "../utils/parseCellInput";
import { cellKey } from "../utils/cellKey";
import { gridRows, type GridRow } from "../utils/gridRows";
import type { AllocationRow, CellValue } from "../utils/allocationTypes";
import { hoursOf } from "../utils/hoursOf";
import type { UndoEntry } from "../utils/undoStack";
import { useUndoStack } from "../hooks/useUndoStack";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { AllocationGrid, type LecturerLoad } from "./AllocationGrid";
import { AddLecturerPicker } from "./AddLecturerPicker";
import { ConflictDialog, type Conflict } from "./ConflictDialog";
import { IterationList } from "./IterationList";
import { PresenceAvatars } from "./PresenceAvatars";
import { SuggestionsButton } from "./SuggestionsButton";

/** A stored allocation as a cell value; an override keeps its reason (undo and "Use mine" send it again). */
function valueOf(
  a: { share: number; hours_override?: number | null; override_reason?: string | null } | null | undefined,
): CellValue | null {
  if (!a) return null;
  if (a.hours_override === undefined || a.hours_override === null) return { share: a.share };
  return a.override_reason
    ? { share: a.share, hours_override: a.hours_override, override_reason: a.override_reason }
    : { share: a.share, hours_override: a.hours_override };
}

export function AllocationEditor({ iterationId }: { iterationId: string | null }) {
  const can = useCan();
  const canEdit = can("allocations.edit");
  const toast = useToast();
  const navigate = useNavigate();
  const iterations = useListIterations();
  const types = useListAllocationTypes();
  const groups = useListGroups(iterationId);
  const lecturers = useListYearLecturers();
  const totals = useListLecturerTotals();
  const allocations = useListIterationAllocations(iterationId);
  const gaps = useListCoverageGaps();
  const actions = useAllocationActions();

  const [editingKey, setEditingKey] = useState<string | null>(null);
  const presence = usePresence(iterationId, editingKey);
  const [pending, setPending] = useState<Map<string, string>>(new Map());
  const [warnings, setWarnings] = useState<Map<string, string[]>>(new Map());
  const [extraColumns, setExtraColumns] = useState<Record<string, string[]>>({});
  const { organisationId, academicYearId, userId } = useWorkspace();
  const undo = useUndoStack(`${organisationId}.${userId}.${academicYearId}`);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const iteration = iterations?.find((i) => i._id === iterationId) ?? null;
  const [showAllGroups, setShowAllGroups] = useState(false);
  const cells = useMemo(() => {
    const m = new Map<string, AllocationRow>();
    for (const a of allocations ?? []) m.set(cellKey(a.allocation_type_id, a.group_id, a.lecturer_id), a);
    return m;
  }, [allocations]);
  // Per-group rows appear when used (or on request), so a many-group iteration stays compact.
  const allRows = useMemo(() => (types && groups ? gridRows(types, groups) : []), [types, groups]);
  const rows = useMemo(() => {
    if (showAllGroups) return allRows;
    const used = new Set((allocations ?? []).filter((a) => a.group_id).map((a) => `${a.allocation_type_id}:${a.group_id}`));
    return allRows.filter((r) => !r.group || used.has(r.key));
  }, [allRows, allocations, showAllGroups]);
  const hiddenGroupRows = allRows.length - rows.length;
  const lecturerById = useMemo(() => new Map((lecturers ?? []).map((l) => [l._id, l])), [lecturers]);
  const columns = useMemo(() => {
    const ids = new Set<string>((allocations ?? []).map((a) => a.lecturer_id));
    const names = new Map((allocations ?? []).map((a) => [a.lecturer_id, a.lecturer_name]));
    const fromAllocations = [...ids]
      .map((id) => ({ _id: id, full_name: lecturerById.get(id)?.full_name ?? names.get(id) ?? "Lecturer" }))
      .sort((a, b) => a.full_name.localeCompare(b.full_name));
    const extra = (extraColumns[iterationId ?? ""] ?? [])
      .filter((id) => !ids.has(id))
      .map((id) => ({ _id: id, full_name: lecturerById.get(id)?.full_name ?? "Lecturer" }));
    return [...fromAllocations, ...extra];
  }, [allocations, extraColumns, iterationId, lecturerById]);
  const loads = useMemo(() => {
    const m = new Map<string, LecturerLoad>();
    for (const t of totals ?? []) m.set(t.lecturer_id, t);
    return m;
  }, [totals]);
  const othersEditing = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of presence) if (p.moduleIterationId === iterationId && p.editingCell) m.set(p.editingCell, p.name);
    return m;
  }, [presence, iterationId]);
  const viewersHere = presence.filter((p) => p.moduleIterationId === iterationId);

  const setPendingKey = (key: string, text: string | null) =>
    setPending((m) => {
      const n = new Map(m);
      if (text === null) n.delete(key);
      else n.set(key, text);
      return n;
    });
  const setWarningsKey = (key: string, list: string[]) =>
    setWarnings((m) => {
      const n = new Map(m);
      if (list.length) n.set(key, list);
      else n.delete(key);
      return n;
    });

  // Read through a ref so the (memoised) save handlers always name the current iteration and lecturer.
  const labelOf = useRef((row: GridRow, lecturerId: string) => `${row.label} · ${lecturerId}`);
  labelOf.current = (row: GridRow, lecturerId: string) =>
    `${iteration?.code ?? ""} · ${row.label}${row.group ? ` (${row.group.name})` : ""} · ${lecturerById.get(lecturerId)?.full_name ?? columns.find((c) => c._id === lecturerId)?.full_name ?? ""}`;

  /** Writes `value` (null = remove) for a cell; returns the undo entry, or opens the conflict dialog. */
  const write = useCallback(
    async (
      key: string,
      label: string,
      target: UndoEntry["target"],
      existing: { id: string; version: number } | null,
      before: CellValue | null,
      value: CellValue | null,
    ): Promise<UndoEntry | null> => {
      try {
        if (value === null) {
          if (!existing) return null;
          await actions.remove(existing.id, existing.version);
          setWarningsKey(key, []);
          return { key, label, allocationId: existing.id, versionAfter: null, before, after: null, target };
        }
        const result = existing
          ? await actions.update(existing.id, existing.version, value)
          : await actions.create({ ...target, ...value });
        setWarningsKey(key, result.warnings);
        if (result.warnings.length) toast.show({ tone: "warning", title: "Saved with a warning", description: result.warnings.join(" ") });
        return { key, label, allocationId: result.id, versionAfter: result.version, before, after: value, target };
      } catch (e) {
        const info = getErrorInfo(e);
        if (info.code === "CONFLICT" || (info.code === "NOT_FOUND" && existing)) {
          const current = (info.data.current ?? null) as {
            id?: string;
            _id?: string;
            share: number;
            hours_override?: number;
            override_reason?: string;
            deleted?: boolean;
          } | null;
          setConflict({
            key,
            label,
            mine: value,
            theirs: info.code === "NOT_FOUND" ? null : valueOf(current),
            currentVersion: typeof info.data.currentVersion === "number" ? info.data.currentVersion : null,
            allocationId: info.code === "NOT_FOUND" ? null : (current?.id ?? current?._id ?? existing?.id ?? null),
            target,
          });
        } else {
          toast.show({ tone: "error", title: "Not saved", description: info.message });
        }
        return null;
      }
    },
    [actions, toast],
  );

  const onCommit = useCallback(
    async (key: string, row: GridRow, lecturerId: string, text: string, base: AllocationRow | null, overrideReason?: string) => {
      if (!iterationId) return;
      const parsed = parseCellInput(text);
      if (parsed.kind === "invalid") {
        toast.show({ tone: "error", title: "Not a valid value", description: parsed.message });
        return;
      }
      const existingRow = base ?? undefined;
      const before = valueOf(existingRow);
      const value: CellValue | null =
        parsed.kind === "clear"
          ? null
          : parsed.kind === "share"
            ? { share: parsed.share }
            : {
                share: existingRow?.share ?? 100,
                hours_override: parsed.hours,
                // The grid asks for a reason when the override is new or changed; an unchanged one keeps its reason.
                override_reason:
                  overrideReason ?? (existingRow?.hours_override === parsed.hours ? existingRow.override_reason : undefined),
              };
      const target = { moduleIterationId: iterationId, lecturerId, allocationTypeId: row.type._id, groupId: row.group?._id ?? null };
      setPendingKey(key, text);
      const entry = await write(
        key,
        labelOf.current(row, lecturerId),
        target,
        existingRow ? { id: existingRow._id, version: existingRow.version } : null,
        before,
        value,
      );
      setPendingKey(key, null);
      if (entry) undo.push(entry);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [iterationId, write, toast, undo.push],
  );

  const onUndo = useCallback(async () => {
    const last = undo.last;
    if (!last) return;
    undo.pop();
    setPendingKey(last.key, "undo");
    const existing =
      last.after === null
        ? null
        : last.allocationId && last.versionAfter !== null
          ? { id: last.allocationId, version: last.versionAfter }
          : null;
    const entry = await write(last.key, last.label, last.target, existing, last.after, last.before);
    setPendingKey(last.key, null);
    if (entry) toast.show({ tone: "info", title: "Undone", description: last.label });
  }, [undo, write, toast]);

  const resolveKeepTheirs = () => setConflict(null);
  const resolveApplyMine = async () => {
    const c = conflict;
    if (!c) return;
    setConflict(null);
    setPendingKey(c.key, "");
    const existing = c.allocationId && c.currentVersion !== null ? { id: c.allocationId, version: c.currentVersion } : null;
    const entry = await write(c.key, c.label, c.target, existing, c.theirs, c.mine);
    setPendingKey(c.key, null);
    if (entry) {
      undo.push(entry);
      toast.show({ tone: "success", title: "Your value was saved", description: c.label });
    }
  };

  if (!iterations) return <Spinner label="Loading iterations…" />;
  if (iterations.length === 0)
    return (
      <EmptyState
        title="No module iterations in this year"
        description="Add iterations under Catalogue → Iterations, then allocate lecturers here."
      />
    );

  const lastUndo = undo.last;
  const totalHours = (allocations ?? []).reduce((s, a) => s + hoursOf(a), 0);
  const carriedCount = (allocations ?? []).filter((a) => a.carried).length;

  return (
    <div className="flex h-[calc(100vh-8.5rem)] min-h-96 gap-4">
      <IterationList iterations={iterations} selectedId={iterationId} presence={presence} gaps={gaps} />
      <div className="flex min-w-0 flex-1 flex-col gap-3">
        {!iteration ? (
          <EmptyState
            title="Choose an iteration"
            description="Pick a module iteration on the left to allocate lecturers to its components and groups."
            action={
              <Button size="sm" onClick={() => navigate(`/allocations/${iterations[0]._id}`)}>
                Open {iterations[0].code}
              </Button>
            }
          />
        ) : (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
                  <Link to={`/iterations/${iteration._id}`} className="hover:underline" data-testid="iteration-code">
                    {iteration.code}
                  </Link>
                  <span className="font-normal text-slate-500">{iteration.module?.title}</span>
                  <Badge>{iteration.semester}</Badge>
                </h2>
                <p className="text-xs text-slate-500">
                  {iteration.student_count} students · {groups?.length ?? 0} groups · {iteration.module?.credits ?? "?"} credits ·{" "}
                  {formatHours(totalHours)} allocated
                  {carriedCount > 0 && (
                    <>
                      {" · "}
                      <span data-testid="carried-count" title="Carried from last year by the rollover (↻ in the grid): review and confirm them">
                        ↻ {carriedCount} carried from last year
                      </span>
                    </>
                  )}
                </p>
              </div>
              <div className="flex items-center gap-2">
                {viewersHere.length > 0 && (
                  <span className="flex items-center gap-1.5 text-xs text-slate-500">
                    Also here <PresenceAvatars people={viewersHere} label="Also here" />
                  </span>
                )}
                {canEdit && <SuggestionsButton />}
                {canEdit && (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={!lastUndo}
                    onClick={() => void onUndo()}
                    title={lastUndo ? `Undo: ${lastUndo.label}` : "Nothing to undo"}
                  >
                    ↶ Undo
                  </Button>
                )}
                {(hiddenGroupRows > 0 || showAllGroups) && (
                  <Button size="sm" variant="ghost" aria-pressed={showAllGroups} onClick={() => setShowAllGroups((v) => !v)}>
                    {showAllGroups ? "Hide unused group rows" : `Show group rows (${hiddenGroupRows})`}
                  </Button>
                )}
                {canEdit && lecturers && (
                  <AddLecturerPicker
                    lecturers={lecturers}
                    exclude={new Set(columns.map((c) => c._id))}
                    onPick={(id) => setExtraColumns((m) => ({ ...m, [iteration._id]: [...(m[iteration._id] ?? []), id] }))}
                  />
                )}
              </div>
            </div>
            {!allocations || !types || !groups || !lecturers ? (
              <Spinner label="Loading allocations…" />
            ) : columns.length === 0 ? (
              <EmptyState
                title="Nobody is allocated to this iteration yet"
                description={
                  canEdit ? "Add a lecturer, then type a share (e.g. 50) or hours (e.g. 12h) into a cell." : "Nothing to show yet."
                }
              />
            ) : (
              <div className="min-h-0 flex-1 overflow-auto">
                <AllocationGrid
                  rows={rows}
                  lecturers={columns}
                  cells={cells}
                  pending={pending}
                  warnings={warnings}
                  othersEditing={othersEditing}
                  loads={loads}
                  canEdit={canEdit}
                  canEditColumn={(id) => {
                    const l = lecturerById.get(id);
                    return can("allocations.edit", { departmentId: l?.department_id, teamId: l?.team_id });
                  }}
                  onCommit={(k, r, l, t, b, reason) => void onCommit(k, r, l, t, b, reason)}
                  onEditingChange={setEditingKey}
                  onUndo={() => void onUndo()}
                  onRemoveLecturer={(id) =>
                    setExtraColumns((m) => ({ ...m, [iteration._id]: (m[iteration._id] ?? []).filter((x) => x !== id) }))
                  }
                />
                {canEdit && (
                  <p className="mt-2 text-xs text-slate-500">
                    Type a share (<kbd>50</kbd>) or hours (<kbd>12h</kbd>, an override: you are asked why) · <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels ·{" "}
                    <kbd>Del</kbd> clears · <kbd>Ctrl+Z</kbd> undoes your last change · click an hours figure to see how it was worked out.
                  </p>
                )}
              </div>
            )}
          </>
        )}
      </div>
      <ConflictDialog conflict={conflict} onKeepTheirs={resolveKeepTheirs} onApplyMine={() => void resolveApplyMine()} />
    </div>
  );
}
