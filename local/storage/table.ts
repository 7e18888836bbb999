// One table's documents and ordered indexes, as B+ trees (sorted-btree).
//
// `clone()` of a sorted-btree is O(1) and copy-on-write: the copy shares every
// node until one side changes it. A committed table is never changed again;
// a transaction that writes to it works on a clone, and the clone becomes the
// next committed version. So a snapshot is just a reference, a get is
// O(log n) and an index range read is O(log n + rows in range), whatever the
// size of other tables.
//
// An index tree is built on first use (a query's range, a transaction's
// write to a table whose index is already built), not at start-up: loading a
// large database builds only the trees by id, and most indexes of most tables
// (the audit trail's, `by_created_at`) are never read in a run. An unbuilt
// index costs nothing to writes; a version that built one shares it with the
// clones taken after, so each index is built about once per process.
import BTreeModule, { defaultComparator } from "sorted-btree";
import { bulkLoad } from "sorted-btree/extended/bulkLoad.js";
import { compareKeys, indexKey, type Doc, type Key } from "./values.js";

/** The fields of each index of a table, `_creationTime` and `_id` appended. */
export type IndexFields = ReadonlyMap<string, readonly string[]>;

// sorted-btree is CommonJS with `exports.default`: Node's ESM loader hands us
// the exports object, bundlers the default export itself.
const BTree = ((BTreeModule as unknown as { default?: typeof BTreeModule }).default ?? BTreeModule) as typeof BTreeModule;
type BTree<K, V> = BTreeModule<K, V>;

/** sorted-btree's default branching factor, for trees built in bulk. */
const MAX_NODE_SIZE = 32;

export const BY_ID = "by_id";
export const BY_CREATION_TIME = "by_creation_time";
const CREATION_FIELDS = ["_creationTime", "_id"] as const;

export function indexFieldsFor(userIndexes: ReadonlyArray<{ name: string; fields: readonly string[] }>): IndexFields {
  const m = new Map<string, readonly string[]>();
  m.set(BY_CREATION_TIME, CREATION_FIELDS);
  for (const { name, fields } of userIndexes) m.set(name, [...fields, "_creationTime", "_id"]);
  return m;
}

/** Every index of a table, none built yet. */
function unbuilt(indexFields: IndexFields): Map<string, BTree<Key, Doc> | null> {
  return new Map([...indexFields.keys()].map((index) => [index, null]));
}

export class TableData {
  /** Lent to an open query cursor: clone before the next write. */
  private lent = false;

  constructor(
    readonly name: string,
    readonly indexFields: IndexFields,
    private docs: BTree<string, Doc>,
    /** null: not built yet (built from `docs` on first use). */
    private indexes: Map<string, BTree<Key, Doc> | null>,
  ) {}

  /**
   * A table with no documents. Its index trees are built on first use too, so
   * that a table only ever written (the audit trail during a seed or a
   * rollover) keeps no index up to date until something reads through one.
   */
  static empty(name: string, indexFields: IndexFields): TableData {
    return new TableData(name, indexFields, new BTree<string, Doc>(), unbuilt(indexFields));
  }

  /**
   * A table holding `docs` (distinct ids): the tree by id built bottom-up
   * from its sorted entries (start-up: cheaper than inserting one by one, and
   * the sort is mostly over runs already in order, as a snapshot lists ids);
   * the index trees are built when first used.
   */
  static fromDocuments(name: string, indexFields: IndexFields, docs: Doc[]): TableData {
    const ids = docs.map((d) => d._id);
    const order = ids.map((_, i) => i).sort((a, b) => defaultComparator(ids[a], ids[b]));
    const byId = bulkLoad(
      order.map((i) => ids[i]),
      order.map((i) => docs[i]),
      MAX_NODE_SIZE,
      defaultComparator,
    );
    return new TableData(name, indexFields, byId, unbuilt(indexFields));
  }

  /** An index's tree, built now from the documents if it was not yet. */
  private built(index: string): BTree<Key, Doc> | undefined {
    const tree = this.indexes.get(index);
    if (tree !== null) return tree;
    const fields = this.indexFields.get(index)!;
    const docs = [...this.docs.values()];
    const keys = docs.map((d) => indexKey(d, fields));
    const order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a], keys[b]));
    const fresh = bulkLoad(
      order.map((i) => keys[i]),
      order.map((i) => docs[i]),
      MAX_NODE_SIZE,
      compareKeys,
    );
    this.indexes.set(index, fresh);
    return fresh;
  }

  /** Indexes not built yet (for building them ahead of use, in idle time). */
  unbuiltIndexes(): string[] {
    return [...this.indexes].filter(([, tree]) => tree === null).map(([name]) => name);
  }

  /** Builds one index now (a no-op when it is built). */
  buildIndex(index: string): void {
    if (this.indexes.has(index)) this.built(index);
  }

  /** A copy-on-write copy that may be written to. */
  clone(): TableData {
    const indexes = new Map<string, BTree<Key, Doc> | null>();
    for (const [name, tree] of this.indexes) indexes.set(name, tree?.clone() ?? null);
    return new TableData(this.name, this.indexFields, this.docs.clone(), indexes);
  }

  /** The same documents indexed by another set of indexes (schema change). */
  reindexed(indexFields: IndexFields): TableData {
    const t = TableData.empty(this.name, indexFields);
    for (const doc of this.docs.values()) t.put(doc._id, doc);
    return t;
  }

  get size(): number {
    return this.docs.size;
  }

  get(id: string): Doc | null {
    return this.docs.get(id) ?? null;
  }

  /** Inserts, replaces (`doc`) or deletes (`null`) one document. */
  put(id: string, doc: Doc | null): void {
    if (this.lent) this.unlend();
    const old = this.docs.get(id);
    if (doc === null) {
      if (old === undefined) return;
      for (const [name, fields] of this.indexFields) this.indexes.get(name)?.delete(indexKey(old, fields));
      this.docs.delete(id);
      return;
    }
    this.docs.set(id, doc);
    for (const [name, fields] of this.indexFields) {
      const tree = this.indexes.get(name);
      // Not built yet: it will be built from the documents, this one included.
      if (!tree) continue;
      const key = indexKey(doc, fields);
      // A replace that keeps an index's key (most fields of most writes) overwrites the entry in place.
      if (old !== undefined) {
        const oldKey = indexKey(old, fields);
        if (compareKeys(oldKey, key) !== 0) tree.delete(oldKey);
      }
      tree.set(key, doc);
    }
  }

  /** The tree of an index (for cursors). Marks this table as lent. */
  indexTree(index: string): BTree<Key, Doc> | undefined {
    this.lent = true;
    return this.built(index);
  }

  docTree(): BTree<string, Doc> {
    this.lent = true;
    return this.docs;
  }

  /** Documents in id order (for snapshots and exports; do not write meanwhile). */
  values(): IterableIterator<Doc> {
    return this.docs.values();
  }

  // Open cursors keep iterating the trees they were given; writes go to
  // fresh clones so those trees never change under them.
  private unlend(): void {
    this.docs = this.docs.clone();
    for (const [name, tree] of this.indexes) this.indexes.set(name, tree?.clone() ?? null);
    this.lent = false;
  }
}
