// The storage engine: committed versions of the database, transactions on
// them, and the commit path.
//
// A version maps table names to immutable `TableData`; a commit builds the
// next version from the previous one, sharing every table it did not write
// (and, inside written tables, every B+ tree node it did not change). Readers
// keep the version they started on, so a query never waits for a writer and
// the queries of one refresh can all read the same version. Writers are
// serialised by a lock (as one writer at a time is what convex-test's
// functions expect), each on the latest version, so their reads are never
// stale and commits need no conflict check.
//
// Durability is a hook: `persist` runs inside `commit` before the new version
// is published; if it throws, nothing is published and the commit fails.
import { getDocumentSize, type Value } from "convex/values";
import { ReadSet, type Change } from "./readSet.js";
import { paginate, paginateSearch, QueryStream, RangeCursor, resolveSource, runSearch, prefixSearch, type PageArgs, type PageResult, type QueryJson, type ReadStats, type SchemaIndexes, type SearchProvider } from "./query.js";
import { BY_CREATION_TIME, indexFieldsFor, TableData, type IndexFields } from "./table.js";
import { hasPendingValues, makeId, resolveCommitted, tableNameFromId, type Doc, type Key } from "./values.js";

/** The parts of a Convex schema the engine needs (from `defineSchema(...).export()`-like data). */
export type TableSchema = {
  indexes: Array<{ name: string; fields: readonly string[] }>;
  searchIndexes: Array<{ name: string; searchField: string; filterFields: readonly string[] }>;
};
export type SchemaInfo = Map<string, TableSchema>;

export class Version {
  constructor(
    readonly ts: bigint,
    readonly tables: ReadonlyMap<string, TableData>,
  ) {}

  get(id: string): Doc | null {
    const table = tableNameFromId(id);
    return table === null ? null : (this.tables.get(table)?.get(id) ?? null);
  }

  /** Every document, table by table. */
  *documents(): IterableIterator<Doc> {
    for (const t of this.tables.values()) yield* t.values();
  }

  documentCount(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }
}

/** What a top-level commit changed, in the order the writes happened. */
export type CommitRecord = {
  ts: bigint;
  changes: Change[];
  nextDocId: number;
  lastCreationTime: number;
};

export type Counters = { nextDocId: number; lastCreationTime: number; lastCommitTs: bigint };

type Layer = { tables: Map<string, TableData>; writes: Map<string, { table: string; doc: Doc | null }> };

export class Transaction {
  readonly readSet = new ReadSet();
  readonly stats: ReadStats = { indexEntries: 0, documents: 0 };
  /** Reads and writes counted against Convex's limits (set by the convex-test adapter at the end). */
  usage?: { bytesRead: number; documentsRead: number; bytesWritten: number; documentsWritten: number };
  done = false;
  /** Set while a snapshot query (`useStaleSnapshot`) hides pending writes. */
  private stashed = 0;
  private readonly layers: Layer[] = [{ tables: new Map(), writes: new Map() }];
  private readonly view = (table: string): TableData | undefined => {
    if (this.stashed === 0) {
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const t = this.layers[i].tables.get(table);
        if (t !== undefined) return t;
      }
    }
    return this.snapshot.tables.get(table);
  };

  constructor(
    private readonly engine: StorageEngine,
    readonly snapshot: Version,
    readonly readOnly: boolean,
  ) {}

  get depth(): number {
    return this.layers.length;
  }

  get hasWrites(): boolean {
    return this.layers[0].writes.size > 0;
  }

  // ---- reads ----

  get(id: string): Doc | null {
    const table = tableNameFromId(id);
    if (table === null) return null;
    this.readSet.addId(table, id);
    const doc = this.view(table)?.get(id) ?? null;
    this.stats.indexEntries += 1;
    if (doc) this.stats.documents += 1;
    return doc;
  }

  openQuery(query: QueryJson): QueryStream {
    if (query.source.type === "Search") {
      const results = runSearch(query.source, this.view, this.engine.schemaIndexes, this.readSet, this.stats, this.engine.search);
      return new QueryStream(null, query, results, this.stats);
    }
    const range = resolveSource(query.source, this.engine.schemaIndexes)!;
    return new QueryStream(new RangeCursor(range, this.view, this.readSet, this.stats), query, null, this.stats);
  }

  paginate(args: PageArgs): PageResult {
    if (args.query.source.type === "Search") {
      const ranked = runSearch(args.query.source, this.view, this.engine.schemaIndexes, this.readSet, this.stats, this.engine.search);
      const page = paginateSearch(ranked, args.query, args);
      this.stats.documents += page.page.length;
      return page;
    }
    const range = resolveSource(args.query.source, this.engine.schemaIndexes)!;
    const result = paginate(args, (after: Key | null) => new RangeCursor(range, this.view, this.readSet, this.stats, after), (d) => getDocumentSize(d as never));
    this.stats.documents += result.page.length;
    return result;
  }

  count(table: string): number {
    this.readSet.addTable(table);
    return this.view(table)?.size ?? 0;
  }

  /** All documents of a table as this transaction sees them (vector search). */
  scan(table: string): Doc[] {
    this.readSet.addTable(table);
    const t = this.view(table);
    return t ? [...t.values()] : [];
  }

  // ---- writes ----

  /** Inserts, replaces or deletes (`null`) a document in the innermost layer. */
  put(table: string, id: string, doc: Doc | null): void {
    if (this.readOnly) throw new Error("A query cannot write to the database");
    const top = this.layers[this.layers.length - 1];
    let t = top.tables.get(table);
    if (t === undefined) {
      const base = this.view(table) ?? TableData.empty(table, this.engine.indexFieldsOf(table));
      t = base.clone();
      top.tables.set(table, t);
    }
    t.put(id, doc);
    top.writes.set(id, { table, doc });
  }

  // ---- nesting (ctx.runMutation / ctx.runQuery inside a transaction) ----

  pushLayer(): void {
    this.layers.push({ tables: new Map(), writes: new Map() });
  }
  commitLayer(): void {
    const child = this.layers.pop()!;
    const parent = this.layers[this.layers.length - 1];
    for (const [name, t] of child.tables) parent.tables.set(name, t);
    for (const [id, w] of child.writes) parent.writes.set(id, w);
  }
  rollbackLayer(): void {
    this.layers.pop();
  }
  stash(): void {
    this.stashed += 1;
  }
  unstash(): void {
    this.stashed -= 1;
  }

  /** @internal the outermost layer, for the commit. */
  outermost(): Layer {
    return this.layers[0];
  }
}

/** A promise-chain mutex; `acquire` resolves with the release function. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

export type StorageOptions = {
  schema?: SchemaInfo;
  search?: SearchProvider;
};

export class StorageEngine {
  private latest: Version;
  nextDocId = 10_000;
  lastCreationTime = 0;
  private lastCommitTs = 0n;
  private schema: SchemaInfo;
  private indexFields = new Map<string, IndexFields>();
  readonly schemaIndexes: SchemaIndexes;
  search: SearchProvider;
  private readonly writeLock = new Lock();
  private readonly releases = new WeakMap<Transaction, () => void>();
  /** Runs inside each commit before it is published; throwing aborts it. */
  persist: ((record: CommitRecord, meta: unknown) => void) | null = null;
  private readonly listeners = new Set<(record: CommitRecord, version: Version) => void>();

  constructor(options: StorageOptions = {}) {
    this.schema = options.schema ?? new Map();
    this.search = options.search ?? prefixSearch;
    this.latest = new Version(0n, new Map());
    this.schemaIndexes = {
      indexFields: (table, index) => this.schema.get(table)?.indexes.find((i) => i.name === index)?.fields,
      searchField: (table, index) => this.schema.get(table)?.searchIndexes.find((i) => i.name === index)?.searchField ?? null,
    };
  }

  // ---- schema ----

  indexFieldsOf(table: string): IndexFields {
    let f = this.indexFields.get(table);
    if (f === undefined) {
      f = indexFieldsFor(this.schema.get(table)?.indexes ?? []);
      this.indexFields.set(table, f);
    }
    return f;
  }

  /** Switches to a new schema; tables whose indexes changed are re-indexed. */
  setSchema(schema: SchemaInfo): void {
    this.schema = schema;
    this.indexFields = new Map();
    const tables = new Map<string, TableData>();
    for (const [name, t] of this.latest.tables) {
      const fields = this.indexFieldsOf(name);
      tables.set(name, sameIndexes(t.indexFields, fields) ? t : t.reindexed(fields));
    }
    this.latest = new Version(this.latest.ts, tables);
  }

  // ---- versions ----

  snapshot(): Version {
    return this.latest;
  }

  counters(): Counters {
    return { nextDocId: this.nextDocId, lastCreationTime: this.lastCreationTime, lastCommitTs: this.lastCommitTs };
  }

  get lastTs(): bigint {
    return this.lastCommitTs;
  }

  /** Replaces the whole state (start-up, import); call before serving. */
  load(documents: Iterable<Doc>, counters: Partial<Counters>): void {
    const byTable = new Map<string, Doc[]>();
    for (const doc of documents) {
      const table = tableNameFromId(doc._id);
      if (table === null) throw new Error(`Not a document id: ${doc._id}`);
      let list = byTable.get(table);
      if (list === undefined) byTable.set(table, (list = []));
      list.push(doc);
    }
    const tables = new Map<string, TableData>();
    for (const [table, docs] of byTable) tables.set(table, TableData.fromDocuments(table, this.indexFieldsOf(table), docs));
    if (counters.nextDocId !== undefined) this.nextDocId = Math.max(this.nextDocId, counters.nextDocId);
    if (counters.lastCreationTime !== undefined) this.lastCreationTime = Math.max(this.lastCreationTime, counters.lastCreationTime);
    if (counters.lastCommitTs !== undefined && counters.lastCommitTs > this.lastCommitTs) this.lastCommitTs = counters.lastCommitTs;
    this.latest = new Version(this.lastCommitTs, tables);
  }

  /**
   * Starts from another engine's published version (same schema), e.g. a
   * test fixture built once and handed to many backends. Versions are never
   * changed in place (a transaction writes to clones of the tables it
   * touches), so both engines go on from the shared version independently.
   */
  restoreFrom(other: StorageEngine): void {
    const c = other.counters();
    this.nextDocId = c.nextDocId;
    this.lastCreationTime = c.lastCreationTime;
    this.lastCommitTs = c.lastCommitTs;
    this.latest = other.snapshot();
  }

  /** Sees every published commit with the version it produced. */
  onCommit(listener: (record: CommitRecord, version: Version) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- transactions ----

  /** A read-only transaction on `snapshot` (default: the latest version). */
  beginRead(snapshot?: Version): Transaction {
    return new Transaction(this, snapshot ?? this.latest, true);
  }

  /** A read-write transaction on the latest version, once the writer before it is done. */
  async beginWrite(): Promise<Transaction> {
    const release = await this.writeLock.acquire();
    const tx = new Transaction(this, this.latest, false);
    this.releases.set(tx, release);
    return tx;
  }

  /** A new document id and creation time, as convex-test makes them. */
  newDocument(table: string): { _id: string; _creationTime: number } {
    const _id = makeId(this.nextDocId, table);
    this.nextDocId += 1;
    const now = Date.now();
    const _creationTime = now <= this.lastCreationTime ? this.lastCreationTime + 0.001 : now;
    this.lastCreationTime = _creationTime;
    return { _id, _creationTime };
  }

  /**
   * Publishes a top-level transaction's writes as the next version. Returns
   * null when it wrote nothing. Throws (publishing nothing) when `persist`
   * fails; the transaction stays open so that the caller can roll it back.
   */
  commit(tx: Transaction, meta?: unknown): CommitRecord | null {
    if (tx.done) throw new Error("Transaction already committed or rolled back");
    if (tx.depth !== 1) throw new Error("Nested transactions are still open");
    const layer = tx.outermost();
    if (layer.writes.size === 0) {
      this.end(tx);
      return null;
    }
    const now = BigInt(Date.now()) * 1_000_000n;
    const ts = now > this.lastCommitTs ? now : this.lastCommitTs + 1n;
    const base = this.latest;
    // Writers are serialised, so the transaction started on `base`; if it did
    // not (a write outside the lock), replay its writes onto `base`.
    const onBase = tx.snapshot === base;
    const tables = new Map(base.tables);
    const changes: Change[] = [];
    const replayed = new Map<string, TableData>();
    for (const [id, w] of layer.writes) {
      let doc = w.doc;
      let t = onBase ? layer.tables.get(w.table)! : replayed.get(w.table);
      if (t === undefined) {
        t = (base.tables.get(w.table) ?? TableData.empty(w.table, this.indexFieldsOf(w.table))).clone();
        replayed.set(w.table, t);
      }
      if (doc !== null && hasPendingValues(doc)) {
        doc = resolveCommitted(doc, ts);
        t.put(id, doc);
      } else if (!onBase) {
        t.put(id, doc);
      }
      changes.push({ table: w.table, id, before: base.get(id), after: doc });
    }
    for (const [name, t] of onBase ? layer.tables : replayed) {
      if (t.size === 0 && !base.tables.has(name)) continue;
      tables.set(name, t);
    }
    const record: CommitRecord = { ts, changes, nextDocId: this.nextDocId, lastCreationTime: this.lastCreationTime };
    this.persist?.(record, meta);
    this.lastCommitTs = ts;
    this.latest = new Version(ts, tables);
    this.end(tx);
    for (const l of this.listeners) {
      try {
        l(record, this.latest);
      } catch (e) {
        // Published and durable: a listener's failure must not fail the commit.
        console.error("A commit listener failed:", e);
      }
    }
    return record;
  }

  /** Ends a transaction without publishing anything (rollback, or a query). */
  end(tx: Transaction): void {
    if (tx.done) return;
    tx.done = true;
    const release = this.releases.get(tx);
    if (release) {
      this.releases.delete(tx);
      release();
    }
  }

  /** Writes documents outside any function (recovery, import), as one commit. */
  async writeDirect(fn: (tx: Transaction) => void, meta?: unknown): Promise<CommitRecord | null> {
    const tx = await this.beginWrite();
    try {
      fn(tx);
      return this.commit(tx, meta);
    } finally {
      this.end(tx);
    }
  }
}

function sameIndexes(a: IndexFields, b: IndexFields): boolean {
  if (a.size !== b.size) return false;
  for (const [name, fields] of a) {
    const other = b.get(name);
    if (!other || other.length !== fields.length || other.some((f, i) => f !== fields[i])) return false;
  }
  return true;
}

/** Schema info from convex-test's processed schema (`{tables: Map<name, exported table>}`). */
export function schemaInfoOf(processed: unknown): SchemaInfo {
  const out: SchemaInfo = new Map();
  const tables = (processed as { tables?: Map<string, unknown> } | null | undefined)?.tables;
  if (!tables) return out;
  for (const [name, def] of tables) {
    const exported = def as {
      indexes?: Array<{ indexDescriptor: string; fields: string[] }>;
      searchIndexes?: Array<{ indexDescriptor: string; searchField: string; filterFields: string[] }>;
    };
    out.set(name, {
      indexes: (exported.indexes ?? []).map((i) => ({ name: i.indexDescriptor, fields: i.fields })),
      searchIndexes: (exported.searchIndexes ?? []).map((i) => ({ name: i.indexDescriptor, searchField: i.searchField, filterFields: i.filterFields })),
    });
  }
  return out;
}

export { BY_CREATION_TIME, type Doc, type Value };
