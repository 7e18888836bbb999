/**
 * The rollover wizard: choose the target and what carries (1), preview it
 * as a dry run of the same job (2), run it and watch it live, cancel,
 * resume or discard it (3), and read what it did with links to what needs
 * attention (4). Every step reads the server's live state (the latest
 * preview and run of the current year), so a reload or another admin's run
 * shows where things are.
 */
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { followingYear } from "@convex/lib/rollover/plan";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { JobProgress } from "@/features/jobs/components/JobProgress";
import { isJobActive } from "@/features/jobs/utils/isJobActive";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useRolloverActions } from "../hooks/useRolloverActions";
import type { RolloverOverview } from "../hooks/useRolloverOverview";
import { rolloverSummary } from "../utils/rolloverSummary";
import { RolloverOptionsForm, type RolloverChoice } from "./RolloverOptionsForm";
import { RolloverSummary } from "./RolloverSummary";

type Step = "options" | "preview" | "run" | "done";
const STEPS: { id: Step; label: string }[] = [
  { id: "options", label: "1 · Options" },
  { id: "preview", label: "2 · Preview" },
  { id: "run", label: "3 · Run" },
  { id: "done", label: "4 · Summary" },
];

/** Where the wizard opens: on a run still going or stopped, on a finished run's summary, else at the start. */
function initialStep(o: RolloverOverview): Step {
  const run = o.run;
  if (!run) return "options";
  const discarded = o.discard?.status === "completed";
  if (isJobActive(run) || ((run.status === "failed" || run.status === "cancelled") && !discarded)) return "run";
  if (run.status === "completed") return "done";
  return "options";
}

export function RolloverWizard({ overview }: { overview: RolloverOverview }) {
  const actions = useRolloverActions();
  const toast = useToast();
  const navigate = useNavigate();
  const { years, setAcademicYearId } = useWorkspace();
  const [step, setStep] = useState<Step>(() => initialStep(overview));
  const [busy, setBusy] = useState(false);
  const newYear = useMemo(() => {
    const last = [...years].sort((a, b) => b.end_date.localeCompare(a.end_date))[0];
    return followingYear(last ?? { name: overview.source.name, end_date: overview.source.end_date });
  }, [years, overview.source]);
  const [choice, setChoice] = useState<RolloverChoice>({ target: overview.defaultTarget, options: overview.options });
  // The jobs this wizard started (or found running): an older preview or run is not shown as this one.
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(overview.run?.id ?? null);
  const preview = overview.preview?.id === previewId ? overview.preview : null;
  const run = overview.run?.id === runId ? overview.run : null;
  const discard = run ? overview.discard : null;

  // A run that finishes while watched moves on to its summary.
  const runStatus = run?.status;
  useEffect(() => {
    if (step === "run" && runStatus === "completed") setStep("done");
  }, [step, runStatus]);

  const act = async <T,>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    try {
      return await fn();
    } catch (e) {
      toast.show({ tone: "error", title: `Could not ${what}`, description: getErrorInfo(e).message });
      return null;
    } finally {
      setBusy(false);
    }
  };

  const targetYearId = run ? (run.academic_year_id ?? null) : null;
  const targetName = rolloverSummary(run?.result).target?.name ?? "the new year";
  const openYear = (path: string) => {
    if (targetYearId) setAcademicYearId(targetYearId);
    navigate(path);
  };
  const discarded = discard?.status === "completed";

  return (
    <div className="space-y-4">
      <ol className="flex flex-wrap gap-2 text-xs" aria-label="Rollover steps">
        {STEPS.map((s) => (
          <li
            key={s.id}
            aria-current={s.id === step ? "step" : undefined}
            className={s.id === step ? "rounded bg-indigo-600 px-2 py-1 font-medium text-white" : "rounded bg-slate-100 px-2 py-1 text-slate-600"}
          >
            {s.label}
          </li>
        ))}
      </ol>

      {step === "options" && (
        <Card title={`Roll ${overview.source.name} over`}>
          <RolloverOptionsForm
            overview={overview}
            value={choice}
            onChange={setChoice}
            newYear={newYear}
            onSaveAutomatic={async (autoOn) => {
              if ((await act("save the options", () => actions.saveOptions(overview.source.id, choice.options, autoOn))) !== null) {
                toast.show({ tone: "success", title: autoOn ? `Automatic rollover set for ${autoOn}` : "Rollover options saved" });
              }
            }}
          />
          <div className="mt-4 flex justify-end">
            <Button
              variant="primary"
              loading={busy}
              onClick={() =>
                void act("start the preview", () => actions.preview({ sourceYearId: overview.source.id, ...choice })).then((id) => {
                  if (id) {
                    setPreviewId(id);
                    setStep("preview");
                  }
                })
              }
            >
              Preview
            </Button>
          </div>
        </Card>
      )}

      {step === "preview" && (
        <Card title="Preview: what the rollover will do (nothing is changed yet)">
          {!preview ? (
            <p className="text-sm text-slate-500">Starting the preview…</p>
          ) : (
            <div className="space-y-4">
              <JobProgress job={preview} />
              {preview.status === "completed" && <RolloverSummary summary={rolloverSummary(preview.result)} done={false} />}
            </div>
          )}
          <div className="mt-4 flex justify-between">
            <Button variant="ghost" onClick={() => setStep("options")}>
              Back to options
            </Button>
            <Button
              variant="primary"
              loading={busy}
              disabled={preview?.status !== "completed"}
              onClick={() =>
                void act("start the rollover", () => actions.start({ sourceYearId: overview.source.id, ...choice })).then((started) => {
                  if (started) {
                    setRunId(started.jobId);
                    setStep("run");
                  }
                })
              }
            >
              Run the rollover
            </Button>
          </div>
        </Card>
      )}

      {step === "run" && (
        <Card title="Rollover">
          {!run ? (
            <p className="text-sm text-slate-500">Starting…</p>
          ) : (
            <div className="space-y-3">
              <JobProgress
                job={run}
                extra={
                  (run.status === "cancelled" || run.status === "failed") &&
                  !discard && (
                    <Button size="sm" variant="danger" loading={busy} onClick={() => void act("discard the rollover", () => actions.discard(run.id))}>
                      Discard
                    </Button>
                  )
                }
              />
              {(run.status === "cancelled" || run.status === "failed") && !discard && (
                <p className="text-xs text-slate-500">
                  Resume continues from the batch where it stopped; nothing is repeated. Discard removes what this run made
                  {rolloverSummary(run.result).target?.existing ? ` in ${targetName} (rows that were there before stay)` : `: the half-built ${targetName}`}.
                </p>
              )}
              {discard && <JobProgress job={discard} />}
              {discarded && (
                <Button size="sm" onClick={() => setStep("options")}>
                  Start again
                </Button>
              )}
            </div>
          )}
        </Card>
      )}

      {step === "done" && run && (
        <Card
          title={`${targetName} is ready`}
          actions={
            <Button size="sm" variant="ghost" onClick={() => setStep("options")}>
              Run again
            </Button>
          }
        >
          <div className="space-y-4">
            <p className="text-sm text-slate-600">
              {overview.source.name} was rolled over into {targetName}. Carried allocations are marked ↻ and wait for their lecturers' answers again. When the
              plan is ready, promote {targetName} in <Link to="/admin/settings" className="underline">Organisation settings</Link>.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button size="sm" variant="primary" onClick={() => openYear("/")}>
                Open {targetName}'s dashboard
              </Button>
              <Button size="sm" onClick={() => openYear("/allocations")}>
                Allocation editor in {targetName}
              </Button>
              {targetYearId && (
                <Button size="sm" onClick={() => openYear(`/compare?from=${overview.source.id}&to=${targetYearId}`)}>
                  Compare {overview.source.name} with {targetName}
                </Button>
              )}
            </div>
            <RolloverSummary summary={rolloverSummary(run.result)} done />
          </div>
        </Card>
      )}
    </div>
  );
}
