/** Cancel and resume, the controls every kind of job shares (jobs/jobs:cancel|resume). */
import { useMutation } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useJobControls() {
  const { organisationId } = useWorkspace();
  const cancel = useMutation(api.jobs.jobs.cancel);
  const resume = useMutation(api.jobs.jobs.resume);
  return {
    cancel: (jobId: string) => cancel({ organisationId, jobId: toId<"jobs">(jobId) }),
    resume: (jobId: string) => resume({ organisationId, jobId: toId<"jobs">(jobId) }),
  };
}
