/**
 * The allocation editor for one academic year: iterations on the left, the
 * selected iteration's grid on the right. Saves go through the shared cell
 * writer (useCellWriter): they carry the version the planner saw, a stale
 * save or a create into a cell someone filled first opens the conflict
 * dialog, one's own changes can be undone. Rows the caller may read but not
 * change show read-only with the reason; allocations outside their scope are
 * said to be hidden, never shown as "nobody".
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { formatHours } from "@/lib/formatHours";
import { useListAllocationTypes } from "@/features/catalogue/hooks/useListAllocationTypes";
import { useListGroups } from "@/features/catalogue/hooks/useListGroups";
import { useListIterations } from "@/features/catalogue/hooks/useListIterations";
import { useListYearLecturers } from "@/features/lecturers/hooks/useListYearLecturers";
import { useListLecturerTotals } from "@/features/workload/hooks/useListLecturerTotals";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useCellWriter, valueOf } from "../hooks/useCellWriter";
import { useListCoverageGaps } from "../hooks/useListCoverageGaps";
import { useListIterationAllocations } from "../hooks/useListIterationAllocations";
import { usePresence } from "../hooks/usePresence";
import { parseCellInput } from "../utils/parseCellInput";
import { cellKey } from "../utils/cellKey";
import { gridRows, type GridRow } from "../utils/gridRows";
import type { AllocationRow, CellValue } from "../utils/allocationTypes";
import { hoursOf } from "../utils/hoursOf";
import { AllocationGrid, type LecturerLoad } from "./AllocationGrid";
import { AddLecturerPicker } from "./AddLecturerPicker";
import { ConflictDialog } from "./ConflictDialog";
import { IterationList } from "./IterationList";
import { PresenceAvatars } from "./PresenceAvatars";
import { ReadOnlyNote } from "./ReadOnlyNote";
import { SuggestionsButton } from "./SuggestionsButton";

export function AllocationEditor({ iterationId }: { iterationId: string | null }) {
  const can = useCan();
  const toast = useToast();
  const navigate = useNavigate();
  const iterations = useListIterations();
  const types = useListAllocationTypes();
  const groups = useListGroups(iterationId);
  const lecturers = useListYearLecturers();
  const totals = useListLecturerTotals();
  const listed = useListIterationAllocations(iterationId);
  const allocations = listed?.allocations;
  const gaps = useListCoverageGaps();
  const writer = useCellWriter();
  // Changing allocations here depends on the module's department (the server says per iteration).
  const canEdit = can("allocations.edit") && (listed?.can_edit ?? false);

  const [editingKey, setEditingKey] = useState<string | null>(null);
  const presence = usePresence(iterationId, editingKey);
  const [extraColumns, setExtraColumns] = useState<Record<string, string[]>>({});

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
  const lecturerById = useMemo(() => new Map<string, (typeof lecturers & {})[number]>((lecturers ?? []).map((l) => [l._id, l])), [lecturers]);
  const columns = useMemo(() => {
    const ids = new Set<string>((allocations ?? []).map((a) => a.lecturer_id));
    const names = new Map((allocations ?? []).map((a) => [a.lecturer_id as string, a.lecturer_name]));
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

  // Read through a ref so the (memoised) save handlers always name the current iteration and lecturer.
  const labelOf = useRef((row: GridRow, lecturerId: string) => `${row.label} · ${lecturerId}`);
  labelOf.current = (row: GridRow, lecturerId: string) =>
    `${iteration?.code ?? ""} · ${row.label}${row.group ? ` (${row.group.name})` : ""} · ${lecturerById.get(lecturerId)?.full_name ?? columns.find((c) => c._id === lecturerId)?.full_name ?? ""}`;

  const onCommit = useCallback(
    async (key: string, row: GridRow, lecturerId: string, text: string, base: AllocationRow | null, overrideReason?: string) => {
      if (!iterationId) return;
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
                // Hours into an empty cell: the server stores the share they are of the component.
                ...(base ? { share: base.share } : {}),
                hours_override: parsed.hours,
                // The grid asks for a reason when the override is new or changed; an unchanged one keeps its reason.
                override_reason: overrideReason ?? (base?.hours_override === parsed.hours ? base.override_reason : undefined),
              };
      await writer.save(
        {
          key,
          label: labelOf.current(row, lecturerId),
          target: { moduleIterationId: iterationId, lecturerId, allocationTypeId: row.type._id, groupId: row.group?._id ?? null },
          existing: base ? { id: base.id, version: base.version } : null,
          before: valueOf(base),
          value,
        },
        text,
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [iterationId, writer.save, toast],
  );

  if (!iterations) return <Spinner label="Loading iterations…" />;
  if (iterations.length === 0)
    return (
      <EmptyState
        title="No module iterations in this year"
        description="Add iterations under Catalogue → Iterations, then allocate lecturers here."
      />
    );

  const lastUndo = writer.lastUndo;
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
                  {formatHours(totalHours)} allocated{listed?.has_hidden ? " that you may see" : ""}
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
                    onClick={() => void writer.undoLast()}
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
            {listed && !listed.can_edit && listed.read_only_reason && can("allocations.edit") && (
              <ReadOnlyNote
                reason={listed.read_only_reason}
                detail={listed.has_hidden ? "You cannot change its allocations." : "You can see these allocations but not change them."}
              />
            )}
            {listed?.has_hidden && listed.hidden_reason && <ReadOnlyNote reason={listed.hidden_reason} />}
            {!allocations || !types || !groups || !lecturers ? (
              <Spinner label="Loading allocations…" />
            ) : columns.length === 0 ? (
              <EmptyState
                title={listed?.has_hidden ? "No allocations you may see on this iteration" : "Nobody is allocated to this iteration yet"}
                description={
                  listed?.has_hidden
                    ? (listed.hidden_reason ?? "")
                    : canEdit
                      ? "Add a lecturer, then type a share (e.g. 50) or hours (e.g. 12h) into a cell."
                      : "Nothing to show yet."
                }
              />
            ) : (
              <div className="min-h-0 flex-1 overflow-auto">
                <AllocationGrid
                  rows={rows}
                  lecturers={columns}
                  cells={cells}
                  pending={writer.pending}
                  warnings={writer.warnings}
                  othersEditing={othersEditing}
                  loads={loads}
                  canEdit={canEdit}
                  readOnlyReason={listed?.read_only_reason}
                  onCommit={(k, r, l, t, b, reason) => void onCommit(k, r, l, t, b, reason)}
                  onEditingChange={setEditingKey}
                  onUndo={() => void writer.undoLast()}
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
      <ConflictDialog conflict={writer.conflict} onKeepTheirs={writer.keepTheirs} onApplyMine={() => void writer.applyMine()} />
    </div>
  );
}
