/**
 * Allocation suggestions for the editor: the year's runs, the chosen run
 * with its lines (live: the accept job flips them to accepted as it goes),
 * the accept job's progress, and the two actions, start a run and accept
 * ticked lines. The panel's components read only what this returns.
 */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo, useState } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type SuggestionRun = FunctionReturnType<typeof api.workload.suggestions.getRun>["run"];
export type SuggestionLine = FunctionReturnType<typeof api.workload.suggestions.getRun>["lines"][number];
export type SuggestionStrategy = SuggestionRun["strategy"];
export type StartSuggestions = { strategy: SuggestionStrategy; stepPercent: number; timeLimitSeconds: number; departmentId?: string };

export function useAllocationSuggestions() {
  const { organisationId, academicYearId } = useWorkspace();
  const runs = useQuery(api.workload.suggestions.listRuns, academicYearId ? { organisationId, academicYearId: toId<"academic_years">(academicYearId) } : "skip");
  const [chosenRunId, setChosenRunId] = useState<string | null>(null);
  const runId = chosenRunId ?? runs?.[0]?._id ?? null;
  const current = useQuery(api.workload.suggestions.getRun, runId ? { organisationId, runId: toId<"allocation_suggestion_runs">(runId) } : "skip");
  const jobId = current?.run.accept_job_id;
  const job = useQuery(api.jobs.jobs.get, jobId ? { organisationId, jobId } : "skip");
  const startRun = useMutation(api.workload.suggestions.start);
  const acceptLines = useMutation(api.workload.suggestions.accept);

  return useMemo(
    () => ({
      runs,
      run: current?.run,
      lines: current?.lines,
      acceptJob: job,
      selectRun: setChosenRunId,
      start: async (o: StartSuggestions) => {
        if (!academicYearId) throw new Error("Choose an academic year first.");
        const id = await startRun({
          organisationId,
          academicYearId: toId<"academic_years">(academicYearId),
          strategy: o.strategy,
          stepPercent: o.stepPercent,
          timeLimitSeconds: o.timeLimitSeconds,
          ...(o.departmentId ? { departmentId: toId<"departments">(o.departmentId) } : {}),
        });
        setChosenRunId(id);
        return id;
      },
      accept: async (lineIds: string[]) => {
        if (!runId) throw new Error("No suggestion run to accept.");
        return await acceptLines({
          organisationId,
          runId: toId<"allocation_suggestion_runs">(runId),
          lineIds: lineIds.map((id) => toId<"allocation_suggestion_lines">(id)),
        });
      },
    }),
    [runs, current, job, academicYearId, organisationId, runId, startRun, acceptLines],
  );
}
