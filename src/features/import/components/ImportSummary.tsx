/** An import's stage, live progress and counts, with the commit button once its dry run is done. */
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { useState } from "react";
import type { ImportView } from "../hooks/useImports";
import { useLeavers } from "../hooks/useLeavers";
import { IMPORT_STAGE_LABELS } from "../utils/importStageLabels";


export function ImportSummary({
  view,
  onCommit,
  onUndo,
  committing,
}: {
  view: ImportView;
  /** `confirmLeavers`: the person confirmed that the listed lecturers have left. */
  onCommit: (confirmLeavers: boolean) => void;
  onUndo: () => void;
  committing: boolean;
}) {
  const c = view.counts;
  const running = view.stage === "checking" || view.stage === "committing" || view.stage === "undoing";
  const leaverCount = c.leavers ?? 0;
  const toWrite = c.create + c.update + leaverCount;
  const leavers = useLeavers(view.id, leaverCount > 0);
  const [confirmed, setConfirmed] = useState(false);
  return (
    <div className="flex flex-col gap-3" aria-live="polite">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={IMPORT_STAGE_LABELS[view.stage].tone}>{IMPORT_STAGE_LABELS[view.stage].label}</Badge>
        <span className="text-sm text-slate-600">
          {view.file_name} · {c.rows} rows
        </span>
      </div>
      {running ? (
        <div>
          <div className="mb-1 text-xs text-slate-500">
            {view.phase ?? "Waiting"} · {view.percent}%
          </div>
          <div className="h-2 w-full rounded bg-slate-100" role="progressbar" aria-valuenow={view.percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-2 rounded bg-indigo-500" style={{ width: `${view.percent}%` }} />
          </div>
        </div>
      ) : null}
      {view.error && view.stage === "failed" ? <p className="text-sm text-red-700">{view.error}</p> : null}
      {view.stage === "refused" && view.message ? (
        <p className="text-sm text-red-700" data-testid="import-refused">
          {view.message}
        </p>
      ) : null}
      {view.missing_fields.length > 0 ? (
        <p className="text-sm text-amber-800">No column fills: {view.missing_fields.join(", ")}. Rows that need them are flagged.</p>
      ) : null}
      <dl className="grid grid-cols-3 gap-2 text-sm sm:grid-cols-6" data-testid="import-counts">
        {[
          ["OK", c.ok],
          ["Warnings", c.warning],
          ["Errors", c.error],
          ["To create", c.create],
          ["To update", c.update],
          ["Unchanged", c.unchanged],
        ].map(([label, value]) => (
          <div key={label} className="rounded border border-slate-200 px-2 py-1">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {view.stage === "committed" || view.stage === "undone" ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-emerald-700" data-testid="import-result">
            {view.message}
          </p>
          {view.stage === "committed" && view.counts.written > 0 ? (
            <Button size="sm" onClick={onUndo} loading={committing} title="Possible while nothing the import wrote has changed since">
              Undo this import
            </Button>
          ) : null}
        </div>
      ) : null}
      {leaverCount > 0 ? (
        <div className="rounded border border-amber-200 bg-amber-50 p-2 text-sm" data-testid="leavers">
          <p className="font-medium text-amber-900">
            This full staff list leaves out {leaverCount} lecturer{leaverCount === 1 ? "" : "s"} of the year: they are marked as leavers (status Left) when
            you commit, never deleted.
          </p>
          <ul className="mt-1 list-inside list-disc text-xs text-amber-900">
            {leavers.map((l) => (
              <li key={l.lecturer_id}>
                {l.name} &lt;{l.email}&gt;{l.outcome ? ` — ${l.outcome}` : ""}
              </li>
            ))}
          </ul>
          {view.stage === "checked" ? (
            <label className="mt-2 flex items-center gap-2 text-xs">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              These lecturers have left
            </label>
          ) : null}
        </div>
      ) : null}
      {view.stage === "checked" ? (
        <div className="flex items-center gap-3">
          <Button variant="primary" onClick={() => onCommit(confirmed)} loading={committing} disabled={toWrite === 0 || (leaverCount > 0 && !confirmed)}>
            Commit {toWrite} row{toWrite === 1 ? "" : "s"}
          </Button>
          <span className="text-xs text-slate-500">
            {c.error > 0 ? `${c.error} row${c.error === 1 ? "" : "s"} with errors will be skipped. ` : ""}
            Rows edited in the app since the dry run are reported as conflicts and left as they are.
          </span>
        </div>
      ) : null}
    </div>
  );
}
