/**
 * The formula editor: validated as you type with the same engine the server
 * uses (parse, known variables and functions, evaluation on sample values),
 * showing the error position or the result on the samples given.
 */
import { checkFormula } from "@convex/lib/workload/expression";
import { VARIABLES, VARIABLE_NAMES } from "@convex/lib/workload/variables";
import { formatHours } from "@/lib/formatHours";

export function FormulaField({
  value,
  onChange,
  samples,
  onSamplesChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  samples: Record<string, number>;
  onSamplesChange: (s: Record<string, number>) => void;
  error?: string;
}) {
  const check = value.trim() ? checkFormula(value, samples) : null;
  return (
    <div className="space-y-2">
      <label htmlFor="rule-formula" className="text-xs font-medium text-slate-600">
        Formula
      </label>
      <textarea
        id="rule-formula"
        rows={2}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={check && !check.ok ? true : undefined}
        aria-describedby="rule-formula-status"
        className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-sm focus:border-indigo-500 focus:outline-none"
        placeholder="contact_hours * groups * share"
      />
      <p id="rule-formula-status" role="status" className="text-xs" data-testid="formula-status">
        {error ? (
          <span className="text-red-600">{error}</span>
        ) : !check ? (
          <span className="text-slate-500">Use the variables below with + − × ÷, brackets and functions like min, max, ceil.</span>
        ) : check.ok ? (
          <span className="text-emerald-700">
            Valid · on these sample values: <strong>{formatHours(check.value)}</strong>
          </span>
        ) : (
          <span className="text-red-600">{check.error.message}</span>
        )}
      </p>
      <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2" open>
        <summary className="cursor-pointer text-xs font-medium text-slate-600">Variables and sample values (edit to preview)</summary>
        <div className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 md:grid-cols-3">
          {VARIABLE_NAMES.map((name) => (
            <label key={name} className="flex items-center justify-between gap-2 text-xs" title={VARIABLES[name].description}>
              <button
                type="button"
                className="font-mono text-indigo-700 hover:underline"
                onClick={() => onChange(value ? `${value} ${name}` : name)}
              >
                {name}
              </button>
              <input
                type="number"
                step="any"
                aria-label={`Sample ${name}`}
                value={samples[name]}
                onChange={(e) => onSamplesChange({ ...samples, [name]: Number(e.target.value) })}
                className="h-6 w-20 rounded border border-slate-300 px-1 text-right tabular"
              />
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}
