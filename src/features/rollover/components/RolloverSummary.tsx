/**
 * What a rollover will do (its preview) or did (its run): per kind what is
 * created, already in the year and skipped with the reasons, the warnings
 * that need a planner's attention (with links), examples, and what resets.
 */
import { Link } from "react-router";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatHours } from "@/lib/formatHours";
import type { RolloverSummary as Summary } from "../utils/rolloverSummary";

function warningLink(w: Summary["warnings"][number]): string | null {
  if (w.entity_type === "lecturer_profiles" && w.entity_id) return `/lecturers/${w.entity_id}`;
  if (w.entity_type === "modules" && w.entity_id) return `/modules/${w.entity_id}`;
  return null;
}

export function RolloverSummary({ summary, done }: { summary: Summary; done: boolean }) {
  const verb = done ? "Created" : "Will create";
  return (
    <div className="space-y-4">
      <Table aria-label={done ? "What the rollover did" : "What the rollover will do"}>
        <thead>
          <tr>
            <Th>Kind</Th>
            <Th className="text-right">{verb}</Th>
            <Th className="text-right">Already there</Th>
            <Th className="text-right">Skipped</Th>
            <Th>Details</Th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <Tr key={r.kind} data-testid={`summary-${r.kind}`}>
              <Td className="font-medium">{r.label}</Td>
              <Td className="text-right tabular" data-testid={`summary-${r.kind}-created`}>
                {r.created.toLocaleString("en-GB")}
              </Td>
              <Td className="text-right tabular">{r.existing.toLocaleString("en-GB")}</Td>
              <Td className="text-right tabular">{r.skipped.toLocaleString("en-GB")}</Td>
              <Td className="text-xs text-slate-500">
                {[...r.detail, ...r.reasons.map((x) => `${x.count} skipped: ${x.label}`)].join(" · ") || "—"}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {done && summary.carriedHours !== undefined && (
        <p className="text-sm text-slate-600">
          Carried teaching allocations come to {formatHours(summary.carriedHours)} in the new year, computed with its own rules.
        </p>
      )}
      {summary.warnings.length > 0 && (
        <section aria-label="Needs attention">
          <h3 className="mb-1 text-sm font-semibold text-amber-800">Needs attention ({summary.warnings.length + summary.warningsOmitted})</h3>
          <ul className="space-y-1 text-sm">
            {summary.warnings.map((w, i) => {
              const to = warningLink(w);
              return (
                <li key={i} className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900">
                  {w.message}
                  {to && (
                    <>
                      {" "}
                      <Link to={to} className="font-medium underline">
                        Open
                      </Link>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {summary.examples.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">Examples ({summary.examples.length})</summary>
          <ul className="mt-1 list-disc pl-5 text-slate-600">
            {summary.examples.map((e, i) => (
              <li key={i}>
                {e.name}: {e.note}
              </li>
            ))}
          </ul>
        </details>
      )}
      {summary.resets.length > 0 && (
        <section aria-label="What resets">
          <h3 className="mb-1 text-sm font-semibold text-slate-700">What resets in the new year</h3>
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-600">
            {summary.resets.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
