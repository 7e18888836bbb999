// Range-level read sets, and the index that finds which of many read sets a
// commit touched.
//
// A run records what it read as Convex does: point reads by id, index ranges
// (only the part a cursor actually walked: a `.first()` over a large range
// reads one key), and whole tables (count, text and vector search). A commit
// touches a read set when a written document's old or new version falls in
// one of its ranges, in one of the indexes the range was read from.
import { comparePrefix, indexKey, type Doc, type Key } from "./values.js";
import type { IndexFields } from "./table.js";

/** A key range of one index; bounds are key prefixes. */
export type KeyRange = {
  table: string;
  index: string;
  lower: Key;
  lowerInclusive: boolean;
  upper: Key;
  upperInclusive: boolean;
};

export function inRange(key: Key, r: Pick<KeyRange, "lower" | "lowerInclusive" | "upper" | "upperInclusive">): boolean {
  const lo = comparePrefix(key, r.lower);
  if (lo < 0 || (lo === 0 && !r.lowerInclusive)) return false;
  const hi = comparePrefix(key, r.upper);
  return hi < 0 || (hi === 0 && r.upperInclusive);
}

/** One written document: its committed version before and after. */
export type Change = { table: string; id: string; before: Doc | null; after: Doc | null };

export class ReadSet {
  readonly ids = new Map<string, Set<string>>();
  readonly ranges: KeyRange[] = [];
  readonly tables = new Set<string>();

  addId(table: string, id: string): void {
    let s = this.ids.get(table);
    if (!s) this.ids.set(table, (s = new Set()));
    s.add(id);
  }
  addRange(r: KeyRange): void {
    this.ranges.push(r);
  }
  addTable(table: string): void {
    this.tables.add(table);
  }
  merge(other: ReadSet): void {
    for (const [t, ids] of other.ids) for (const id of ids) this.addId(t, id);
    for (const r of other.ranges) this.ranges.push(r);
    for (const t of other.tables) this.tables.add(t);
  }

  /** Tables this read set depends on at all. */
  tableNames(): Set<string> {
    const s = new Set<string>(this.tables);
    for (const t of this.ids.keys()) s.add(t);
    for (const r of this.ranges) s.add(r.table);
    return s;
  }

  touchedBy(changes: readonly Change[], indexFieldsOf: (table: string) => IndexFields | undefined): boolean {
    for (const c of changes) {
      if (this.tables.has(c.table)) return true;
      if (this.ids.get(c.table)?.has(c.id)) return true;
    }
    for (const r of this.ranges) {
      const fields = indexFieldsOf(r.table)?.get(r.index);
      for (const c of changes) {
        if (c.table !== r.table) continue;
        if (fields === undefined) return true; // an index we cannot evaluate: be safe
        if (c.before && inRange(indexKey(c.before, fields), r)) return true;
        if (c.after && inRange(indexKey(c.after, fields), r)) return true;
      }
    }
    return false;
  }
}

/**
 * Many subscribers' read sets, indexed by table so that a commit visits only
 * the read sets of the tables it wrote, then the ids and ranges there.
 */
export class ReadSetIndex<S> {
  private readonly byTable = new Map<string, { ids: Map<string, Set<S>>; whole: Set<S>; ranges: Array<{ r: KeyRange; s: S }> }>();
  private readonly entries = new Map<S, ReadSet>();

  set(subscriber: S, readSet: ReadSet): void {
    this.delete(subscriber);
    this.entries.set(subscriber, readSet);
    for (const t of readSet.tables) this.table(t).whole.add(subscriber);
    for (const [t, ids] of readSet.ids) {
      const m = this.table(t).ids;
      for (const id of ids) {
        let s = m.get(id);
        if (!s) m.set(id, (s = new Set()));
        s.add(subscriber);
      }
    }
    for (const r of readSet.ranges) this.table(r.table).ranges.push({ r, s: subscriber });
  }

  private table(name: string) {
    let e = this.byTable.get(name);
    if (!e) this.byTable.set(name, (e = { ids: new Map(), whole: new Set(), ranges: [] }));
    return e;
  }

  delete(subscriber: S): void {
    const rs = this.entries.get(subscriber);
    if (!rs) return;
    this.entries.delete(subscriber);
    for (const t of rs.tableNames()) {
      const e = this.byTable.get(t);
      if (!e) continue;
      e.whole.delete(subscriber);
      for (const id of rs.ids.get(t) ?? []) {
        const s = e.ids.get(id);
        s?.delete(subscriber);
        if (s && s.size === 0) e.ids.delete(id);
      }
      if (rs.ranges.some((r) => r.table === t)) e.ranges = e.ranges.filter((x) => x.s !== subscriber);
      if (e.whole.size === 0 && e.ids.size === 0 && e.ranges.length === 0) this.byTable.delete(t);
    }
  }

  has(subscriber: S): boolean {
    return this.entries.has(subscriber);
  }

  /** The subscribers whose read sets the changes touch. */
  touched(changes: readonly Change[], indexFieldsOf: (table: string) => IndexFields | undefined): Set<S> {
    const out = new Set<S>();
    for (const c of changes) {
      const e = this.byTable.get(c.table);
      if (!e) continue;
      for (const s of e.whole) out.add(s);
      for (const s of e.ids.get(c.id) ?? []) out.add(s);
      if (e.ranges.length === 0) continue;
      const keys = new Map<string, Key[]>();
      for (const { r, s } of e.ranges) {
        if (out.has(s)) continue;
        const fields = indexFieldsOf(c.table)?.get(r.index);
        if (fields === undefined) {
          out.add(s);
          continue;
        }
        let ks = keys.get(r.index);
        if (!ks) {
          ks = [];
          if (c.before) ks.push(indexKey(c.before, fields));
          if (c.after) ks.push(indexKey(c.after, fields));
          keys.set(r.index, ks);
        }
        if (ks.some((k) => inRange(k, r))) out.add(s);
      }
    }
    return out;
  }
}
