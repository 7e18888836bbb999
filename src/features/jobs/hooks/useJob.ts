/** One job's live progress; undefined while loading, null without a job id. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { JobView } from "../utils/jobTypes";

export function useJob(jobId: string | null): JobView | null | undefined {
  const { organisationId } = useWorkspace();
  const job = useQuery(api.jobs.jobs.get, jobId ? { organisationId, jobId: toId<"jobs">(jobId) } : "skip");
  return jobId ? job : null;
}
