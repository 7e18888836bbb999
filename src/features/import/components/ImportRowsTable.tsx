/** The dry run's verdict per row (and the commit's outcome once committed), filtered by status. */
import { Fragment, useState } from "react";
import type { ImportKindName } from "@convex/lib/imports/fields";
import { Badge, type BadgeTone } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { useImport, type RowFilter } from "../hooks/useImport";
import { RowEditor } from "./RowEditor";

const STATUS_TONE: Record<string, BadgeTone> = { ok: "green", warning: "amber", error: "red" };
const OUTCOME_TONE: Record<string, BadgeTone> = { written: "green", unchanged: "neutral", conflict: "orange", skipped: "neutral", failed: "red" };
const FILTERS: { id: RowFilter; label: string }[] = [
  { id: "all", label: "All rows" },
  { id: "error", label: "Errors" },
  { id: "warning", label: "Warnings" },
  { id: "ok", label: "OK" },
];

/** `editable`: the dry run is done and nothing is committed, so flagged rows can be fixed. */
export function ImportRowsTable({ importId, kind, editable }: { importId: string; kind: ImportKindName; editable: boolean }) {
  const [filter, setFilter] = useState<RowFilter>("all");
  const [editing, setEditing] = useState<string | null>(null);
  const { rows, status, loadMore, fixRow } = useImport(importId, filter);
  return (
    <div className="flex flex-col gap-2">
      <div role="group" aria-label="Show rows" className="flex gap-1">
        {FILTERS.map((f) => (
          <Button key={f.id} size="sm" variant={filter === f.id ? "primary" : "secondary"} aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
            {f.label}
          </Button>
        ))}
      </div>
      <Table aria-label="Rows of the file">
        <thead>
          <tr>
            <Th>Row</Th>
            <Th>Status</Th>
            <Th>Would</Th>
            <Th>Findings</Th>
            <Th>Changes</Th>
            <Th>Commit</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Fragment key={r.id}>
            <Tr data-row={r.position}>
              <Td className="tabular-nums">{r.position}</Td>
              <Td>{r.status ? <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge> : "…"}</Td>
              <Td className="text-xs">{r.action === "none" ? "—" : (r.action ?? "")}</Td>
              <Td className="text-xs">
                {r.messages.map((m, i) => (
                  <div key={i} className={m.level === "error" ? "text-red-700" : "text-amber-800"}>
                    {m.column ? <span className="font-mono">{m.column}</span> : null}
                    {m.column ? ": " : ""}
                    {m.message}
                  </div>
                ))}
              </Td>
              <Td className="max-w-md text-xs text-slate-600">
                {r.changes.slice(0, 4).map((c, i) => (
                  <div key={i}>{c}</div>
                ))}
                {r.changes.length > 4 ? <div>… and {r.changes.length - 4} more</div> : null}
              </Td>
              <Td className="text-xs">
                {r.outcome ? <Badge tone={OUTCOME_TONE[r.outcome]} title={r.outcome_message ?? undefined}>{r.outcome}</Badge> : null}
                {r.outcome === "conflict" && r.outcome_message ? <div className="text-orange-700">{r.outcome_message}</div> : null}
                {editable && r.status !== "ok" && editing !== r.id ? (
                  <Button size="sm" variant="ghost" onClick={() => setEditing(r.id)}>
                    Fix row {r.position}
                  </Button>
                ) : null}
              </Td>
            </Tr>
            {editing === r.id ? (
              <tr>
                <td colSpan={6} className="px-3 py-2">
                  <RowEditor
                    kind={kind}
                    cells={r.cells}
                    onCancel={() => setEditing(null)}
                    onSave={async (cells) => {
                      await fixRow(r.id, cells);
                      setEditing(null);
                    }}
                  />
                </td>
              </tr>
            ) : null}
            </Fragment>
          ))}
        </tbody>
      </Table>
      {rows.length === 0 && status !== "LoadingFirstPage" ? <p className="text-sm text-slate-500">No rows to show.</p> : null}
      {status === "CanLoadMore" ? (
        <Button size="sm" onClick={loadMore}>
          Show more rows
        </Button>
      ) : null}
    </div>
  );
}
