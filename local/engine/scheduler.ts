// Re-arms scheduled functions after a restart.
//
// While the process lives, convex-test itself runs `runAfter`/`runAt` jobs on
// in-memory timers and moves their `_scheduled_functions` documents through
// pending -> inProgress -> success/failed (canceled by `cancel`). Those
// documents are durable like any other, but the timers are not: on start-up
// this module finds the jobs still pending and runs each one at its scheduled
// time (immediately if that has passed), with the same state changes.
// A job that was inProgress when the process died is marked failed: we cannot
// tell whether its effects committed (Convex guarantees exactly-once only for
// mutations, through machinery convex-test does not have).
import type { Value } from "convex/values";
import { clearRootTimeout, rootTimeout, type Engine } from "./engine.js";

type JobDocument = {
  _id: string;
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: string };
};

export class RecoveredJobs {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly engine: Engine) {}

  /** Arms every pending job of the restored state. */
  async start(): Promise<{ pending: number; interrupted: number }> {
    const jobs = this.engine.tableDocuments("_scheduled_functions") as unknown as JobDocument[];
    const interrupted = jobs.filter((j) => j.state.kind === "inProgress");
    if (interrupted.length > 0) {
      await this.engine.transact((store) => {
        for (const job of interrupted) {
          store.rawPatch("_scheduled_functions", job._id, {
            state: { kind: "failed", error: "Interrupted by a restart of the local backend" },
            completedTime: Date.now(),
          });
        }
      });
    }
    const pending = jobs.filter((j) => j.state.kind === "pending");
    for (const job of pending) {
      const timer = rootTimeout(() => {
        this.timers.delete(timer);
        void this.runJob(job._id);
      }, Math.max(0, job.scheduledTime - Date.now()));
      this.timers.add(timer);
    }
    return { pending: pending.length, interrupted: interrupted.length };
  }

  stop(): void {
    for (const t of this.timers) clearRootTimeout(t);
    this.timers.clear();
  }

  private async runJob(jobId: string): Promise<void> {
    const job = await this.engine.transact((store) => {
      const doc = store.rawGet(jobId) as unknown as JobDocument | null;
      if (doc === null || doc.state.kind !== "pending") return null; // canceled meanwhile
      store.rawPatch("_scheduled_functions", jobId, { state: { kind: "inProgress" } });
      return { name: doc.name, args: doc.args };
    });
    if (job === null) return;
    const args = (job.args[0] ?? {}) as Record<string, Value>;
    const result = await this.engine.run("any", job.name, args, { allowInternal: true });
    for (const line of result.logLines) this.engine.printLog(`[${job.name}] ${line}`);
    if (!result.success) this.engine.printLog(`Scheduled function ${job.name} failed: ${result.errorMessage}`);
    await this.engine.transact((store) => {
      store.rawPatch("_scheduled_functions", jobId, {
        state: result.success ? { kind: "success" } : { kind: "failed", error: result.errorMessage },
        completedTime: Date.now(),
      });
    });
  }
}
