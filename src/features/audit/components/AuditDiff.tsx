/** One audit entry's change in words: the fields changed, old → new (or what a new row was created with). */
import type { AuditEntry } from "../hooks/useListAuditLogs";

export function AuditDiff({ row }: { row: AuditEntry }) {
  if (row.action === "soft_delete" || row.action === "delete") return <span className="text-xs text-red-800">Removed</span>;
  if (row.action === "restore") return <span className="text-xs text-emerald-800">Restored</span>;
  if (row.action === "create") return <span className="text-xs text-slate-700">{row.summary.replace(/^created/, "Created")}</span>;
  return (
    <ul className="space-y-0.5 text-xs" aria-label="Changes">
      {row.changes.map((l) => (
        <li key={l.label} className="flex flex-wrap items-baseline gap-1">
          <span className="font-medium text-slate-700">{l.label}</span>
          <span className="rounded bg-red-50 px-1 text-red-800 line-through decoration-red-300">{l.before}</span>
          <span aria-hidden className="text-slate-500">
            →
          </span>
          <span className="sr-only">changed to</span>
          <span className="rounded bg-emerald-50 px-1 text-emerald-900">{l.after}</span>
        </li>
      ))}
    </ul>
  );
}
