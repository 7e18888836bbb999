// The one place that reaches into convex-test's private state.
//
// convex-test 0.0.60 keeps its whole database in a `DatabaseFake` (documents
// in `_documents`, an id counter `_nextDocId`, `_lastCreationTime`, file blobs
// in `_storage`, pending transaction layers in `_writes`) and the last commit
// timestamp in `TransactionManager._lastCommitTs`. Both hang off a per-instance
// "convex global" object that it only exposes through an AsyncLocalStorage.
// It has no snapshot or change-feed API, so to make the data durable we:
//   - capture that object once, by watching `AsyncLocalStorage.prototype.run`
//     during one harmless call on the test accessor;
//   - wrap `DatabaseFake.commit` to learn, for every top-level commit, exactly
//     which document ids were written and their committed values;
//   - write documents and counters back into those fields on start-up.
// Every field name used below is an internal of convex-test 0.0.60: upgrading
// convex-test means re-reading its `dist/index.js` (DatabaseFake,
// TransactionManager, convexTest) and adjusting this file, and nothing else.
import { AsyncLocalStorage } from "node:async_hooks";
import type { GenericId } from "convex/values";

/** A committed document as convex-test stores it (Convex values). */
export type StoredDocument = Record<string, unknown> & { _id: string; _creationTime: number };

/** What one top-level commit changed: new value per id, `null` when deleted. */
export type CommitRecord = {
  ts: bigint;
  changes: Array<[string, StoredDocument | null]>;
  nextDocId: number;
  lastCreationTime: number;
};

/** The counters that must survive a restart next to the documents. */
export type StoreCounters = { nextDocId: number; lastCreationTime: number; lastCommitTs: bigint };

type DatabaseFake = {
  _documents: Record<string, StoredDocument>;
  _storage: Record<string, Blob>;
  _writes: Array<Record<string, StoredDocument | null>>;
  _nextDocId: number;
  _lastCreationTime: number;
  _schema: unknown;
  commit(commitTs: bigint | null): void;
  storeFile(storageId: string, blob: Blob): void;
  insert(table: string, value: Record<string, unknown>): string;
  get(table: string | undefined, id: string): StoredDocument | null;
  patch(table: string, id: string, value: Record<string, unknown>): void;
};
type ConvexGlobal = {
  components: Record<string, { db: DatabaseFake; modules: (path: string) => Promise<Record<string, unknown>> }>;
  transactionManager: { _lastCommitTs: bigint; isInTransaction(): boolean };
};

/** Typed access to one convex-test instance's root database. */
export class EngineStore {
  private readonly global: ConvexGlobal;
  private readonly db: DatabaseFake;

  /**
   * `accessor` is the object returned by `convexTest(...)`. Its methods run
   * inside `convexGlobalStorage.run(convexGlobal, ...)`; we call a no-op one
   * and keep the store it enters.
   */
  constructor(accessor: { finishInProgressScheduledFunctions(): Promise<void> }) {
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
    if (captured === null) throw new Error("convex-test internals changed: could not capture its database (see local/engine/store.ts)");
    this.global = captured;
    const root = (captured as ConvexGlobal).components[""];
    if (!root?.db || typeof root.db.commit !== "function" || typeof root.db._documents !== "object") {
      throw new Error("convex-test internals changed: unexpected DatabaseFake shape (see local/engine/store.ts)");
    }
    this.db = root.db;
  }

  /**
   * Calls `listener` synchronously after each top-level commit, with the new
   * committed value of every written id. It runs inside convex-test's commit,
   * before the function's caller sees the result: that is what lets the
   * write-ahead log be flushed before a mutation is acknowledged. The listener
   * must not throw (convex-test would keep its transaction lock forever).
   */
  onCommit(listener: (record: CommitRecord) => void): void {
    const db = this.db;
    const commit = db.commit.bind(db);
    db.commit = (commitTs: bigint | null) => {
      const isTopLevel = db._writes.length === 1;
      const written = isTopLevel ? Object.keys(db._writes[0]) : [];
      commit(commitTs);
      if (!isTopLevel || commitTs === null || written.length === 0) return;
      listener({
        ts: commitTs,
        changes: written.map((id) => [id, db._documents[id] ?? null]),
        nextDocId: db._nextDocId,
        lastCreationTime: db._lastCreationTime,
      });
    };
  }

  /** Calls `listener` whenever convex-test keeps a file blob in memory. */
  onStoreFile(listener: (storageId: string, blob: Blob) => void): void {
    const db = this.db;
    const storeFile = db.storeFile.bind(db);
    db.storeFile = (storageId: string, blob: Blob) => {
      storeFile(storageId, blob);
      listener(storageId, blob);
    };
  }

  /** Committed documents (no pending writes). Do not mutate them. */
  documents(): StoredDocument[] {
    return Object.values(this.db._documents);
  }

  /** The committed version of one document, or null. */
  getDocument(id: string): StoredDocument | null {
    return this.db._documents[id] ?? null;
  }

  counters(): StoreCounters {
    return {
      nextDocId: this.db._nextDocId,
      lastCreationTime: this.db._lastCreationTime,
      lastCommitTs: this.global.transactionManager._lastCommitTs,
    };
  }

  lastCommitTs(): bigint {
    return this.global.transactionManager._lastCommitTs;
  }

  /** Replaces the whole committed state; only call before serving requests. */
  restore(documents: Iterable<StoredDocument>, counters: StoreCounters, files: Map<string, Blob>): void {
    const docs: Record<string, StoredDocument> = {};
    for (const doc of documents) docs[doc._id] = doc;
    this.db._documents = docs;
    this.db._nextDocId = Math.max(this.db._nextDocId, counters.nextDocId);
    this.db._lastCreationTime = Math.max(this.db._lastCreationTime, counters.lastCreationTime);
    if (counters.lastCommitTs > this.global.transactionManager._lastCommitTs) {
      this.global.transactionManager._lastCommitTs = counters.lastCommitTs;
    }
    for (const [id, blob] of files) this.db._storage[id] = blob;
  }

  /**
   * Raw writes for use inside a transaction that convex-test already opened
   * (e.g. in a `t.run` handler): system tables (`_storage`,
   * `_scheduled_functions`) cannot be written through `ctx.db`.
   */
  rawInsert(table: string, value: Record<string, unknown>): GenericId<string> {
    return this.db.insert(table, value) as GenericId<string>;
  }
  rawGet(id: string): StoredDocument | null {
    return this.db.get(undefined, id);
  }
  rawPatch(table: string, id: string, value: Record<string, unknown>): void {
    this.db.patch(table, id, value);
  }
  keepFile(storageId: string, blob: Blob): void {
    this.db.storeFile(storageId, blob);
  }

  /** Points the root component at a new module loader (used by reload). */
  setModules(loader: (path: string) => Promise<Record<string, unknown>>): void {
    this.global.components[""].modules = loader;
  }

  /**
   * Swaps the schema used for validation and index lookups. A throwaway
   * DatabaseFake built from the new schema computes the internal form.
   */
  setSchema(schema: unknown): void {
    const Ctor = this.db.constructor as new (schema: unknown, componentPath: string) => DatabaseFake;
    this.db._schema = new Ctor(schema ?? null, "")._schema;
  }
}
