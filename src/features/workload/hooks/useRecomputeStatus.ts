/** The chosen year's latest recompute job (after a rule or settings change), live; null when none. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type RecomputeJob = FunctionReturnType<typeof api.workload.jobs.recomputeStatus>[number];

export function useRecomputeStatus(): RecomputeJob | null | undefined {
  const { organisationId, academicYearId } = useWorkspace();
  const jobs = useQuery(api.workload.jobs.recomputeStatus, academicYearId ? { organisationId, academicYearId } : "skip");
  return jobs === undefined ? undefined : (jobs[0] ?? null);
}
