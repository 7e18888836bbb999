/** One audit entry's changed fields as old -> new. */
import { diffAudit, type AuditRow } from "../utils/diffAudit";

export function AuditDiff({ row }: { row: AuditRow }) {
  const lines = diffAudit(row);
  const named = lines.filter((l) => !l.field.endsWith("_id"));
  if (row.action === "create") {
    return (
      <span className="text-xs text-slate-500">
        Created
        {named.length
          ? ` with ${named
              .slice(0, 4)
              .map((l) => `${l.field} = ${l.after}`)
              .join(", ")}`
          : ""}
      </span>
    );
  }
  if (row.action === "soft_delete" || row.action === "delete") return <span className="text-xs text-red-700">Deleted</span>;
  if (row.action === "restore") return <span className="text-xs text-emerald-700">Restored</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {lines.map((l) => (
        <li key={l.field} className="flex flex-wrap items-baseline gap-1">
          <span className="font-mono text-slate-500">{l.field}</span>
          <span className="rounded bg-red-50 px-1 text-red-700 line-through decoration-red-300">{l.before}</span>
          <span aria-hidden className="text-slate-400">
            →
          </span>
          <span className="sr-only">changed to</span>
          <span className="rounded bg-emerald-50 px-1 text-emerald-800">{l.after}</span>
        </li>
      ))}
    </ul>
  );
}
