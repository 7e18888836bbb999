// The execution engine: runs a Convex app's functions on convex-test's
// in-memory backend, and adds what a server needs around it.
//
//  - Function lookup with Convex's own rules: clients reach only public
//    functions; the server itself (seeding, crons, scheduled jobs) may run
//    internal ones.
//  - Table-level read sets per run, recovered by wrapping the `Convex.*syscall`
//    globals, so the sync server re-runs only the queries a commit can affect.
//  - Log lines captured per run (`[LOG] ...`), as Convex returns them.
//  - Durability: every commit goes to the data directory's write-ahead log
//    before convex-test hands the result back (see durable.ts, store.ts).
//  - Loading as Convex does: the folder is bundled as ES modules and checked
//    like a deploy (modules.ts); every function is wrapped (functions.ts) for
//    Convex's validation errors, "use node" actions in worker threads
//    (nodeActions.ts) and bookkeeping inside a scheduled mutation's own
//    transaction.
//  - Scheduling: `ctx.scheduler` writes `_scheduled_functions` documents in
//    the caller's transaction; scheduler.ts runs them (convex-test's own
//    in-memory timers are not used).
//  - File storage on disk, with URLs that point at this server and
//    `_storage` documents as Convex has them (hex sha256, size, content type).
//  - Reload: a fresh module graph replaces the old one; the data stays.
//
// convex-test replaces globals (setTimeout, Date, fetch, console, ...) with
// per-call proxies and tracks its transaction in AsyncLocalStorage. Anything we
// start from inside a function's async context (timers, refreshes) must run in
// the root context (`inRootContext`) or it would believe it is still nested in
// that function ("Transaction not started").
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import { format } from "node:util";
import { convexTest } from "convex-test";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { BuildWorkspace, FunctionsFolderError, type ModuleRuntime } from "./bundle.js";
import { DataDir, type RememberedResponse } from "./durable.js";
import { wrapModule, type ModuleExports, type TopLevelHook, type WrapContext } from "./functions.js";
import { FunctionModules, kindOf, parseUdfPath, type FunctionKind, type RegisteredFunction } from "./modules.js";
import { NodeActionRunner } from "./nodeActions.js";
import { EngineStore, type CommitRecord, type StoredDocument } from "./store.js";
import { VALIDATION_ERROR } from "./validation.js";

export { FunctionsFolderError } from "./bundle.js";

export type Identity = UserIdentity & Record<string, unknown>;

export type RunOptions = {
  identity?: Identity | null;
  /** Server-side callers (seed, crons, scheduler) may run internal functions. */
  allowInternal?: boolean;
  /** "sessionId|requestId" of a client mutation, logged with its commit. */
  requestKey?: string;
  /** Called synchronously when a mutation commits, before it returns. */
  onCommitted?: (ts: bigint) => void;
  /** Sees each log line as it is written (e.g. seeding progress). */
  onLog?: (line: string) => void;
  /** Bookkeeping run inside the outermost mutation's transaction (scheduler, crons). */
  hook?: TopLevelHook;
  /** The `_scheduled_functions` job this run executes. */
  scheduledJobId?: string;
};

type RunCommon = {
  logLines: string[];
  /** Tables the run read; null when it read something we cannot attribute. */
  reads: Set<string> | null;
};
export type RunResult =
  | (RunCommon & { success: true; value: JSONValue; commitTs?: bigint })
  | (RunCommon & { success: false; errorMessage: string; errorData?: JSONValue });

/** Called after every commit with the tables it wrote, its timestamp and the new documents. */
export type CommitListener = (tables: Set<string>, ts: bigint, changes: ReadonlyArray<[string, StoredDocument | null]>) => void;

export type EngineOptions = {
  functionsDir: string;
  dataDir: DataDir;
  /** Origin of this server as clients reach it (storage URLs). */
  publicUrl: string;
  /** Where function log lines that no client receives are printed. */
  log?: (line: string) => void;
};

type Tracking = {
  kind: FunctionKind | "any";
  reads: Set<string> | null;
  logLines: string[];
  done: boolean;
  requestKey?: string;
  commitTs?: bigint;
  onCommitted?: (ts: bigint) => void;
  onLog?: (line: string) => void;
  hook?: TopLevelHook;
  scheduledJobId?: string;
};

type TestAccessor = ReturnType<typeof convexTest>;
type CallableAccessor = {
  query(ref: unknown, args: unknown): Promise<unknown>;
  mutation(ref: unknown, args: unknown): Promise<unknown>;
  action(ref: unknown, args: unknown): Promise<unknown>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  run<T>(fn: (ctx: unknown) => Promise<T>): Promise<T>;
  finishInProgressScheduledFunctions(): Promise<void>;
  withIdentity(identity: Identity): CallableAccessor;
};

const tracking = new AsyncLocalStorage<Tracking>();

/** Runs `fn` in the context this module was loaded in, outside any function. */
export const inRootContext: <T>(fn: () => T) => T = AsyncResource.bind(<T>(fn: () => T): T => fn());
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
/** setTimeout whose callback starts in the root context. */
export function rootTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  return inRootContext(() => realSetTimeout(fn, Math.min(ms, 2 ** 31 - 1)));
}
export function clearRootTimeout(t: NodeJS.Timeout | undefined): void {
  if (t !== undefined) realClearTimeout(t);
}

export class FunctionNotFoundError extends Error {}

/** Convex's wording for a function a client may not call. */
export function notFoundMessage(canonicalPath: string): string {
  return `Could not find public function for '${canonicalPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`;
}

const KIND_LABEL: Record<FunctionKind, string> = { query: "Query", mutation: "Mutation", action: "Action" };

export class Engine {
  modules: FunctionModules;
  readonly dataDir: DataDir;
  readonly publicUrl: string;
  /** True when the data directory held nothing before this start. */
  readonly fresh: boolean;
  private readonly t: CallableAccessor;
  private readonly store: EngineStore;
  private readonly workspace: BuildWorkspace;
  private readonly nodeActions: NodeActionRunner;
  private readonly listeners = new Set<CommitListener>();
  private readonly responses = new Map<string, JSONValue | undefined>();
  private readonly log: (line: string) => void;
  private closed = false;

  /**
   * Loads the functions directory and the data directory. Throws
   * FunctionsFolderError (Convex's message) for a folder Convex would refuse.
   */
  static async create(options: EngineOptions): Promise<Engine> {
    const workspace = new BuildWorkspace(options.functionsDir);
    let modules: FunctionModules;
    try {
      modules = await FunctionModules.load(options.functionsDir, workspace);
    } catch (e) {
      workspace.close();
      throw e;
    }
    const schema = await modules.loadDefault("schema");
    // The wrapper needs the engine, which needs convex-test: bind it late.
    let engine: Engine | null = null;
    const wrap = (modulePath: string, runtime: ModuleRuntime, exports: ModuleExports, bundleUrl: string) =>
      wrapModule(modulePath, runtime, exports, bundleUrl, engine!.wrapContext);
    let t: TestAccessor;
    try {
      t = convexTest({
        schema: schema as never,
        modules: modules.convexTestModules(wrap),
        transactionLimits: true,
      } as never) as TestAccessor;
    } catch (e) {
      // convex-test checks the schema (table, field and index names) as a deploy does.
      workspace.close();
      throw new FunctionsFolderError(`Invalid schema: ${(e as Error)?.message ?? String(e)}`);
    }
    engine = new Engine(options, modules, t as unknown as CallableAccessor, workspace, wrap);
    return engine;
  }

  private constructor(
    options: EngineOptions,
    modules: FunctionModules,
    t: CallableAccessor,
    workspace: BuildWorkspace,
    private readonly wrap: (modulePath: string, runtime: ModuleRuntime, exports: ModuleExports, bundleUrl: string) => ModuleExports,
  ) {
    this.modules = modules;
    this.workspace = workspace;
    this.dataDir = options.dataDir;
    this.publicUrl = options.publicUrl.replace(/\/$/, "");
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.t = t;
    this.store = new EngineStore(t);
    this.nodeActions = new NodeActionRunner(() => workspace.workerEntry(), (line) => {
      if (!this.noteLog(line)) this.printLog(line);
    });
    installGlobalHooks(this);

    const state = this.dataDir.load();
    this.fresh = state.fresh;
    // Start the commit clock at "now": a fresh (or reset) database must not
    // show clients a ts below one they saw from an earlier run, and every
    // later commit gets a strictly larger one.
    const now = BigInt(Date.now()) * 1_000_000n;
    const counters = { ...state.counters, lastCommitTs: state.counters.lastCommitTs > now ? state.counters.lastCommitTs : now };
    this.store.restore([...state.documents.values()].map(hexSha256), counters, state.files);
    for (const r of state.responses) this.responses.set(r.key, r.result);
    this.dataDir.open();
    this.store.onCommit((record) => this.afterCommit(record));
  }

  /** What the function wrappers ask of the engine. */
  readonly wrapContext: WrapContext = {
    claimTopLevel: () => {
      const tr = tracking.getStore();
      if (!tr || tr.done) return undefined;
      const hook = tr.hook;
      tr.hook = undefined;
      return hook;
    },
    runNodeAction: (bundleUrl, exportName, args, identity) => this.nodeActions.run(bundleUrl, exportName, args, identity),
  };

  // ---- running functions ----

  /**
   * Runs a function by path. `kind` is what the caller asked for ("any" for
   * server-side calls that accept whatever the function is).
   */
  async run(kind: FunctionKind | "any", udfPath: string, args: Record<string, Value>, options: RunOptions = {}): Promise<RunResult> {
    const tr: Tracking = {
      kind, reads: new Set(), logLines: [], done: false, requestKey: options.requestKey, onCommitted: options.onCommitted,
      onLog: options.onLog, hook: options.hook, scheduledJobId: options.scheduledJobId,
    };
    try {
      return await tracking.run(tr, async (): Promise<RunResult> => {
        try {
          const { canonical, kind: actualKind } = await this.resolve(udfPath, kind, options.allowInternal ?? false);
          tr.kind = actualKind;
          const accessor = options.identity ? this.t.withIdentity(options.identity) : this.t;
          const result = await accessor[actualKind](makeFunctionReference(canonical as never), args);
          const value = convexToJson((result === undefined ? null : result) as Value);
          return { success: true, value, logLines: tr.logLines, reads: tr.reads, commitTs: tr.commitTs };
        } catch (e) {
          return { success: false, ...describeError(e, this.modules.root), logLines: tr.logLines, reads: tr.reads };
        }
      });
    } finally {
      // Async work the function left behind (scheduled jobs inherit this
      // context) must not add to this run's reads or log lines.
      tr.done = true;
    }
  }

  /** The kind of an exported function, or throws the client-facing error. */
  async resolve(udfPath: string, kind: FunctionKind | "any", allowInternal: boolean): Promise<{ canonical: string; kind: FunctionKind }> {
    const { modulePath, exportName, canonical } = parseUdfPath(udfPath);
    if (!this.modules.has(modulePath) || modulePath.startsWith("_generated/")) throw new FunctionNotFoundError(notFoundMessage(canonical));
    const fn = (await this.modules.load(modulePath))[exportName] as RegisteredFunction | undefined;
    const actual = fn ? kindOf(fn) : null;
    if (!fn || actual === null || (!fn.isPublic && !allowInternal)) throw new FunctionNotFoundError(notFoundMessage(canonical));
    if (kind !== "any" && actual !== kind) {
      throw new FunctionNotFoundError(`Trying to execute ${canonical} as ${KIND_LABEL[kind]}, but it is defined as ${KIND_LABEL[actual]}.`);
    }
    return { canonical, kind: actual };
  }

  /** Serves an HTTP action of the app's `http.ts` router. */
  async fetchHttpAction(pathWithQuery: string, init: RequestInit, identity: Identity | null): Promise<Response> {
    if (!this.modules.has("http")) return new Response("No HTTP actions are defined (no http.ts).", { status: 404 });
    const accessor = identity ? this.t.withIdentity(identity) : this.t;
    const tr: Tracking = { kind: "action", reads: null, logLines: [], done: false };
    try {
      return await tracking.run(tr, () => accessor.fetch(pathWithQuery, init));
    } finally {
      tr.done = true;
      for (const line of tr.logLines) this.log(`[http ${pathWithQuery}] ${line}`);
    }
  }

  /** Runs raw database work in one transaction (system tables allowed). */
  transact<T>(fn: (store: EngineStore) => T | Promise<T>): Promise<T> {
    return this.t.run(async () => await fn(this.store));
  }

  /** The store, for work inside a transaction the caller knows is open. */
  get storeInTransaction(): EngineStore {
    return this.store;
  }

  /** The scheduled job the current run executes, if any. */
  currentScheduledJob(): string | undefined {
    const tr = tracking.getStore();
    return tr && !tr.done ? tr.scheduledJobId : undefined;
  }

  // ---- commits, durability, de-duplication ----

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastCommitTs(): bigint {
    return this.store.lastCommitTs();
  }

  /** Documents of the committed state (for the scheduler's recovery). */
  documents() {
    return this.store.documents();
  }

  getDocument(id: string) {
    return this.store.getDocument(id);
  }

  /** A remembered response of a client mutation, if it was applied. */
  rememberedResponse(requestKey: string): { result: JSONValue | undefined } | undefined {
    return this.responses.has(requestKey) ? { result: this.responses.get(requestKey) } : undefined;
  }

  rememberResponse(requestKey: string, result: JSONValue): void {
    this.responses.set(requestKey, result);
    if (this.responses.size > 20_000) {
      for (const key of [...this.responses.keys()].slice(0, 10_000)) this.responses.delete(key);
    }
    if (!this.closed) this.dataDir.appendResponse(requestKey, result);
  }

  private afterCommit(record: CommitRecord): void {
    const tr = tracking.getStore();
    const ownCommit = tr !== undefined && !tr.done && tr.kind === "mutation" && tr.commitTs === undefined;
    if (this.closed) return; // a straggler after shutdown: memory only
    try {
      this.dataDir.appendCommit(record, ownCommit ? tr.requestKey : undefined);
      if (ownCommit && tr.requestKey !== undefined) this.responses.set(tr.requestKey, undefined);
      if (this.dataDir.shouldCompact()) this.snapshot();
    } catch (e) {
      // Committed in memory but not on disk: acknowledging anything now would
      // be a lie. Stop rather than serve from a state that cannot be recovered.
      process.stderr.write(`Fatal: cannot write to the data directory: ${String(e)}\n`);
      process.exit(70);
    }
    if (ownCommit) {
      tr.commitTs = record.ts;
      tr.onCommitted?.(record.ts);
    }
    const tables = new Set<string>();
    for (const [id] of record.changes) tables.add(tableOfId(id) ?? "");
    for (const listener of this.listeners) listener(tables, record.ts, record.changes);
  }

  /** Writes a snapshot and truncates the log. */
  snapshot(): void {
    const responses: RememberedResponse[] = [...this.responses].map(([key, result]) => ({ key, result }));
    this.dataDir.snapshot(this.store.documents(), this.store.counters(), responses);
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** Snapshot and close the log. The engine must not be used afterwards. */
  close(): void {
    if (this.closed) return;
    this.snapshot();
    this.closed = true;
    this.dataDir.close();
    this.nodeActions.close();
    this.workspace.close();
  }

  // ---- file storage ----

  /**
   * Stores a file (an upload, or `ctx.storage.store` from an action) with its
   * `_storage` document as Convex has it; the bytes reach the disk before
   * the document commits.
   */
  async storeFile(bytes: Uint8Array, contentType: string | null): Promise<string> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], contentType ? { type: contentType } : {});
    return await this.transact((store) => {
      const id = store.rawInsert("_storage", {
        sha256,
        size: bytes.byteLength,
        ...(contentType ? { contentType } : {}),
      });
      this.dataDir.writeFile(id, bytes, contentType);
      store.keepFile(id, blob);
      return id as string;
    });
  }

  /** A stored file, if its `_storage` document exists. */
  getFile(storageId: string): { blob: Blob; contentType: string | null } | null {
    const doc = this.store.getDocument(storageId);
    if (doc === null || !storageId.endsWith("_storage")) return null;
    const blob = this.dataDir.readFile(storageId);
    if (blob === null) return null;
    return { blob, contentType: (doc.contentType as string | undefined) ?? (blob.type || null) };
  }

  storageUrl(storageId: string): string {
    return `${this.publicUrl}/api/storage/${storageId}`;
  }

  // ---- reload ----

  /**
   * Bundles and imports the functions directory again (fresh module graph)
   * and switches convex-test over to it. Data, scheduled jobs and sessions
   * stay. A folder Convex would refuse (FunctionsFolderError) or that does
   * not build keeps the previous version.
   */
  async reload(): Promise<void> {
    const next = await FunctionModules.load(this.modules.root, this.workspace);
    const schema = await next.loadDefault("schema");
    try {
      this.store.setSchema(schema);
    } catch (e) {
      throw new FunctionsFolderError(`Invalid schema: ${(e as Error)?.message ?? String(e)}`);
    }
    this.store.setModules(next.loader(this.wrap));
    this.modules = next;
    this.nodeActions.retire();
  }

  // ---- scheduling and storage syscalls ----

  /**
   * `ctx.scheduler.runAfter/runAt`: a pending `_scheduled_functions`
   * document written in the caller's transaction (from a mutation) or in a
   * transaction of its own (from an action), so a job exists exactly when
   * the write that scheduled it committed. A job scheduled by an action whose
   * own job was canceled is canceled too, as on Convex.
   * @internal
   */
  async schedule(json: string, fromAction: boolean): Promise<string> {
    const request = JSON.parse(json) as { name?: string; reference?: string; functionHandle?: string; args: JSONValue; ts: number };
    const name = scheduledFunctionName(request);
    const args = jsonToConvex(request.args) as Value;
    const parent = this.currentScheduledJob();
    const parentCanceled = parent !== undefined && (this.store.getDocument(parent)?.state as { kind?: string } | undefined)?.kind === "canceled";
    const insert = (store: EngineStore) =>
      store.insertScheduledFunction({
        name, args: [args], scheduledTime: request.ts * 1000, state: { kind: parentCanceled ? "canceled" : "pending" },
      });
    const id = fromAction ? await this.transact(insert) : insert(this.store);
    return JSON.stringify(convexToJson(id));
  }

  /**
   * `ctx.scheduler.cancel`: a job that has not run will not; an action that
   * is running keeps running but its state stays canceled. Finished jobs are
   * left as they are.
   * @internal
   */
  async cancel(json: string, fromAction: boolean): Promise<string> {
    const { id } = JSON.parse(json) as { id: string };
    const work = (store: EngineStore) => {
      const job = store.rawGet(id) as { state?: { kind?: string } } | null;
      if (job === null) throw new Error(`Cannot cancel scheduled function ${id}: it does not exist.`);
      const kind = job.state?.kind;
      if (kind === "pending" || kind === "inProgress") store.rawPatch("_scheduled_functions", id, { state: { kind: "canceled" } });
    };
    if (fromAction) await this.transact(work);
    else work(this.store);
    return JSON.stringify({});
  }

  /** `ctx.storage.getMetadata` (deprecated on Convex, still supported). @internal */
  storageMetadata(json: string): string {
    const { storageId } = JSON.parse(json) as { storageId: string };
    const doc = storageId.endsWith("_storage") ? this.store.getDocument(storageId) : null;
    if (doc === null) return JSON.stringify(null);
    return JSON.stringify({ storageId, sha256: doc.sha256, size: doc.size, contentType: (doc.contentType as string | undefined) ?? null });
  }

  // ---- hooks used by installGlobalHooks ----

  /** @internal */
  noteRead(table: string | null): void {
    const tr = tracking.getStore();
    if (!tr || tr.done || tr.reads === null) return;
    if (table === null) tr.reads = null;
    else tr.reads.add(table);
  }

  /** @internal */
  noteLog(line: string): boolean {
    const tr = tracking.getStore();
    if (!tr || tr.done) return false;
    tr.logLines.push(line);
    tr.onLog?.(line);
    return true;
  }

  /** @internal */
  printLog(line: string): void {
    this.log(line);
  }
}

/** The udf path a scheduled job runs ("dir/mod:fn"). */
function scheduledFunctionName(request: { name?: string; reference?: string; functionHandle?: string }): string {
  if (typeof request.functionHandle === "string") return request.functionHandle.split("function://")[1]?.split(";")[1] ?? request.functionHandle;
  if (typeof request.name === "string") return request.name;
  throw new Error("Scheduling a function of a component is not supported by the local backend (components are not).");
}

/**
 * `_storage.sha256` is hex, as on Convex; data directories written before
 * kept convex-test's base64 form.
 */
function hexSha256(doc: StoredDocument): StoredDocument {
  if (!doc._id.endsWith("_storage") || typeof doc.sha256 !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(doc.sha256)) return doc;
  return { ...doc, sha256: Buffer.from(doc.sha256, "base64").toString("hex") };
}

/** convex-test ids are "<digits><table>". */
export function tableOfId(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const m = /^[0-9]+/.exec(id);
  return m && m[0].length < id.length ? id.slice(m[0].length) : null;
}

type QueryJson = { source?: { type?: string; tableName?: string; indexName?: string } };
function tableOfQuery(query: QueryJson | undefined): string | null {
  const source = query?.source;
  if (!source) return null;
  if (source.type === "FullTableScan" && typeof source.tableName === "string") return source.tableName;
  if (typeof source.indexName === "string") return source.indexName.split(".")[0];
  return null;
}

let hookedEngine: Engine | null = null;

/**
 * Wraps the syscall globals and console once per process. convex-test sets
 * `globalThis.Convex` on its first use and the Convex runtime reads it on
 * every call, so a wrapper here sees every database operation.
 */
function installGlobalHooks(engine: Engine): void {
  const first = hookedEngine === null;
  hookedEngine = engine;
  if (!first) return;
  const g = globalThis as unknown as { Convex: { syscall: Syscall; asyncSyscall: AsyncSyscall; jsSyscall: JsSyscall } };
  const original = g.Convex;

  const noteSyscall = (op: string, json: string) => {
    const e = hookedEngine!;
    switch (op) {
      case "1.0/queryStream":
      case "1.0/queryPage":
      case "1.0/get":
      case "1.0/count":
      case "1.0/storageGetUrl":
        break;
      default:
        return;
    }
    let args: { query?: QueryJson; table?: string; id?: string; storageId?: string };
    try {
      args = JSON.parse(json) as typeof args;
    } catch {
      e.noteRead(null);
      return;
    }
    if (op === "1.0/queryStream" || op === "1.0/queryPage") e.noteRead(tableOfQuery(args.query));
    else if (op === "1.0/get") e.noteRead(args.table ?? tableOfId(args.id));
    else if (op === "1.0/count") e.noteRead(args.table ?? null);
    else e.noteRead("_storage");
  };

  g.Convex = {
    get syscall(): Syscall {
      const f = original.syscall;
      return (op, json) => {
        noteSyscall(op, json);
        return f(op, json);
      };
    },
    get asyncSyscall(): AsyncSyscall {
      const f = original.asyncSyscall;
      return async (op, json) => {
        noteSyscall(op, json);
        const e = hookedEngine!;
        switch (op) {
          case "1.0/schedule":
            return await e.schedule(json, false);
          case "1.0/actions/schedule":
            return await e.schedule(json, true);
          case "1.0/cancel_job":
            return await e.cancel(json, false);
          case "1.0/actions/cancel_job":
            return await e.cancel(json, true);
          case "1.0/storageGetMetadata":
            return e.storageMetadata(json);
        }
        const result = await f(op, json);
        if (op === "1.0/storageGetUrl" && result !== "null") {
          const { storageId } = JSON.parse(json) as { storageId: string };
          return JSON.stringify(e.storageUrl(storageId));
        }
        if (op === "1.0/storageGenerateUploadUrl") {
          return JSON.stringify(`${e.publicUrl}/api/storage/upload?token=${randomBytes(12).toString("hex")}`);
        }
        return result;
      };
    },
    get jsSyscall(): JsSyscall {
      const f = original.jsSyscall;
      return async (op, args) => {
        // convex-test's own store keeps neither the content type nor the
        // bytes on disk: store the blob as an upload is stored.
        if (op === "storage/storeBlob") {
          const blob = (args as { blob: Blob }).blob;
          return await hookedEngine!.storeFile(new Uint8Array(await blob.arrayBuffer()), blob.type || null);
        }
        return await f(op, args);
      };
    },
  };

  const levels: Record<string, string> = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" };
  const c = console as unknown as Record<string, (...a: unknown[]) => void>;
  for (const [method, level] of Object.entries(levels)) {
    const print = c[method].bind(console);
    c[method] = (...a: unknown[]) => {
      const line = `[${level}] ${format(...a)}`;
      if (!hookedEngine!.noteLog(line)) print(...a);
    };
  }
}
type Syscall = (op: string, json: string) => string;
type AsyncSyscall = (op: string, json: string) => Promise<string>;
type JsSyscall = (op: string, args: unknown) => Promise<unknown>;

/** The error fields of a failed run, worded like Convex's. */
function describeError(e: unknown, functionsRoot: string): { errorMessage: string; errorData?: JSONValue } {
  const requestId = randomBytes(8).toString("hex");
  const prefix = `[Request ID: ${requestId}] Server Error\n`;
  if (e instanceof FunctionNotFoundError) return { errorMessage: prefix + e.message };
  // Convex reports argument and return validation failures as the
  // function's own error, not as something it threw.
  if (e instanceof Error && (e as unknown as Record<symbol, unknown>)[VALIDATION_ERROR] === true) return { errorMessage: prefix + e.message };
  if (e !== null && typeof e === "object" && Symbol.for("ConvexError") in e) {
    const err = e as { message: string; data?: unknown };
    let errorData: JSONValue = null;
    try {
      errorData = convexToJson((err.data ?? null) as Value);
    } catch {
      errorData = String(err.data);
    }
    return { errorMessage: `${prefix}Uncaught ConvexError: ${err.message}`, errorData };
  }
  if (e instanceof Error) {
    const frames = (e.stack ?? "")
      .split("\n")
      .filter((l) => l.trimStart().startsWith("at ") && l.includes(functionsRoot))
      .slice(0, 5)
      .map((l) => l.replace(/\?[^:)]*/, ""));
    return { errorMessage: `${prefix}Uncaught ${e.name}: ${e.message}${frames.length ? `\n${frames.join("\n")}` : ""}` };
  }
  return { errorMessage: `${prefix}Uncaught ${String(e)}` };
}
