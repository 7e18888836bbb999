// Runs scheduled functions (`ctx.scheduler.runAfter` / `runAt`) with the
// guarantees Convex gives.
//
// Scheduling writes a pending `_scheduled_functions` document in the
// scheduling transaction (engine.ts), so a job exists exactly when that
// transaction committed. This module arms a timer for every pending job it
// sees committed (and, on start-up, for every pending job of the restored
// data) and runs it when due:
//  - a mutation runs with its job's bookkeeping inside its own transaction:
//    the job is checked to be still pending and marked `success` in the
//    commit that applies the mutation's writes. A mutation interrupted by a
//    stop never committed, so its job is still pending and runs again on
//    start-up: exactly once in effect. A mutation that throws is marked
//    `failed` (with its error) afterwards. Mutations are never seen
//    `inProgress`, as on Convex.
//  - an action is marked `inProgress` (committed) before it starts, and
//    `success` or `failed` when it ends. One that was running when the
//    backend stopped is marked `failed` on start-up and not run again: at
//    most once, as on Convex.
//  - a canceled job does not start; a canceled running action keeps its
//    `canceled` state when it ends.
// Scheduled functions run without a user identity, as on Convex.
import type { Value } from "convex/values";
import { clearRootTimeout, FunctionNotFoundError, rootTimeout, type Engine, type RunResult } from "./engine.js";
import type { Doc as StoredDocument } from "../storage/values.js";

type JobDocument = StoredDocument & {
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: string };
};

const TABLE = "_scheduled_functions";
const INTERRUPTED =
  "Transient error while executing action: the local backend stopped while this action was running. As on Convex, a scheduled action is not retried.";

function isJob(id: string): boolean {
  return id.endsWith(TABLE);
}

/** A failed run's message as stored in a job's state, without the request prefix. */
function jobError(result: RunResult & { success: false }): string {
  return result.errorMessage.replace(/^\[Request ID: [0-9a-f]+\] Server Error\n/, "");
}

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private started = false;
  private stopped = false;

  constructor(private readonly engine: Engine) {
    engine.onCommit((record) => {
      if (!this.started || this.stopped) return;
      for (const { id, after } of record.changes) {
        if (isJob(id) && after !== null && (after as JobDocument).state.kind === "pending") this.arm(after as JobDocument);
      }
    });
  }

  /**
   * Recovers the jobs of the restored data: running actions are marked
   * failed, pending jobs are armed with their remaining delay.
   */
  async start(): Promise<{ pending: number; interrupted: number }> {
    const jobs = this.engine.documents().filter((d) => isJob(d._id)) as JobDocument[];
    const interrupted = jobs.filter((j) => j.state.kind === "inProgress");
    if (interrupted.length > 0) {
      await this.engine.transact((store) => {
        for (const job of interrupted) {
          store.rawPatch(TABLE, job._id, { state: { kind: "failed", error: INTERRUPTED }, completedTime: Date.now() });
        }
      });
    }
    this.started = true;
    const pending = (this.engine.documents().filter((d) => isJob(d._id)) as JobDocument[]).filter((j) => j.state.kind === "pending");
    for (const job of pending) this.arm(job);
    return { pending: pending.length, interrupted: interrupted.length };
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearRootTimeout(t);
    this.timers.clear();
  }

  private arm(job: JobDocument): void {
    if (this.timers.has(job._id)) return;
    const timer = rootTimeout(() => {
      this.timers.delete(job._id);
      if (this.stopped) return;
      // Long delays are capped by setTimeout's range (~24.8 days): re-arm until due.
      if (Date.now() < job.scheduledTime - 5) return this.arm(job);
      void this.runJob(job._id);
    }, Math.max(0, job.scheduledTime - Date.now()));
    this.timers.set(job._id, timer);
  }

  private async runJob(jobId: string): Promise<void> {
    const job = this.engine.getDocument(jobId) as JobDocument | null;
    if (job === null || job.state.kind !== "pending") return;
    const args = (job.args[0] ?? {}) as Record<string, Value>;
    let kind;
    try {
      kind = (await this.engine.resolve(job.name, "any", true)).kind;
    } catch (e) {
      const message = e instanceof FunctionNotFoundError ? e.message : String(e);
      await this.finish(jobId, "pending", { kind: "failed", error: message });
      return;
    }
    const onLog = (line: string) => this.engine.printLog(`[${job.name}] ${line}`);
    if (kind === "mutation") {
      let stale = false;
      const store = this.engine.storeInTransaction;
      const result = await this.engine.run("mutation", job.name, args, {
        allowInternal: true,
        onLog,
        scheduledJobId: jobId,
        hook: {
          before: () => {
            const current = store.rawGet(jobId) as JobDocument | null;
            if (current === null || current.state.kind !== "pending") {
              stale = true;
              throw new Error("The scheduled job is no longer pending.");
            }
          },
          after: () => store.rawPatch(TABLE, jobId, { state: { kind: "success" }, completedTime: Date.now() }),
        },
      });
      if (stale || result.success) return;
      this.engine.printLog(`Scheduled function ${job.name} failed: ${result.errorMessage}`);
      await this.finish(jobId, "pending", { kind: "failed", error: jobError(result) });
      return;
    }
    const claimed = await this.engine.transact((store) => {
      const current = store.rawGet(jobId) as JobDocument | null;
      if (current === null || current.state.kind !== "pending") return false;
      store.rawPatch(TABLE, jobId, { state: { kind: "inProgress" } });
      return true;
    });
    if (!claimed) return;
    const result = await this.engine.run(kind, job.name, args, { allowInternal: true, onLog, scheduledJobId: jobId });
    if (!result.success) this.engine.printLog(`Scheduled function ${job.name} failed: ${result.errorMessage}`);
    await this.finish(jobId, "inProgress", result.success ? { kind: "success" } : { kind: "failed", error: jobError(result) });
  }

  /** Sets a job's final state if it is still in `from` (a cancel wins). */
  private async finish(jobId: string, from: string, state: { kind: string; error?: string }): Promise<void> {
    if (this.engine.isClosed()) return;
    await this.engine.transact((store) => {
      const current = store.rawGet(jobId) as JobDocument | null;
      if (current === null || current.state.kind !== from) return;
      store.rawPatch(TABLE, jobId, { state, completedTime: Date.now() });
    });
  }
}
