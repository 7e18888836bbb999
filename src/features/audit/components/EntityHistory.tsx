/** The change history of one or more entities (e.g. a lecturer's profile and year record), merged and newest first. */
import { Spinner } from "@/ui/Spinner";
import { formatDateTime } from "@/lib/formatDateTime";
import { useGetEntityHistory } from "../hooks/useGetEntityHistory";
import { entityLabel } from "../utils/entityLabel";
import { AuditDiff } from "./AuditDiff";
import type { AuditRow } from "../utils/diffAudit";

function HistoryList({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return <p className="py-3 text-sm text-slate-500">No recorded changes.</p>;
  return (
    <ol className="divide-y divide-slate-100" aria-label="History">
      {rows.map((r) => (
        <li key={r._id} className="grid grid-cols-[150px_1fr] gap-3 py-2">
          <div className="text-xs text-slate-500">
            <p>{formatDateTime(r.created_at)}</p>
            <p className="font-medium text-slate-700">{r.user_name ?? "System"}</p>
            <p>{entityLabel(r.entity_type)}</p>
          </div>
          <AuditDiff row={r} />
        </li>
      ))}
    </ol>
  );
}

export function EntityHistory({ entities }: { entities: { type: string; id: string | null }[] }) {
  const a = useGetEntityHistory(entities[0]?.type ?? "", entities[0]?.id ?? null);
  const b = useGetEntityHistory(entities[1]?.type ?? "", entities[1]?.id ?? null);
  if ((entities[0]?.id && !a) || (entities[1]?.id && !b)) return <Spinner label="Loading history…" />;
  const rows = [...(a ?? []), ...(b ?? [])].sort((x, y) => y.created_at - x.created_at);
  return <HistoryList rows={rows} />;
}
