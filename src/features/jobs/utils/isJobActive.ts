/** A queued or running job is still working; the others have ended. */
import type { JobView } from "./jobTypes";

export function isJobActive(job: Pick<JobView, "status"> | null | undefined): boolean {
  return job?.status === "queued" || job?.status === "running";
}
