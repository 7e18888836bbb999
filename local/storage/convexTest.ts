// The one adapter between convex-test and the storage engine. Nothing else in
// the project reaches into convex-test's internals or its syscall layer.
//
// convex-test 0.0.60 keeps, per `convexTest()` instance, a "convex global"
// object ({components: {"": {db, modules}}, transactionManager, syscall,
// asyncSyscall, jsSyscall, ...}) that it only exposes through an
// AsyncLocalStorage. We keep its function execution (argument and return
// validation, ctx objects, nested runQuery/runMutation, actions, HTTP actions,
// the scheduler, transaction limits) and replace what is under it:
//   - the root `DatabaseFake`'s document store and query evaluation: its
//     get/insert/patch/replace/delete/startQuery/queryNext/paginate methods
//     go to a `Transaction` of the storage engine (schema validation stays
//     convex-test's own `_validate`);
//   - the `TransactionManager`: convex-test runs every top-level transaction
//     one at a time behind one lock. Ours runs queries lock-free on a
//     committed version and serialises only writers;
//   - `1.0/count` (answered from the table's size) and the storage URL
//     syscalls (answered by the host, e.g. the local server's own URLs);
//   - `1.0/queryStreamNext` in queries: as convex-test answers it, but each
//     committed document is turned into its JSON text (and its size counted)
//     once, not once per query that reads it. Committed documents are never
//     changed in place (a write stores a new object), so the text stays
//     right; many subscriptions re-reading the same rows after a commit (a
//     dashboard open in fifty sessions) no longer each pay for it.
//
// Which transaction a database call belongs to: convex-test calls
// `transactionManager.begin()` synchronously from the code that then awaits
// it and runs the function, so `begin` enters a fresh slot into our own
// AsyncLocalStorage (`enterWith`) and everything that function awaits
// inherits it. Nested transactions find their parent the same way.
//
// Every field name used below is an internal of convex-test 0.0.60:
// upgrading convex-test means re-reading its dist/index.js and this file.
import { AsyncLocalStorage } from "node:async_hooks";
import { TransactionMetricsTracker } from "convex-test/dist/transactionMetrics.js";
import { StorageEngine, schemaInfoOf, Transaction, type CommitRecord, type Version } from "./database.js";
import type { QueryJson, QueryStream, SearchProvider } from "./query.js";
import { resolvePending, tableNameFromId, writtenValue, type Doc } from "./values.js";
import type { JSONValue, Value } from "convex/values";
import { convexToJson, getConvexSize, getDocumentSize } from "convex/values";

/** Options for the top-level transactions started inside `runWith(ctx, fn)`. */
export type RunContext = {
  /** Run top-level transactions as lock-free reads (a query run). */
  readOnly?: boolean;
  /** The version read-only transactions read (default: the latest). */
  snapshot?: Version;
  /** Called when each top-level transaction of the run ends. */
  onTransactionEnd?: (tx: Transaction, commit: CommitRecord | null) => void;
  /** Passed to the engine's `persist` hook with each commit of the run. */
  commitMeta?: () => unknown;
  /** Set when the run is over: work it left behind (timers) no longer belongs to it. */
  done?: boolean;
};

/** Answers for the syscalls whose results depend on the host. */
export type HostHooks = {
  storageUrl?: (storageId: string) => string;
  uploadUrl?: () => string;
  /** A blob about to be kept under `storageId` (its bytes already read). */
  storeFile?: (storageId: string, bytes: Uint8Array, contentType: string | null) => void;
};

export type AttachOptions = {
  transactionLimits?: unknown;
  /** Text search (default: convex-test's word-prefix match). */
  search?: SearchProvider;
  describeSchemaError?: (validator: unknown, doc: Record<string, Value>) => string | null;
};

type Slot = { owner: LocalStorage; tx: Transaction | null; tracker: TransactionMetricsTracker | null; ctx: RunContext | undefined };

// One pair of async-local stores for every LocalStorage, each store naming
// its owner. On Node 20 every AsyncLocalStorage instance adds work to every
// promise the process creates, so a store pair per instance made a test file
// that builds hundreds of backends ten times slower by its end.
const slotStorage = new AsyncLocalStorage<Slot>();
const runStorage = new AsyncLocalStorage<{ owner: LocalStorage; ctx: RunContext }>();

type DatabaseFake = Record<string, unknown> & {
  _schema: unknown;
  _validate(table: string, doc: unknown): void;
  _validateId(table: string | undefined, id: unknown): void;
  constructor: new (schema: unknown, componentPath: string) => DatabaseFake;
};
type ConvexGlobal = {
  components: Record<string, { db: DatabaseFake; modules: (path: string) => Promise<Record<string, unknown>> }>;
  transactionManager: unknown;
  asyncSyscall: (op: string, json: string) => Promise<string>;
  jsSyscall: (op: string, args: unknown) => Promise<unknown>;
};
type Accessor = { finishInProgressScheduledFunctions(): Promise<void> };

/** The storage engine plugged into one convex-test instance. */
export class LocalStorage {
  readonly engine: StorageEngine;
  readonly hooks: HostHooks = {};
  private readonly blobs = new Map<string, Blob>();
  private readonly global: ConvexGlobal;
  private readonly db: DatabaseFake;
  private readonly streams = new Map<number, { stream: QueryStream; tx: Transaction }>();
  private nextQueryId = 1;

  private constructor(global: ConvexGlobal, limits: unknown, search?: SearchProvider) {
    this.global = global;
    this.db = global.components[""].db;
    this.engine = new StorageEngine({ schema: schemaInfoOf(this.db._schema), search });
    this.installDatabase();
    this.installTransactionManager(limits);
    this.installSyscalls();
  }

  /**
   * Plugs a new storage engine into `accessor` (what `convexTest(...)`
   * returned, before any function ran). `limits` must be what was passed as
   * `transactionLimits`.
   */
  static attach(accessor: Accessor, options: AttachOptions = {}): LocalStorage {
    const storage = new LocalStorage(captureGlobal(accessor), options.transactionLimits ?? false, options.search);
    if (options.describeSchemaError) storage.rewordSchemaErrors(options.describeSchemaError);
    return storage;
  }

  /** Syscalls the host answers itself (by op name), before convex-test's own. */
  readonly asyncSyscallOverrides = new Map<string, (json: string) => Promise<string>>();
  readonly jsSyscallOverrides = new Map<string, (args: unknown) => Promise<unknown>>();

  /**
   * Schema violations keep convex-test's decision but get the host's wording
   * (Convex's: "Failed to insert or update a document in table ... because
   * it does not match the schema: ...").
   */
  private rewordSchemaErrors(describe: (validator: unknown, doc: Record<string, Value>) => string | null): void {
    const db = this.db;
    const validate = db._validate.bind(db);
    db._validate = (table: string, doc: unknown): void => {
      try {
        validate(table, doc);
      } catch (e) {
        const validator = (db._schema as { tables: Map<string, { documentType?: unknown }> } | null)?.tables.get(table)?.documentType;
        const problem = validator === undefined ? null : describe(validator, doc as Record<string, Value>);
        if (problem === null) throw e;
        throw new Error(`Failed to insert or update a document in table "${table}" because it does not match the schema: ${problem}`, { cause: e });
      }
    };
  }

  /** A search index of the schema (`{indexDescriptor, searchField, filterFields}`), if declared. */
  searchIndex(table: string, index: string): unknown {
    const t = (this.db._schema as { tables: Map<string, { searchIndexes?: Array<{ indexDescriptor: string }> }> } | null)?.tables.get(table);
    return t?.searchIndexes?.find((i) => i.indexDescriptor === index);
  }

  /**
   * Inserts a `_scheduled_functions` document into the running transaction,
   * counted against its limit of scheduled functions.
   */
  insertScheduledFunction(job: { name: string; args: Value[]; scheduledTime: number; state: { kind: string } }): string {
    const slot = this.slot();
    const tx = this.tx();
    slot?.tracker?.trackScheduledFunction(getConvexSize((job.args[0] ?? {}) as Value));
    const fields = this.engine.newDocument("_scheduled_functions");
    tx.put("_scheduled_functions", fields._id, { ...job, ...fields } as unknown as Doc);
    return fields._id;
  }

  // ---- running ----

  /** Runs `fn` (which calls the accessor) with `ctx` for its transactions. */
  runWith<T>(ctx: RunContext, fn: () => T): T {
    return runStorage.run({ owner: this, ctx }, fn);
  }

  /** The transaction of the current async context, if one is open. */
  currentTransaction(): Transaction | null {
    const slot = this.slot();
    return slot?.tx && !slot.tx.done ? slot.tx : null;
  }

  /** This instance's slot in the current async context, if any. */
  private slot(): Slot | undefined {
    const s = slotStorage.getStore();
    return s?.owner === this ? s : undefined;
  }

  /** This instance's run context in the current async context, if any. */
  private run(): RunContext | undefined {
    const r = runStorage.getStore();
    return r?.owner === this ? r.ctx : undefined;
  }

  /** Points the root component at a new module loader and schema (reload). */
  reload(modules: (path: string) => Promise<Record<string, unknown>>, schema: unknown): void {
    this.global.components[""].modules = modules;
    const Ctor = this.db.constructor;
    this.db._schema = new Ctor(schema ?? null, "")._schema;
    this.engine.setSchema(schemaInfoOf(this.db._schema));
  }

  /** Throws convex-test's schema error when `doc` does not fit its table. */
  validate(table: string, doc: Doc): void {
    const { _id, _creationTime, ...fields } = doc;
    void _id;
    void _creationTime;
    this.db._validate(table, fields);
  }

  /** Starts from `other`'s data and stored files (see `StorageEngine.restoreFrom`); call before any function runs. */
  copyFrom(other: LocalStorage): void {
    this.engine.restoreFrom(other.engine);
    for (const [id, blob] of other.blobs) this.blobs.set(id, blob);
  }

  /** A stored file's blob, if kept in memory. */
  file(storageId: string): Blob | undefined {
    return this.blobs.get(storageId);
  }
  keepFile(storageId: string, blob: Blob): void {
    this.blobs.set(storageId, blob);
  }

  // ---- the database ----

  private tx(): Transaction {
    const tx = this.currentTransaction();
    if (tx === null) throw new Error("Transaction not started");
    return tx;
  }

  private installDatabase(): void {
    const db = this.db;
    const engine = this.engine;
    const method = (name: string, fn: (...args: never[]) => unknown) => Object.defineProperty(db, name, { value: fn, writable: true, configurable: true });

    method("get", (table: string | undefined, id: string) => {
      db._validateId(table, id);
      const tx = this.currentTransaction();
      return tx ? tx.get(id) : engine.snapshot().get(id);
    });
    method("insert", (table: string, value: Record<string, Value>) => {
      db._validate(table, value);
      const tx = this.tx();
      const fields = engine.newDocument(table);
      tx.put(table, fields._id, { ...value, ...fields } as Doc);
      return fields._id;
    });
    method("patch", (tableName: string | undefined, id: string, value: Record<string, JSONValue>) => {
      db._validateId(tableName, id);
      if (typeof value !== "object") {
        throw new Error(`Invalid argument \`value\` in \`db.patch\`, expected object but got '${typeof value}': ${String(value)}`);
      }
      const tx = this.tx();
      const document = tx.get(id);
      if (document === null) throw new Error(`Patch on non-existent document with ID "${id}"`);
      const { _id, _creationTime, ...fields } = document;
      checkSystemFields(value, _id, _creationTime);
      const merged: Record<string, Value | undefined> = { ...fields };
      for (const [k, v] of Object.entries(value)) {
        if (k === "_id" || k === "_creationTime") continue;
        merged[k] = writtenValue(v);
      }
      for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
      const table = tableNameFromId(_id)!;
      db._validate(table, merged);
      tx.put(table, id, { _id, _creationTime, ...merged } as Doc);
    });
    method("replace", (tableName: string | undefined, id: string, value: Record<string, JSONValue>) => {
      db._validateId(tableName, id);
      if (typeof value !== "object") {
        throw new Error(`Invalid argument \`value\` in \`db.replace\`, expected object but got '${typeof value}': ${String(value)}`);
      }
      const tx = this.tx();
      const document = tx.get(id);
      if (document === null) throw new Error(`Replace on non-existent document with ID "${id}"`);
      checkSystemFields(value, document._id, document._creationTime);
      const next: Record<string, Value | undefined> = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === "_id" || k === "_creationTime") continue;
        const w = writtenValue(v);
        if (w !== undefined) next[k] = w;
      }
      const table = tableNameFromId(document._id)!;
      db._validate(table, next);
      tx.put(table, id, { ...next, _id: document._id, _creationTime: document._creationTime } as Doc);
    });
    method("delete", (tableName: string | undefined, id: string) => {
      db._validateId(tableName, id);
      const tx = this.tx();
      const document = tx.get(id);
      if (document === null) throw new Error("Delete on non-existent doc");
      tx.put(tableNameFromId(id)!, id, null);
    });
    method("startQuery", (query: QueryJson) => {
      const tx = this.tx();
      const id = this.nextQueryId++;
      this.streams.set(id, { stream: tx.openQuery(query), tx });
      return id;
    });
    method("queryNext", (queryId: number) => {
      const entry = this.streams.get(queryId);
      if (entry === undefined) throw new Error("Bad queryId");
      const value = entry.tx.done ? null : entry.stream.next();
      if (value === null) {
        this.streams.delete(queryId);
        return { value: null, done: true };
      }
      return { value, done: false };
    });
    method("paginate", (args: Parameters<Transaction["paginate"]>[0]) => this.tx().paginate(args));
    method("storeFile", (storageId: string, blob: Blob) => {
      this.blobs.set(storageId, blob);
    });
    method("getFile", (storageId: string) => {
      const tx = this.currentTransaction();
      const doc = tx ? tx.get(storageId) : engine.snapshot().get(storageId);
      return doc === null ? null : (this.blobs.get(storageId) ?? null);
    });
    method("vectorSearch", (tableAndIndex: string, vector: number[], expressions: unknown[], limit: number) => {
      const [table, index] = tableAndIndex.split(".");
      const schema = (db._schema as { tables: Map<string, { vectorIndexes?: Array<{ indexDescriptor: string; vectorField: string }> }> } | null)?.tables.get(table);
      const vectorIndex = schema?.vectorIndexes?.find((i) => i.indexDescriptor === index);
      if (vectorIndex === undefined) {
        throw new Error(`Cannot use vector index "${index}" for table "${table}" because it is not declared in the schema.`);
      }
      const tx = this.currentTransaction() ?? engine.beginRead();
      const docs = tx.scan(table).filter((d) => expressions.every((e) => evaluateVectorFilter(d, e)));
      return docs
        .map((d) => ({ _id: d._id, _score: cosine(vector, d[vectorIndex.vectorField] as number[]) }))
        .sort((a, b) => b._score - a._score)
        .slice(0, limit);
    });
  }

  // ---- transactions ----

  private installTransactionManager(limits: unknown): void {
    const engine = this.engine;
    const storage = this as LocalStorage;
    const slotOf = () => this.slot();
    const runOf = () => this.run();
    const current = (): Slot | null => {
      const s = slotOf();
      return s && s.tx && !s.tx.done ? s : null;
    };
    const endTop = (slot: Slot, commit: CommitRecord | null) => {
      const tx = slot.tx!;
      engine.end(tx);
      for (const [id, e] of this.streams) if (e.tx === tx) this.streams.delete(id);
      const ctx = slot.ctx;
      if (ctx && !ctx.done) ctx.onTransactionEnd?.(tx, commit);
    };
    const manager = {
      begin(isNested: boolean, transactionLimits?: unknown): Promise<void> {
        if (isNested) {
          const s = current();
          if (!s) throw new Error("Transaction not started");
          s.tx!.pushLayer();
          s.tracker!.startTransaction(transactionLimits as never);
          return Promise.resolve();
        }
        const ctx = runOf();
        const active = ctx && !ctx.done ? ctx : undefined;
        const slot: Slot = { owner: storage, tx: null, tracker: new TransactionMetricsTracker(limits as never), ctx: active };
        // Synchronously, in the caller's context: the function it then awaits
        // inherits this slot.
        slotStorage.enterWith(slot);
        if (active?.readOnly) {
          slot.tx = engine.beginRead(active.snapshot);
          slot.tracker!.startTransaction(transactionLimits as never);
          return Promise.resolve();
        }
        return engine.beginWrite().then((tx) => {
          slot.tx = tx;
          slot.tracker!.startTransaction(transactionLimits as never);
        });
      },
      isInTransaction(): boolean {
        return current() !== null;
      },
      getMetricsTracker(): TransactionMetricsTracker | null {
        return current()?.tracker ?? null;
      },
      getSnapshotTs(): bigint {
        const s = current();
        if (!s) throw new Error("getSnapshotTs() can only be called from a query or mutation.");
        return s.tx!.snapshot.ts;
      },
      commit(isNested: boolean): bigint | null {
        const s = current();
        if (!s) throw new Error("Transaction not started");
        if (isNested) {
          s.tx!.commitLayer();
          s.tracker!.commit();
          return null;
        }
        const tx = s.tx!;
        tx.usage = usageOf(s.tracker!);
        // Throws before anything is published when the commit cannot be made
        // durable; convex-test then calls rollback.
        const record = tx.readOnly ? null : engine.commit(tx, s.ctx?.commitMeta?.());
        s.tracker!.commit();
        endTop(s, record);
        return record?.ts ?? engine.lastTs;
      },
      rollback(isNested: boolean): void {
        const s = current();
        if (!s) throw new Error("Transaction not started");
        if (isNested) {
          s.tx!.rollbackLayer();
          s.tracker!.rollback();
          return;
        }
        s.tx!.usage = usageOf(s.tracker!);
        s.tracker!.rollback();
        endTop(s, null);
      },
      stashWrites(): Transaction | null {
        const tx = current()?.tx ?? null;
        tx?.stash();
        return tx;
      },
      restoreWrites(tx: Transaction | null): void {
        tx?.unstash();
      },
      get _lastCommitTs(): bigint {
        return engine.lastTs;
      },
    };
    this.global.transactionManager = manager;
  }

  // ---- syscalls whose answers come from the engine or the host ----

  private installSyscalls(): void {
    const asyncSyscall = this.global.asyncSyscall;
    const jsSyscall = this.global.jsSyscall;
    this.global.asyncSyscall = async (op: string, json: string): Promise<string> => {
      const override = this.asyncSyscallOverrides.get(op);
      if (override) return await override(json);
      switch (op) {
        case "1.0/queryStreamNext": {
          const tx = this.currentTransaction();
          // Writers may hold documents of their own transaction: those are serialised afresh, by convex-test.
          if (tx === null || !tx.readOnly) return await asyncSyscall(op, json);
          const { queryId } = JSON.parse(json) as { queryId: number };
          const { value, done } = (this.db as unknown as { queryNext(id: number): { value: Doc | null; done: boolean } }).queryNext(queryId);
          if (done || value === null) return '{"value":null,"done":true}';
          const text = documentText(value);
          (this.global.transactionManager as { getMetricsTracker(): { trackRead(bytes: number): void } | null }).getMetricsTracker()?.trackRead(text.size);
          return `{"value":${text.json},"done":false}`;
        }
        case "1.0/count": {
          const { table } = JSON.parse(json) as { table: string };
          const tx = this.currentTransaction();
          const n = tx ? tx.count(table) : (this.engine.snapshot().tables.get(table)?.size ?? 0);
          (this.global.transactionManager as { getMetricsTracker(): { trackIndexRange(): void } | null }).getMetricsTracker()?.trackIndexRange();
          return JSON.stringify(n);
        }
        case "1.0/storageGetUrl": {
          const result = await asyncSyscall(op, json);
          const url = this.hooks.storageUrl;
          if (result === "null" || !url) return result;
          return JSON.stringify(url((JSON.parse(json) as { storageId: string }).storageId));
        }
        case "1.0/storageGenerateUploadUrl":
          return this.hooks.uploadUrl ? JSON.stringify(this.hooks.uploadUrl()) : await asyncSyscall(op, json);
        default:
          return await asyncSyscall(op, json);
      }
    };
    this.global.jsSyscall = async (op: string, args: unknown): Promise<unknown> => {
      const override = this.jsSyscallOverrides.get(op);
      if (override) return await override(args);
      if (op !== "storage/storeBlob") return await jsSyscall(op, args);
      // As convex-test does, but the bytes reach the host (the disk) before
      // the `_storage` document is written, and the document keeps the
      // content type as Convex's does.
      const blob = (args as { blob: Blob }).blob;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      const sha256 = btoa(String.fromCharCode(...digest));
      const fields = this.engine.newDocument("_storage");
      this.hooks.storeFile?.(fields._id, bytes, blob.type || null);
      this.blobs.set(fields._id, blob);
      const doc = { sha256, size: blob.size, ...(blob.type ? { contentType: blob.type } : {}), ...fields } as Doc;
      const tx = this.currentTransaction();
      if (tx) tx.put("_storage", fields._id, doc);
      else await this.engine.writeDirect((t) => t.put("_storage", fields._id, doc));
      return fields._id;
    };
  }
}

/** What the transaction used of its limits, as `ctx.meta.getTransactionMetrics()` reports it. */
/** Committed documents as JSON text with their size, computed once per document object. */
const texts = new WeakMap<Doc, { json: string; size: number }>();
function documentText(doc: Doc): { json: string; size: number } {
  let text = texts.get(doc);
  if (text === undefined) {
    text = { json: JSON.stringify(convexToJson(doc as Value)), size: getDocumentSize(doc as never) };
    texts.set(doc, text);
  }
  return text;
}

function usageOf(tracker: TransactionMetricsTracker): Transaction["usage"] {
  try {
    const m = tracker.getTransactionMetrics() as unknown as Record<string, { used: number }>;
    return { bytesRead: m.bytesRead.used, documentsRead: m.documentsRead.used, bytesWritten: m.bytesWritten.used, documentsWritten: m.documentsWritten.used };
  } catch {
    return undefined;
  }
}

function checkSystemFields(value: Record<string, unknown>, _id: string, _creationTime: number): void {
  if (value._id !== undefined && value._id !== _id) {
    throw new Error(`Provided \`_id\` field value "${String(value._id)}" does not match the document ID "${_id}"`);
  }
  if (value._creationTime !== undefined && value._creationTime !== _creationTime) {
    throw new Error(`Provided \`_creationTime\` field value ${String(value._creationTime)} does not match the document's creation time ${_creationTime}`);
  }
}

function evaluateVectorFilter(doc: Doc, e: unknown): boolean {
  const f = e as { $eq?: [{ $field: string }, { $literal: JSONValue }]; $or?: unknown[] };
  if (f.$or) return f.$or.some((x) => evaluateVectorFilter(doc, x));
  if (f.$eq) {
    const v = doc[f.$eq[0].$field];
    return JSON.stringify(convexToJson((v ?? null) as Value)) === JSON.stringify(convexToJson(resolvePending(writtenValue(f.$eq[1].$literal)) ?? null));
  }
  return true;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
}

/**
 * The accessor's methods run inside `convexGlobalStorage.run(convexGlobal,
 * ...)`; we call a harmless one and keep the object it enters.
 */
function captureGlobal(accessor: Accessor): ConvexGlobal {
  let captured: ConvexGlobal | null = null;
  const originalRun = AsyncLocalStorage.prototype.run;
  AsyncLocalStorage.prototype.run = function (this: AsyncLocalStorage<unknown>, store: unknown, ...rest: unknown[]) {
    if (captured === null && store !== null && typeof store === "object" && "components" in store && "transactionManager" in store) {
      captured = store as ConvexGlobal;
    }
    return (originalRun as (...a: unknown[]) => unknown).call(this, store, ...rest);
  } as typeof originalRun;
  try {
    void accessor.finishInProgressScheduledFunctions();
  } finally {
    AsyncLocalStorage.prototype.run = originalRun;
  }
  const g = captured as ConvexGlobal | null;
  if (g === null || !g.components[""]?.db || typeof g.components[""].db._validate !== "function") {
    throw new Error("convex-test internals changed: could not capture its database (see local/storage/convexTest.ts)");
  }
  return g;
}
