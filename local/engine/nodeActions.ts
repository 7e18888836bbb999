// Runs "use node" actions in worker threads (nodeWorker.ts), so that a
// CPU-heavy action never stalls the queries and mutations of the main
// thread, as on Convex where Node.js actions run apart.
//
// A small pool of workers is kept; an action goes to an idle worker, a new
// one while the pool is below its size, otherwise the least busy. Each call
// keeps the async context it was started in (the convex-test action that
// wraps it), and every syscall the worker asks for is answered inside that
// context through the process's `globalThis.Convex` entry points, so
// ctx.runQuery / runMutation / runAction, the scheduler and storage behave
// exactly as for an action on the main thread, with the caller's identity.
// Log lines come back into the same context and so reach the client.
// After a reload the workers are retired (they finish what they run) and
// fresh ones import the new build. A worker idle for IDLE_MS is stopped: a
// large report grows its heap by hundreds of megabytes, which an idle worker
// would otherwise keep for the life of the process.
import { AsyncResource } from "node:async_hooks";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";

type Pending = { scope: AsyncResource; resolve(v: Value): void; reject(e: unknown): void };
type PooledWorker = { thread: Worker; calls: Map<number, Pending>; retired: boolean; idle?: ReturnType<typeof setTimeout> };

/** How long a worker with nothing to run is kept for the next action (starting one costs about 100 ms). */
const IDLE_MS = 60_000;

type ConvexEntry = {
  asyncSyscall(op: string, json: string): Promise<string>;
  jsSyscall(op: string, args: unknown): Promise<unknown>;
};

type WorkerMessage =
  | { type: "syscall"; callId: number; replyId: number; op: string; json: string }
  | { type: "storeBlob"; callId: number; replyId: number; bytes: ArrayBuffer; contentType: string | null }
  | { type: "getBlob"; callId: number; replyId: number; storageId: string }
  | { type: "log"; callId: number; line: string }
  | { type: "done"; callId: number; resultJson: string }
  | { type: "failed"; callId: number; error: { name: string; message: string; stack?: string; data?: string } };

export class NodeActionRunner {
  private readonly workers: PooledWorker[] = [];
  private nextCall = 0;
  private readonly size = Math.max(2, Math.min(4, availableParallelism()));

  /**
   * `entry` is the bundled worker file; `log` receives each log line inside
   * the calling action's context; a worker idle for `idleMs` is stopped.
   */
  constructor(
    private readonly entry: () => Promise<string>,
    private readonly log: (line: string) => void,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Runs `exportName` of the bundled module at `url` with `args` as `identity`. */
  async run(url: string, exportName: string, args: Record<string, Value>, identity: unknown): Promise<Value> {
    const scope = new AsyncResource("convex-local.nodeAction");
    const worker = await this.pick();
    const callId = ++this.nextCall;
    try {
      return await new Promise<Value>((resolve, reject) => {
        worker.calls.set(callId, { scope, resolve, reject });
        worker.thread.postMessage({
          type: "run",
          callId,
          url,
          exportName,
          argsJson: JSON.stringify(convexToJson([args] as Value)),
          identityJson: JSON.stringify(identity ?? null),
        });
      });
    } finally {
      worker.calls.delete(callId);
      if (worker.calls.size === 0) {
        if (worker.retired) void worker.thread.terminate();
        else worker.idle = setTimeout(() => void this.stop(worker), this.idleMs).unref();
      }
    }
  }

  /** Stops the workers that have nothing to run now (as their idle time would). */
  async stopIdle(): Promise<void> {
    await Promise.all(this.workers.filter((w) => w.calls.size === 0).map((w) => this.stop(w)));
  }

  private async stop(w: PooledWorker): Promise<void> {
    if (w.calls.size > 0) return;
    clearTimeout(w.idle);
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    await w.thread.terminate();
  }

  /** After a reload: running calls finish in their worker, new ones start fresh workers. */
  retire(): void {
    for (const w of this.workers.splice(0)) {
      w.retired = true;
      clearTimeout(w.idle);
      if (w.calls.size === 0) void w.thread.terminate();
    }
  }

  close(): void {
    for (const w of this.workers.splice(0)) void w.thread.terminate();
  }

  private async pick(): Promise<PooledWorker> {
    const w = await this.choose();
    clearTimeout(w.idle);
    return w;
  }

  private async choose(): Promise<PooledWorker> {
    const idle = this.workers.find((w) => w.calls.size === 0);
    if (idle) return idle;
    if (this.workers.length < this.size) return this.spawn(await this.entry());
    return this.workers.reduce((a, b) => (b.calls.size < a.calls.size ? b : a));
  }

  private spawn(entry: string): PooledWorker {
    const thread = new Worker(entry);
    thread.unref();
    const w: PooledWorker = { thread, calls: new Map(), retired: false };
    this.workers.push(w);
    thread.on("message", (m: WorkerMessage) => this.onMessage(w, m));
    const fail = (e: unknown) => {
      const i = this.workers.indexOf(w);
      if (i >= 0) this.workers.splice(i, 1);
      for (const call of w.calls.values()) call.reject(e);
      w.calls.clear();
    };
    thread.on("error", fail);
    thread.on("exit", (code) => fail(new Error(`The Node.js action worker exited (code ${code}) while the action was running.`)));
    return w;
  }

  private onMessage(w: PooledWorker, m: WorkerMessage): void {
    const call = w.calls.get(m.callId);
    if (call === undefined) return;
    const convex = () => (globalThis as unknown as { Convex: ConvexEntry }).Convex;
    const answer = (replyId: number, work: () => Promise<unknown>, transfer: (r: unknown) => ArrayBuffer[] = () => []) => {
      call.scope.runInAsyncScope(work).then(
        (result) => w.thread.postMessage({ type: "reply", replyId, ok: true, result }, transfer(result)),
        (e: unknown) => w.thread.postMessage({ type: "reply", replyId, ok: false, error: syscallError(e) }),
      );
    };
    switch (m.type) {
      case "syscall":
        return answer(m.replyId, () => convex().asyncSyscall(m.op, m.json));
      case "storeBlob":
        return answer(m.replyId, () =>
          convex().jsSyscall("storage/storeBlob", { blob: new Blob([m.bytes], m.contentType ? { type: m.contentType } : {}) }));
      case "getBlob":
        return answer(
          m.replyId,
          async () => {
            const blob = (await convex().jsSyscall("storage/getBlob", { storageId: m.storageId })) as Blob | null;
            return blob === null ? null : { bytes: await blob.arrayBuffer(), contentType: blob.type || null };
          },
          (r) => (r === null ? [] : [(r as { bytes: ArrayBuffer }).bytes]),
        );
      case "log":
        call.scope.runInAsyncScope(() => this.log(m.line));
        return;
      case "done":
        call.resolve(jsonToConvex(JSON.parse(m.resultJson) as JSONValue));
        return;
      case "failed":
        call.reject(rebuildError(m.error));
        return;
    }
  }
}

/** A failed syscall in the shape Convex's runtime expects (`performAsyncSyscall`). */
function syscallError(e: unknown): { message: string; data?: JSONValue } {
  const err = e as { message?: unknown; data?: unknown };
  const message = typeof err?.message === "string" ? err.message : String(e);
  if (e !== null && typeof e === "object" && Symbol.for("ConvexError") in e) {
    let data = err.data;
    if (typeof data === "string") {
      try {
        data = jsonToConvex(JSON.parse(data) as JSONValue);
      } catch {
        // plain string data
      }
    }
    return { message, data: convexToJson((data ?? null) as Value) };
  }
  return { message };
}

/** The action's error as thrown on the main thread (ConvexError data kept). */
function rebuildError(error: { name: string; message: string; stack?: string; data?: string }): Error {
  if (error.data !== undefined) {
    const e = new ConvexError(jsonToConvex(JSON.parse(error.data) as JSONValue) as never);
    e.message = error.message;
    return e;
  }
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}
