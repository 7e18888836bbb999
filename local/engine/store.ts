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
//   - write documents and counters back into those fields on start-up;
//   - route text search queries (`_resolveQuerySource`, `paginate` for a
//     "Search" source) to search.ts, which ranks like Convex;
//   - insert `_scheduled_functions` documents into the running transaction,
//     counted against its limits, so that the engine's scheduler (not
//     convex-test's in-memory timers) runs them.
// Every field name used below is an internal of convex-test 0.0.60: upgrading
// convex-test means re-reading its `dist/index.js` (DatabaseFake,
// TransactionManager, convexTest) and adjusting this file, and nothing else.
import { AsyncLocalStorage } from "node:async_hooks";
import { getConvexSize, jsonToConvex, type GenericId, type JSONValue, type Value } from "convex/values";
import { checkSearchQuery, searchDocuments, type SearchIndexDefinition, type SearchQuery } from "./search.js";
import { documentError, type ValidatorJson } from "./validation.js";

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

type SearchFilterJson = { type: "Search"; fieldPath: string; value: string } | { type: "Eq"; fieldPath: string; value: JSONValue };
type QueryJson = {
  source: { type: string; indexName?: string; filters?: SearchFilterJson[] } & Record<string, unknown>;
  operators: unknown[];
};
type ResolvedSource = {
  sortedDocs: StoredDocument[];
  filterFn: (doc: StoredDocument) => boolean;
  limit: number | null;
  fieldPathsToSortBy: string[];
  order: "asc" | "desc";
};
type PageArgs = { query: QueryJson; cursor: string | null; endCursor?: string | null; pageSize: number };
type PageResult = { page: StoredDocument[]; isDone: boolean; continueCursor: string; splitCursor: string | null; pageStatus: string | null };
type SchemaInternal = {
  schemaValidation: boolean;
  tables: Map<string, { searchIndexes?: SearchIndexDefinition[]; documentType?: ValidatorJson }>;
} | null;

type DatabaseFake = {
  _documents: Record<string, StoredDocument>;
  _storage: Record<string, Blob>;
  _writes: Array<Record<string, StoredDocument | null>>;
  _nextDocId: number;
  _lastCreationTime: number;
  _schema: SchemaInternal;
  _resolveQuerySource(query: QueryJson): ResolvedSource;
  _validate(table: string, doc: Record<string, Value>): void;
  paginate(args: PageArgs): PageResult;
  commit(commitTs: bigint | null): void;
  storeFile(storageId: string, blob: Blob): void;
  insert(table: string, value: Record<string, unknown>): string;
  get(table: string | undefined, id: string): StoredDocument | null;
  patch(table: string, id: string, value: Record<string, unknown>): void;
  delete(table: string, id: string): void;
};
type ConvexGlobal = {
  components: Record<string, { db: DatabaseFake; modules: (path: string) => Promise<Record<string, unknown>> }>;
  transactionManager: {
    _lastCommitTs: bigint;
    isInTransaction(): boolean;
    getMetricsTracker(): { trackScheduledFunction(size: number): void } | null;
  };
};

/** Cursor of a search results page: position and id of its last document. */
const SEARCH_CURSOR = "search";

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
    this.installSearch();
    this.installSchemaWording();
  }

  /**
   * Schema violations keep convex-test's decision but get Convex's message:
   * "Failed to insert or update a document in table "t" because it does not
   * match the schema: <what and where>".
   */
  private installSchemaWording(): void {
    const db = this.db;
    const validate = db._validate.bind(db);
    db._validate = (table: string, doc: Record<string, Value>): void => {
      try {
        validate(table, doc);
      } catch (e) {
        const validator = db._schema?.tables.get(table)?.documentType;
        const problem = validator === undefined ? null : documentError(validator, doc);
        if (problem === null) throw e;
        throw new Error(`Failed to insert or update a document in table "${table}" because it does not match the schema: ${problem}`);
      }
    };
  }

  /**
   * Text search: convex-test keeps documents matching any prefix of a
   * space-separated word, in insertion order. Its "Search" source is
   * replaced by search.ts over the table's documents (pending writes of the
   * running transaction included), followed by the query's own `.filter()`
   * and limit as usual; pagination walks the ranked list.
   */
  private installSearch(): void {
    const db = this.db;
    const resolveSource = db._resolveQuerySource.bind(db);
    db._resolveQuerySource = (query: QueryJson): ResolvedSource => {
      if (query.source.type !== "Search") return resolveSource(query);
      const [table, indexName] = String(query.source.indexName).split(".");
      const filters = query.source.filters ?? [];
      const base = resolveSource({ ...query, source: { ...query.source, filters: [] } });
      const search = filters.find((f) => f.type === "Search");
      const spec: SearchQuery = {
        searchField: search?.fieldPath ?? "",
        text: search?.type === "Search" ? search.value : "",
        equalities: filters.flatMap((f) => (f.type === "Eq" ? [{ fieldPath: f.fieldPath, value: queryValue(f.value) }] : [])),
      };
      const index = db._schema?.tables.get(table)?.searchIndexes?.find((i) => i.indexDescriptor === indexName);
      checkSearchQuery(table, index, indexName, spec);
      return { ...base, sortedDocs: searchDocuments(base.sortedDocs, spec), fieldPathsToSortBy: [], order: "asc" };
    };
    const paginate = db.paginate.bind(db);
    db.paginate = (args: PageArgs): PageResult => (args.query.source.type === "Search" ? searchPage(db, args) : paginate(args));
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
  rawDelete(table: string, id: string): void {
    this.db.delete(table, id);
  }
  keepFile(storageId: string, blob: Blob): void {
    this.db.storeFile(storageId, blob);
  }

  /** Whether a top-level transaction is open (in any async context). */
  inTransaction(): boolean {
    return this.global.transactionManager.isInTransaction();
  }

  /**
   * Inserts a `_scheduled_functions` document into the running transaction,
   * counted against its limit of scheduled functions.
   */
  insertScheduledFunction(job: { name: string; args: Value[]; scheduledTime: number; state: { kind: string } }): string {
    this.global.transactionManager.getMetricsTracker()?.trackScheduledFunction(getConvexSize(job.args[0] ?? {}));
    return this.db.insert("_scheduled_functions", job);
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

/** A value of a query filter as convex-test evaluates it (`{$undefined}` = undefined). */
function queryValue(value: JSONValue): Value | undefined {
  if (value !== null && typeof value === "object" && "$undefined" in value) return undefined;
  return jsonToConvex(value);
}

/**
 * One page of ranked search results. A cursor names the last document of a
 * page by id (and position, should it have left the results), so a page
 * continues after it and `endCursor` ends at it.
 */
function searchPage(db: DatabaseFake, { query, cursor, endCursor, pageSize }: PageArgs): PageResult {
  const { sortedDocs, filterFn } = db._resolveQuerySource(query);
  const positionOf = (c: string): number => {
    if (c === "_end_cursor") return sortedDocs.length - 1;
    try {
      const [kind, position, id] = JSON.parse(c) as [string, number, string];
      if (kind !== SEARCH_CURSOR) throw new Error("not a search cursor");
      const i = sortedDocs.findIndex((d) => d._id === id);
      return i >= 0 ? i : Math.min(position, sortedDocs.length - 1);
    } catch {
      throw new Error(`Invalid cursor for a search query: ${c}`);
    }
  };
  const cursorAt = (i: number) => JSON.stringify([SEARCH_CURSOR, i, sortedDocs[i]._id]);
  const start = cursor === null ? 0 : positionOf(cursor) + 1;
  const page: StoredDocument[] = [];
  if (endCursor) {
    const end = positionOf(endCursor);
    for (let i = start; i <= end; i++) if (filterFn(sortedDocs[i])) page.push(sortedDocs[i]);
    const done = endCursor === "_end_cursor" || end >= sortedDocs.length - 1;
    return { page, isDone: done, continueCursor: done ? "_end_cursor" : endCursor, splitCursor: null, pageStatus: null };
  }
  let last = start - 1;
  for (let i = start; i < sortedDocs.length && page.length < pageSize; i++) {
    if (filterFn(sortedDocs[i])) page.push(sortedDocs[i]);
    last = i;
  }
  const done = last >= sortedDocs.length - 1;
  return { page, isDone: done, continueCursor: done ? "_end_cursor" : cursorAt(last), splitCursor: null, pageStatus: null };
}
