// One table's documents and ordered indexes, as B+ trees (sorted-btree).
//
// `clone()` of a sorted-btree is O(1) and copy-on-write: the copy shares every
// node until one side changes it. A committed table is never changed again;
// a transaction that writes to it works on a clone, and the clone becomes the
// next committed version. So a snapshot is just a reference, a get is
// O(log n) and an index range read is O(log n + rows in range), whatever the
// size of other tables.
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

export class TableData {
  /** Lent to an open query cursor: clone before the next write. */
  private lent = false;

  constructor(
    readonly name: string,
    readonly indexFields: IndexFields,
    private docs: BTree<string, Doc>,
    private indexes: Map<string, BTree<Key, Doc>>,
  ) {}

  static empty(name: string, indexFields: IndexFields): TableData {
    const indexes = new Map<string, BTree<Key, Doc>>();
    for (const index of indexFields.keys()) indexes.set(index, new BTree<Key, Doc>(undefined, compareKeys));
    return new TableData(name, indexFields, new BTree<string, Doc>(), indexes);
  }

  /**
   * A table holding `docs` (distinct ids), each tree built bottom-up from its
   * sorted entries (start-up: cheaper than inserting one by one, and the
   * sorts are mostly over runs already in order, as a snapshot lists ids).
   */
  static fromDocuments(name: string, indexFields: IndexFields, docs: Doc[]): TableData {
    const sortedBy = <K>(keys: K[], compare: (a: K, b: K) => number) => {
      const order = keys.map((_, i) => i).sort((a, b) => compare(keys[a], keys[b]));
      return { keys: order.map((i) => keys[i]), values: order.map((i) => docs[i]) };
    };
    const byId = sortedBy(docs.map((d) => d._id), defaultComparator);
    const indexes = new Map<string, BTree<Key, Doc>>();
    for (const [index, fields] of indexFields) {
      const entries = sortedBy(docs.map((d) => indexKey(d, fields)), compareKeys);
      indexes.set(index, bulkLoad(entries.keys, entries.values, MAX_NODE_SIZE, compareKeys));
    }
    return new TableData(name, indexFields, bulkLoad(byId.keys, byId.values, MAX_NODE_SIZE, defaultComparator), indexes);
  }

  /** A copy-on-write copy that may be written to. */
  clone(): TableData {
    const indexes = new Map<string, BTree<Key, Doc>>();
    for (const [name, tree] of this.indexes) indexes.set(name, tree.clone());
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
      for (const [name, fields] of this.indexFields) this.indexes.get(name)!.delete(indexKey(old, fields));
      this.docs.delete(id);
      return;
    }
    this.docs.set(id, doc);
    for (const [name, fields] of this.indexFields) {
      const tree = this.indexes.get(name)!;
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
    return this.indexes.get(index);
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
    for (const [name, tree] of this.indexes) this.indexes.set(name, tree.clone());
    this.lent = false;
  }
}
