/**
 * The suggestions panel of the allocation editor: pick a strategy and run
 * it, read the proposal as a diff (lines, each lecturer's utilisation before
 * and after the ticked lines), tick all, some or none, accept. Accepted lines
 * become ordinary allocations on the server (the editor's create path), so
 * the grid, the totals and the dashboard move as the accept job runs.
 */
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/ui/Button";
import { EmptyState } from "@/ui/EmptyState";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { formatPercent } from "@/lib/formatPercent";
import { useAllocationSuggestions, type SuggestionRun, type SuggestionStrategy } from "../hooks/useAllocationSuggestions";
import { suggestionAfter } from "../utils/suggestionAfter";
import { SuggestionLecturersTable } from "./SuggestionLecturersTable";
import { SuggestionLinesTable } from "./SuggestionLinesTable";

const STRATEGIES: { value: SuggestionStrategy; label: string }[] = [
  { value: "balance", label: "Balance: spread the load evenly" },
  { value: "expertise", label: "Expertise first: specialists and tags" },
  { value: "continuity", label: "Continuity: last year's lecturers" },
];
const STEPS = [
  { value: "100", label: "Whole components" },
  { value: "50", label: "Halves" },
  { value: "25", label: "Quarters" },
];
const LIMITS = [
  { value: "5", label: "5 s" },
  { value: "10", label: "10 s" },
  { value: "30", label: "30 s" },
];

function summary(run: SuggestionRun): string {
  const r = run.result;
  if (!r) return "";
  const gap = r.gap === null ? "" : `, not proven best (gap ${formatPercent(r.gap)} to the solver's bound)`;
  switch (r.status) {
    case "optimal":
      return "The best plan by this strategy's measure.";
    case "time_limit":
      return `The time limit was reached: this is the best plan found${gap}.`;
    case "fallback_optimal":
    case "fallback_time_limit":
      return "No plan fits everyone's capacity and maximum teaching; this one needs the least extra:";
    case "nothing_to_fill":
      return "Nothing to fill: every component you may edit is covered to 100%, or nobody you may allocate can take what is left.";
    case "no_solution":
      return "No plan was found in the time limit; try a longer limit or whole components.";
  }
}

export function SuggestionsPanel() {
  const s = useAllocationSuggestions();
  const toast = useToast();
  const [strategy, setStrategy] = useState<SuggestionStrategy>("balance");
  const [step, setStep] = useState("50");
  const [limit, setLimit] = useState("10");
  const [starting, setStarting] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [tickedFor, setTickedFor] = useState<string | null>(null);

  // A run's proposed lines start ticked: accepting everything is one click, leaving some out a few.
  useEffect(() => {
    if (!s.run || !s.lines || tickedFor === s.run._id || s.run.status !== "completed") return;
    setTicked(new Set(s.lines.filter((l) => l.status === "proposed").map((l) => l._id)));
    setTickedFor(s.run._id);
  }, [s.run, s.lines, tickedFor]);

  const after = useMemo(() => (s.run && s.lines ? suggestionAfter(s.run, s.lines, ticked) : new Map()), [s.run, s.lines, ticked]);
  const run = s.run;
  const working = run && (run.status === "queued" || run.status === "running") && !run.lost;
  const openTicked = (s.lines ?? []).filter((l) => l.status === "proposed" && ticked.has(l._id));
  const accepting$ = accepting || s.acceptJob?.status === "queued" || s.acceptJob?.status === "running";

  const onRun = async () => {
    setStarting(true);
    try {
      await s.start({ strategy, stepPercent: Number(step), timeLimitSeconds: Number(limit) });
    } catch (e) {
      toast.show({ tone: "error", title: "Suggestions not started", description: getErrorInfo(e).message });
    } finally {
      setStarting(false);
    }
  };
  const onAccept = async () => {
    setAccepting(true);
    try {
      const { queued } = await s.accept(openTicked.map((l) => l._id));
      toast.show({ tone: "success", title: `Creating ${queued} allocation line${queued === 1 ? "" : "s"}`, description: "The grid and totals follow as they are created." });
    } catch (e) {
      toast.show({ tone: "error", title: "Not accepted", description: getErrorInfo(e).message });
    } finally {
      setAccepting(false);
    }
  };

  return (
    <div className="flex flex-col gap-4" data-testid="suggestions-panel">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-4 sm:items-end">
        <div className="sm:col-span-2">
          <Select label="Strategy" value={strategy} options={STRATEGIES} onChange={(e) => setStrategy(e.target.value as SuggestionStrategy)} />
        </div>
        <Select label="Shares" value={step} options={STEPS} onChange={(e) => setStep(e.target.value)} />
        <Select label="Time limit" value={limit} options={LIMITS} onChange={(e) => setLimit(e.target.value)} />
      </div>
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-slate-500">
          Fills this year's components that are not covered to 100%, within what you may edit, without taking anyone over capacity or
          maximum teaching when that can be avoided. Hours are worked out as the editor would.
        </p>
        <Button variant="primary" loading={starting || !!working} onClick={() => void onRun()}>
          Suggest allocations
        </Button>
      </div>

      {s.runs === undefined ? (
        <Spinner label="Loading suggestion runs…" />
      ) : !run ? (
        <EmptyState title="No suggestions yet" description="Choose a strategy and press Suggest allocations." />
      ) : working ? (
        <Spinner label={`Solving… (at most ${run.settings.time_limit_seconds} s)`} />
      ) : run.status === "failed" || run.lost ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          The run failed{run.error ? `: ${run.error}` : "."}
        </p>
      ) : run.result ? (
        <div className="flex flex-col gap-3">
          <div className="rounded-md bg-slate-50 p-3 text-sm text-slate-700" data-testid="suggestion-summary">
            <p>{summary(run)}</p>
            {run.result.binding.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-amber-800">
                {run.result.binding.map((b) => (
                  <li key={b.message}>{b.message}</li>
                ))}
              </ul>
            )}
            {run.result.unfilled_count > 0 && (
              <details className="mt-1">
                <summary className="cursor-pointer text-amber-800">{run.result.unfilled_count} gaps nobody you may allocate can take</summary>
                <ul className="list-disc pl-5 text-xs">
                  {run.result.unfilled.map((u) => (
                    <li key={u}>{u}</li>
                  ))}
                </ul>
              </details>
            )}
            {run.line_count > 0 && (
              <p className="mt-1 text-xs text-slate-500">
                Spread of utilisation {formatPercent(run.result.before.std_dev_utilisation)} → {formatPercent(run.result.after.std_dev_utilisation)}; highest{" "}
                {formatPercent(run.result.before.max_utilisation)} → {formatPercent(run.result.after.max_utilisation)}; solved in{" "}
                {(run.result.solve_ms / 1000).toFixed(1)} s over {run.input_size?.options ?? 0} options. Accepted {run.accepted_count} of {run.line_count}
                {run.skipped_count > 0 ? `, skipped ${run.skipped_count}` : ""}.
              </p>
            )}
          </div>
          {s.lines && s.lines.length > 0 && (
            <>
              <SuggestionLinesTable
                lines={s.lines}
                ticked={ticked}
                onToggle={(id) =>
                  setTicked((t) => {
                    const n = new Set(t);
                    if (n.has(id)) n.delete(id);
                    else n.add(id);
                    return n;
                  })
                }
                onToggleAll={(tick) => setTicked(tick ? new Set(s.lines!.filter((l) => l.status === "proposed").map((l) => l._id)) : new Set())}
              />
              <SuggestionLecturersTable lecturers={run.result.lecturers} after={after} />
              <div className="flex items-center justify-end gap-2">
                {s.acceptJob && (s.acceptJob.status === "queued" || s.acceptJob.status === "running") && (
                  <span className="text-xs text-slate-500">Creating allocations… {s.acceptJob.percent}%</span>
                )}
                {s.acceptJob?.status === "failed" && <span className="text-xs text-red-700">{s.acceptJob.error}</span>}
                <Button variant="primary" disabled={openTicked.length === 0} loading={accepting$} onClick={() => void onAccept()}>
                  Accept {openTicked.length} line{openTicked.length === 1 ? "" : "s"}
                </Button>
              </div>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
