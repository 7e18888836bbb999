/** The chosen year's latest recompute job (after a rule or settings change), live; null when none. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type RecomputeJob = {
  id: string;
  name: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  total: number;
  processed: number;
  error?: string;
};

export function useRecomputeStatus(): RecomputeJob | null | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const jobs = useQuery(api.workload.jobs.recomputeStatus, academicYearId ? { organisationId, academicYearId } : "skip") as
    RecomputeJob[] | undefined;
  return jobs === undefined ? undefined : (jobs[0] ?? null);
}
