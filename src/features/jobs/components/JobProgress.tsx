/**
 * A job's live progress: the overall bar, the phase being worked on with its
 * count, and, for whoever may control it, cancel (while it runs) or resume
 * (once cancelled or failed). `extra` adds kind-specific controls (discard).
 */
import type { ReactNode } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useJobControls } from "../hooks/useJobControls";
import { isJobActive } from "../utils/isJobActive";
import type { JobView } from "../utils/jobTypes";

const TONE = { queued: "neutral", running: "indigo", completed: "green", failed: "red", cancelled: "amber" } as const;

export function JobProgress({ job, extra }: { job: JobView; extra?: ReactNode }) {
  const controls = useJobControls();
  const toast = useToast();
  const active = isJobActive(job);
  const phase = job.phases.find((p) => p.label === job.current_phase);
  const act = (what: string, run: () => Promise<unknown>) =>
    run().catch((e) => toast.show({ tone: "error", title: `Could not ${what}`, description: getErrorInfo(e).message }));
  return (
    <div className="space-y-2" data-testid="job-progress" data-status={job.status}>
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="font-medium text-slate-800">{job.label}</span>
        <Badge tone={TONE[job.status]}>{job.status}</Badge>
      </div>
      <div
        className="h-2 rounded-full bg-slate-100"
        role="progressbar"
        aria-label={job.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={job.percent}
      >
        <div
          className={`h-2 rounded-full transition-all ${job.status === "failed" ? "bg-red-500" : job.status === "cancelled" ? "bg-amber-400" : "bg-indigo-500"}`}
          style={{ width: `${job.percent}%` }}
        />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span>
          {active && phase
            ? `${phase.label}: ${phase.done.toLocaleString("en-GB")}${phase.total !== undefined ? ` of ${phase.total.toLocaleString("en-GB")}` : ""}`
            : active
              ? "Waiting to start…"
              : `${job.percent}% · started by ${job.started_by_name}`}
        </span>
        {job.can_control && (
          <span className="flex gap-2">
            {active && (
              <Button size="sm" variant="ghost" onClick={() => void act("cancel", () => controls.cancel(job.id))}>
                Cancel
              </Button>
            )}
            {(job.status === "cancelled" || job.status === "failed") && (
              <Button size="sm" onClick={() => void act("resume", () => controls.resume(job.id))}>
                Resume
              </Button>
            )}
            {extra}
          </span>
        )}
      </div>
      {job.error && (
        <p role="alert" className="text-xs text-red-700">
          {job.error}
        </p>
      )}
    </div>
  );
}
