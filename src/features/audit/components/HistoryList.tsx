/** Audit entries as a history: when, who, what (named in words) and the change. */
import { formatDateTime } from "@/lib/formatDateTime";
import type { AuditEntry } from "../hooks/useListAuditLogs";
import { AuditDiff } from "./AuditDiff";

export function HistoryList({ rows }: { rows: AuditEntry[] }) {
  if (rows.length === 0) return <p className="py-3 text-sm text-slate-600">No recorded changes.</p>;
  return (
    <ol className="divide-y divide-slate-100" aria-label="History">
      {rows.map((r) => (
        <li key={r._id} className="grid grid-cols-[160px_1fr] gap-3 py-2">
          <div className="text-xs text-slate-600">
            <p>{formatDateTime(r.created_at)}</p>
            <p className="font-medium text-slate-800">{r.user_name}</p>
          </div>
          <div>
            <p className="text-xs font-medium text-slate-800">{r.entity_label}</p>
            <AuditDiff row={r} />
          </div>
        </li>
      ))}
    </ol>
  );
}
