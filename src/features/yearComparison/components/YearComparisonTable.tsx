/**
 * Two years side by side, one row per lecturer or module: each year's hours
 * (and FTE, or students), who teaches it, the differences and why they
 * moved (the server's reasons, e.g. a module's assessment). Rows in one
 * year only are marked (joined / left, new / dropped); a module row that
 * counts only the reader's own lecturers says so.
 */
import { Badge } from "@/ui/Badge";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatHours } from "@/lib/formatHours";
import type { CompareBy, ComparisonRow } from "../hooks/useYearComparison";
import { formatDelta } from "../utils/formatDelta";

const PRESENCE = {
  lecturer: { from_only: "left", to_only: "joined" },
  module: { from_only: "dropped", to_only: "new" },
} as const;

function Delta({ n, hours }: { n: number | undefined; hours?: boolean }) {
  const d = formatDelta(n);
  return (
    <span className={d.tone === "up" ? "text-emerald-700" : d.tone === "down" ? "text-red-700" : "text-slate-400"}>
      {d.text}
      {hours && d.tone !== "same" ? " h" : ""}
    </span>
  );
}

function Changes({ row }: { row: ComparisonRow }) {
  if (row.changes.length === 0 && !row.partial) return <span className="text-slate-300">—</span>;
  return (
    <div className="space-y-1 text-xs text-slate-600">
      {row.changes.length > 0 && (
        <ul className="list-none space-y-0.5" aria-label={`Why ${row.code ?? row.name} changed`}>
          {row.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {row.partial && <p className="italic text-amber-800">{row.partial}</p>}
    </div>
  );
}

function Teaching({ side }: { side: ComparisonRow["from"] }) {
  if (!side) return <span className="text-slate-300">—</span>;
  if (side.teaching.length === 0) return <span className="text-slate-400">nobody yet</span>;
  return (
    <span className="text-xs text-slate-600">
      {side.teaching.join(", ")}
      {side.teaching_more > 0 && ` +${side.teaching_more}`}
    </span>
  );
}

export function YearComparisonTable({ rows, by, fromName, toName }: { rows: ComparisonRow[]; by: CompareBy; fromName: string; toName: string }) {
  return (
    <Table aria-label={`${fromName} compared with ${toName}, per ${by}`}>
      <thead>
        <tr>
          <Th>{by === "lecturer" ? "Lecturer" : "Module"}</Th>
          <Th>Department</Th>
          <Th className="text-right">{fromName} hours</Th>
          <Th className="text-right">{toName} hours</Th>
          <Th className="text-right">Change</Th>
          <Th className="text-right">{by === "lecturer" ? "FTE" : "Students"}</Th>
          <Th>{by === "lecturer" ? `Teaches in ${fromName}` : `Taught by in ${fromName}`}</Th>
          <Th>{by === "lecturer" ? `Teaches in ${toName}` : `Taught by in ${toName}`}</Th>
          <Th>What changed</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <Tr key={r.key} data-testid={`compare-row-${r.code ?? r.name}`}>
            <Td className="font-medium">
              {r.code && <span className="mr-1 font-mono text-xs text-slate-500">{r.code}</span>}
              {r.name}{" "}
              {r.presence !== "both" && <Badge tone={r.presence === "to_only" ? "green" : "neutral"}>{PRESENCE[by][r.presence]}</Badge>}
            </Td>
            <Td className="text-xs text-slate-500">{r.department_name ?? "—"}</Td>
            <Td className="text-right tabular">{r.from ? formatHours(r.from.hours) : "—"}</Td>
            <Td className="text-right tabular">{r.to ? formatHours(r.to.hours) : "—"}</Td>
            <Td className="whitespace-nowrap text-right tabular">
              <Delta n={r.delta.hours} hours />
            </Td>
            <Td className="whitespace-nowrap text-right tabular">
              {by === "lecturer" ? (
                <>
                  {r.from?.fte ?? "—"} → {r.to?.fte ?? "—"}
                </>
              ) : (
                <>
                  {r.from?.students ?? "—"} → {r.to?.students ?? "—"} <Delta n={r.delta.students} />
                </>
              )}
            </Td>
            <Td>
              <Teaching side={r.from} />
            </Td>
            <Td>
              <Teaching side={r.to} />
            </Td>
            <Td className="max-w-md">
              <Changes row={r} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
