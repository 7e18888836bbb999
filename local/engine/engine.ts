// The execution engine: runs a Convex app's functions with convex-test's
// function runner on the local storage engine (local/storage), and adds what
// a server needs around it.
//
//  - Function lookup with Convex's own rules: clients reach only public
//    functions; the server itself (seeding, crons, scheduled jobs) may run
//    internal ones.
//  - Queries run lock-free on a committed version (optionally one given by
//    the caller, so that a refresh reads one snapshot) and return their
//    range-level read set, so the sync server re-runs only the queries a
//    commit touched.
//  - Log lines captured per run (`[LOG] ...`), as Convex returns them.
//  - Durability: every commit goes to the data directory's log before it is
//    published (see durable.ts); a commit that cannot be written fails.
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
import { LocalStorage, type RunContext } from "../storage/convexTest.js";
import type { CommitRecord, Transaction, Version } from "../storage/database.js";
import type { ReadStats, SearchProvider } from "../storage/query.js";
import { ReadSet } from "../storage/readSet.js";
import type { Doc } from "../storage/values.js";
import { DataDir, type LoadReport, type RememberedResponse } from "./durable.js";
import type { ImportedData } from "./exchange.js";
import { wrapModule, type ModuleExports, type TopLevelHook, type WrapContext } from "./functions.js";
import { FunctionModules, kindOf, parseUdfPath, type FunctionKind, type RegisteredFunction } from "./modules.js";
import { NodeActionRunner } from "./nodeActions.js";
import { checkSearchQuery, searchDocuments, type SearchIndexDefinition } from "./search.js";
import { documentError, VALIDATION_ERROR, type ValidatorJson } from "./validation.js";

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
  /** The committed version a query reads (default: the latest). */
  snapshot?: Version;
};

type RunCommon = {
  logLines: string[];
  /** What a query read (ids, index ranges, tables); null for other kinds. */
  reads: ReadSet | null;
  /** Index entries walked, documents and bytes read, for tests and the bench. */
  stats?: ReadStats;
};
export type RunResult =
  | (RunCommon & { success: true; value: JSONValue; commitTs?: bigint })
  | (RunCommon & { success: false; errorMessage: string; errorData?: JSONValue });

/** Called after every commit with what it changed and the version it made. */
export type CommitListener = (record: CommitRecord, version: Version) => void;

/** Raw reads and writes of one transaction, system tables included (scheduler and cron bookkeeping). */
export type DirectWriter = {
  rawGet(id: string): Doc | null;
  rawInsert(table: string, fields: Record<string, unknown>): string;
  rawPatch(table: string, id: string, fields: Record<string, unknown>): void;
  rawDelete(table: string, id: string): void;
};
type CommitMeta = { requestKey?: string };

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
  logLines: string[];
  done: boolean;
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
  /** How the data directory was loaded (time, sizes, anything cut off). */
  readonly loadReport: LoadReport;
  private readonly t: CallableAccessor;
  readonly storage: LocalStorage;
  private readonly workspace: BuildWorkspace;
  private readonly nodeActions: NodeActionRunner;
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
    this.storage = LocalStorage.attach(t, {
      transactionLimits: true,
      search: (q) => this.search(q),
      describeSchemaError: (validator, doc) => documentError(validator as ValidatorJson, doc),
    });
    this.nodeActions = new NodeActionRunner(() => workspace.workerEntry(), (line) => {
      if (!this.noteLog(line)) this.printLog(line);
    });
    installGlobalHooks(this);

    const state = this.dataDir.load();
    this.fresh = state.fresh;
    this.loadReport = state.report;
    // Start the commit clock at "now": a fresh (or reset) database must not
    // show clients a ts below one they saw from an earlier run, and every
    // later commit gets a strictly larger one.
    const now = BigInt(Date.now()) * 1_000_000n;
    const counters = { ...state.counters, lastCommitTs: state.counters.lastCommitTs > now ? state.counters.lastCommitTs : now };
    const indexing = performance.now();
    this.storage.engine.load([...state.documents.values()].map(hexSha256), counters);
    // The data load reported at start-up is reading the files and building the tables' indexes.
    state.report.ms += performance.now() - indexing;
    for (const [id, blob] of state.files) this.storage.keepFile(id, blob);
    for (const r of state.responses) this.responses.set(r.key, r.result);
    this.dataDir.open();
    this.installSyscalls();
    this.storage.engine.persist = (record, meta) => {
      if (this.closed) throw new Error("The local backend is shutting down");
      this.dataDir.appendCommit(record, (meta as CommitMeta | undefined)?.requestKey);
    };
    this.storage.engine.onCommit(() => {
      if (this.dataDir.shouldCompact()) void this.compact();
    });
    if (this.dataDir.shouldCompact()) void this.compact();
  }

  /** Text search with Convex's ranking (search.ts), over the documents a query sees. */
  private search: SearchProvider = ({ table, index, filters, documents }) => {
    const text = filters.find((f) => f.type === "Search");
    const spec = {
      searchField: text?.fieldPath ?? "",
      text: text ? String(text.value) : "",
      equalities: filters.filter((f) => f.type === "Eq").map((f) => ({ fieldPath: f.fieldPath, value: f.value as Value | undefined })),
    };
    const definition = this.storage.searchIndex(table, index) as SearchIndexDefinition | undefined;
    checkSearchQuery(table, definition, index, spec);
    return searchDocuments([...documents()], spec);
  };

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
    const tr: Tracking = { kind, logLines: [], done: false, onLog: options.onLog, hook: options.hook, scheduledJobId: options.scheduledJobId };
    let reads: ReadSet | null = null;
    const stats: ReadStats = { indexEntries: 0, documents: 0, bytesRead: 0 };
    let commitTs: bigint | undefined;
    let metaGiven = false;
    const ctx: RunContext = {};
    try {
      return await tracking.run(tr, async (): Promise<RunResult> => {
        try {
          const { canonical, kind: actualKind } = await this.resolve(udfPath, kind, options.allowInternal ?? false);
          tr.kind = actualKind;
          if (actualKind === "query") {
            reads = new ReadSet();
            ctx.readOnly = true;
            ctx.snapshot = options.snapshot;
          }
          ctx.onTransactionEnd = (tx: Transaction, commit: CommitRecord | null) => {
            stats.indexEntries += tx.stats.indexEntries;
            stats.documents += tx.stats.documents;
            stats.bytesRead = (stats.bytesRead ?? 0) + (tx.usage?.bytesRead ?? 0);
            reads?.merge(tx.readSet);
            if (commit && actualKind === "mutation" && commitTs === undefined) {
              commitTs = commit.ts;
              if (options.requestKey !== undefined) this.responses.set(options.requestKey, undefined);
              options.onCommitted?.(commit.ts);
            }
          };
          // The mutation's own commit carries its request key into the log.
          ctx.commitMeta = () => {
            if (actualKind !== "mutation" || metaGiven) return undefined;
            metaGiven = true;
            return { requestKey: options.requestKey } satisfies CommitMeta;
          };
          const accessor = options.identity ? this.t.withIdentity(options.identity) : this.t;
          const result = await this.storage.runWith(ctx, () => accessor[actualKind](makeFunctionReference(canonical as never), args));
          const value = convexToJson((result === undefined ? null : result) as Value);
          return { success: true, value, logLines: tr.logLines, reads, stats, commitTs };
        } catch (e) {
          return { success: false, ...describeError(e, this.modules.root), logLines: tr.logLines, reads, stats };
        }
      });
    } finally {
      // Async work the function left behind (scheduled jobs inherit this
      // context) must not add to this run's log lines or transactions.
      tr.done = true;
      ctx.done = true;
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
    const tr: Tracking = { kind: "action", logLines: [], done: false };
    try {
      return await tracking.run(tr, () => accessor.fetch(pathWithQuery, init));
    } finally {
      tr.done = true;
      for (const line of tr.logLines) this.log(`[http ${pathWithQuery}] ${line}`);
    }
  }

  /**
   * Raw writes in one transaction of their own, outside any function (system
   * tables allowed): scheduler and cron bookkeeping, stored files.
   */
  async transact<T>(fn: (w: DirectWriter) => T): Promise<T> {
    let out!: T;
    await this.storage.engine.writeDirect((tx) => {
      out = fn(this.writerFor(() => tx));
    });
    return out;
  }

  /** Raw access to the transaction of the running function, resolved at each call. */
  get storeInTransaction(): DirectWriter {
    return this.writerFor(() => {
      const tx = this.storage.currentTransaction();
      if (tx === null) throw new Error("Transaction not started");
      return tx;
    });
  }

  private writerFor(txOf: () => Transaction): DirectWriter {
    const engine = this.storage.engine;
    return {
      rawGet: (id) => txOf().get(id),
      rawInsert: (table, fields) => {
        const f = engine.newDocument(table);
        txOf().put(table, f._id, { ...fields, ...f } as Doc);
        return f._id;
      },
      rawPatch: (table, id, fields) => {
        const tx = txOf();
        const doc = tx.get(id);
        if (doc === null) throw new Error(`Patch on non-existent document with ID "${id}"`);
        const next: Record<string, unknown> = { ...doc, ...fields, _id: doc._id, _creationTime: doc._creationTime };
        for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
        tx.put(table, id, next as Doc);
      },
      rawDelete: (table, id) => txOf().put(table, id, null),
    };
  }

  /** The scheduled job the current run executes, if any. */
  currentScheduledJob(): string | undefined {
    const tr = tracking.getStore();
    return tr && !tr.done ? tr.scheduledJobId : undefined;
  }

  // ---- commits, durability, de-duplication ----

  onCommit(listener: CommitListener): () => void {
    return this.storage.engine.onCommit(listener);
  }

  lastCommitTs(): bigint {
    return this.storage.engine.lastTs;
  }

  /** The latest committed version (what a refresh reads). */
  snapshotVersion(): Version {
    return this.storage.engine.snapshot();
  }

  /** Documents of the committed state (for the scheduler's and crons' recovery). */
  documents(): Doc[] {
    return [...this.storage.engine.snapshot().documents()];
  }

  /** Documents of one table in the committed state. */
  tableDocuments(table: string): Doc[] {
    return [...(this.storage.engine.snapshot().tables.get(table)?.values() ?? [])];
  }

  getDocument(id: string): Doc | null {
    return this.storage.engine.snapshot().get(id);
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

  private rememberedList(): RememberedResponse[] {
    return [...this.responses].map(([key, result]) => ({ key, result }));
  }

  /**
   * Replaces the (empty) database with an imported snapshot (exchange.ts),
   * checked against the schema, and makes it durable with a snapshot.
   */
  async importSnapshot(data: ImportedData): Promise<void> {
    if (this.storage.engine.snapshot().documentCount() > 0) {
      throw new Error(`The data directory ${this.dataDir.dir} is not empty: add --reset to replace its data with the import`);
    }
    for (const doc of data.documents) {
      const table = doc._id.replace(/^[0-9]+/, "");
      if (table.startsWith("_")) continue;
      try {
        this.storage.validate(table, doc);
      } catch (e) {
        throw new Error(`The import does not match the schema (${doc._id}): ${(e as Error).message}`, { cause: e });
      }
    }
    for (const f of data.files) {
      this.dataDir.writeFile(f.storageId, f.bytes, f.contentType);
      this.storage.keepFile(f.storageId, new Blob([f.bytes as Uint8Array<ArrayBuffer>], f.contentType ? { type: f.contentType } : {}));
    }
    const now = BigInt(Date.now()) * 1_000_000n;
    this.storage.engine.load(data.documents.map(hexSha256), { nextDocId: data.nextDocId, lastCreationTime: data.lastCreationTime, lastCommitTs: now });
    await this.dataDir.compact(this.storage.engine.snapshot(), this.storage.engine.counters(), this.rememberedList(), () => true, false);
    (this as { fresh: boolean }).fresh = false;
  }

  /** Starts a background snapshot of the latest version (the log keeps growing meanwhile). */
  compact(): Promise<void> {
    const p = this.dataDir.compact(this.storage.engine.snapshot(), this.storage.engine.counters(), this.rememberedList(), (id) => this.getDocument(id) !== null);
    return p.catch((e: unknown) => this.log(`Snapshot failed (the log still has every commit): ${String((e as Error)?.message ?? e)}`));
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** Stops the "use node" action workers that have nothing to run (their memory goes back at once, not after their idle time). */
  stopIdleWorkers(): Promise<void> {
    return this.nodeActions.stopIdle();
  }

  /** Finishes snapshots and closes the log. The engine must not be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dataDir.settle();
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
    const engine = this.storage.engine;
    const fields = engine.newDocument("_storage");
    this.dataDir.writeFile(fields._id, bytes, contentType);
    this.storage.keepFile(fields._id, blob);
    await engine.writeDirect((tx) => {
      tx.put("_storage", fields._id, { sha256, size: bytes.byteLength, ...(contentType ? { contentType } : {}), ...fields } as Doc);
    });
    return fields._id;
  }

  /** A stored file, if its `_storage` document exists. */
  getFile(storageId: string): { blob: Blob; contentType: string | null } | null {
    const doc = this.getDocument(storageId);
    if (doc === null || !storageId.endsWith("_storage")) return null;
    const blob = this.storage.file(storageId) ?? this.dataDir.readFile(storageId);
    if (!blob) return null;
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
      this.storage.reload(next.loader(this.wrap), schema);
    } catch (e) {
      throw new FunctionsFolderError(`Invalid schema: ${(e as Error)?.message ?? String(e)}`);
    }
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
    const parentCanceled = parent !== undefined && (this.getDocument(parent)?.state as { kind?: string } | undefined)?.kind === "canceled";
    const job = { name, args: [args], scheduledTime: request.ts * 1000, state: { kind: parentCanceled ? "canceled" : "pending" } };
    const id = fromAction ? await this.transact((store) => store.rawInsert("_scheduled_functions", job)) : this.storage.insertScheduledFunction(job);
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
    const work = (store: DirectWriter) => {
      const job = store.rawGet(id) as { state?: { kind?: string } } | null;
      if (job === null) throw new Error(`Cannot cancel scheduled function ${id}: it does not exist.`);
      const kind = job.state?.kind;
      if (kind === "pending" || kind === "inProgress") store.rawPatch("_scheduled_functions", id, { state: { kind: "canceled" } });
    };
    if (fromAction) await this.transact(work);
    else work(this.storeInTransaction);
    return JSON.stringify({});
  }

  /** `ctx.storage.getMetadata` (deprecated on Convex, still supported). @internal */
  storageMetadata(json: string): string {
    const { storageId } = JSON.parse(json) as { storageId: string };
    const tx = this.storage.currentTransaction();
    const doc = storageId.endsWith("_storage") ? (tx ? tx.get(storageId) : this.getDocument(storageId)) : null;
    if (doc === null) return JSON.stringify(null);
    return JSON.stringify({ storageId, sha256: doc.sha256, size: doc.size, contentType: (doc.contentType as string | undefined) ?? null });
  }

  /**
   * The syscalls whose answers are the server's: scheduling (our scheduler,
   * not convex-test's timers), storage URLs and metadata, storing a blob.
   * The storage adapter routes them here.
   */
  private installSyscalls(): void {
    const a = this.storage.asyncSyscallOverrides;
    a.set("1.0/schedule", (json) => this.schedule(json, false));
    a.set("1.0/actions/schedule", (json) => this.schedule(json, true));
    a.set("1.0/cancel_job", (json) => this.cancel(json, false));
    a.set("1.0/actions/cancel_job", (json) => this.cancel(json, true));
    a.set("1.0/storageGetMetadata", async (json) => this.storageMetadata(json));
    a.set("1.0/storageGenerateUploadUrl", async () => JSON.stringify(`${this.publicUrl}/api/storage/upload?token=${randomBytes(12).toString("hex")}`));
    this.storage.hooks.storageUrl = (id) => this.storageUrl(id);
    this.storage.jsSyscallOverrides.set("storage/storeBlob", async (args) => {
      // Stored as an upload is stored: bytes on disk first, Convex's `_storage` fields.
      const blob = (args as { blob: Blob }).blob;
      return await this.storeFile(new Uint8Array(await blob.arrayBuffer()), blob.type || null);
    });
  }

  // ---- hooks used by installGlobalHooks ----

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
function hexSha256(doc: Doc): Doc {
  if (!doc._id.endsWith("_storage") || typeof doc.sha256 !== "string" || !/^[A-Za-z0-9+/]{43}=$/.test(doc.sha256)) return doc;
  return { ...doc, sha256: Buffer.from(doc.sha256, "base64").toString("hex") };
}

/** convex-test ids are "<digits><table>". */
export function tableOfId(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const m = /^[0-9]+/.exec(id);
  return m && m[0].length < id.length ? id.slice(m[0].length) : null;
}

let hookedEngine: Engine | null = null;

/**
 * Captures console output per run once per process (log lines travel with
 * each result, as Convex returns them).
 */
function installGlobalHooks(engine: Engine): void {
  const first = hookedEngine === null;
  hookedEngine = engine;
  if (!first) return;
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
    let errorData: JSONValue;
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
