/** An allocation's explanation laid out: rule and formula, the variables it used, rounding, override, semesters. */
import { formatHours } from "@/lib/formatHours";
import type { Explanation } from "../hooks/useExplainAllocation";

export function ExplanationDetails({ explanation: e }: { explanation: Explanation }) {
  const used = (e.variables ?? []).filter((v) => v.used);
  return (
    <div className="space-y-2 text-xs">
      <div>
        <p className="font-semibold text-slate-800">{e.rule ? e.rule.name : "No matching rule"}</p>
        {e.rule && (
          <code className="mt-0.5 block rounded bg-slate-100 px-1.5 py-1 font-mono text-[11px] text-slate-700">{e.rule.formula}</code>
        )}
      </div>
      {used.length > 0 && (
        <table className="w-full">
          <tbody>
            {used.map((v) => (
              <tr key={v.name} title={v.description}>
                <td className="py-0.5 pr-2 font-mono text-slate-600">{v.name}</td>
                <td className="py-0.5 text-right tabular">{Math.round(v.value * 1000) / 1000}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-0.5 border-t border-slate-100 pt-2">
        <dt className="text-slate-500">Formula result</dt>
        <dd className="text-right tabular">{formatHours(e.formula_result)}</dd>
        {e.after_min_max !== e.formula_result && (
          <>
            <dt className="text-slate-500">After min/max</dt>
            <dd className="text-right tabular">{formatHours(e.after_min_max)}</dd>
          </>
        )}
        <dt className="text-slate-500">Computed (rounded{e.rule ? `, ${e.rule.rounding} ${e.rule.rounding_step}` : ""})</dt>
        <dd className="text-right tabular">{formatHours(e.computed_hours)}</dd>
        {e.override && (
          <>
            <dt className="text-slate-500">Overridden to</dt>
            <dd className="text-right tabular text-indigo-700">{formatHours(e.override.hours)}</dd>
          </>
        )}
        <dt className="font-medium text-slate-700">Counts as</dt>
        <dd className="text-right font-semibold tabular">{formatHours(e.hours)}</dd>
      </dl>
      {e.override && (
        <p className="rounded bg-indigo-50 px-1.5 py-1 text-indigo-900" data-testid="override-reason">
          <span className="font-medium">Override reason:</span> {e.override.reason}
        </p>
      )}
      {e.semester_hours && (
        <p className="text-slate-500">
          By semester: S1 {formatHours(e.semester_hours.S1)} · S2 {formatHours(e.semester_hours.S2)}
          {e.semester_hours.S3 ? ` · S3 ${formatHours(e.semester_hours.S3)}` : ""}
        </p>
      )}
      {e.contact_hours_source && <p className="text-slate-500">Contact hours from: {e.contact_hours_source}</p>}
      {(e.notes ?? []).map((n) => (
        <p key={n} className="text-slate-500">
          • {n}
        </p>
      ))}
    </div>
  );
}
