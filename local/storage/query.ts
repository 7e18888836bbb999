// Query evaluation over ordered indexes: the `query` JSON that convex/server
// sends through the `1.0/queryStream` and `1.0/queryPage` syscalls.
//
// Sources: FullTableScan (the by_creation_time index), IndexRange (by_id,
// by_creation_time or a schema index; the range is a prefix of equalities
// then at most one lower and one upper bound) and Search (delegated to a
// search provider). Operators (filter, limit) apply in order. Cursors are
// lazy: a `.first()` walks one index entry, and what a cursor walked is what
// it adds to the read set.
import { convexToJson, jsonToConvex, compareValues, type JSONValue, type Value } from "convex/values";
import { ReadSet, type KeyRange } from "./readSet.js";
import { BY_CREATION_TIME, BY_ID, type TableData } from "./table.js";
import { comparePrefix as comparePrefixKey, fieldValue, indexKey, MAX_KEY, MIN_KEY, queryValue, tableNameFromId, type Doc, type Key } from "./values.js";

export type FilterExpr = Record<string, unknown>;
type RangeExpr = { type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte"; fieldPath: string; value: JSONValue };
export type QuerySource =
  | { type: "FullTableScan"; tableName: string; order?: "asc" | "desc" | null }
  | { type: "IndexRange"; indexName: string; range: RangeExpr[]; order?: "asc" | "desc" | null }
  | { type: "Search"; indexName: string; filters: SearchFilter[] };
export type SearchFilter = { type: "Search" | "Eq"; fieldPath: string; value: JSONValue };
export type QueryJson = { source: QuerySource; operators: Array<{ filter: FilterExpr } | { limit: number }> };

/** Counters a test or the bench reads: how much of the database a run touched. */
export type ReadStats = { indexEntries: number; documents: number; bytesRead?: number };

/** What a query reads from: the table as the reading transaction sees it. */
export type TableView = (table: string) => TableData | undefined;

/** Text search over a table; returns documents best match first. */
export type SearchProvider = (args: {
  table: string;
  index: string;
  /** The index's search field; undefined when the index is not declared. */
  searchField: string | undefined;
  filters: Array<{ type: "Search" | "Eq"; fieldPath: string; value: Value | undefined | string }>;
  documents: () => Iterable<Doc>;
}) => Doc[];

export type SchemaIndexes = {
  /** Fields of a schema index (without `_creationTime`, `_id`), or undefined. */
  indexFields(table: string, index: string): readonly string[] | undefined;
  searchField(table: string, index: string): string | undefined | null;
};

type Bound = { key: Key; inclusive: boolean };

/** An index range resolved from a query source. */
type ResolvedRange = { table: string; index: string; fields: readonly string[]; lower: Bound; upper: Bound; order: "asc" | "desc" };

export function resolveSource(source: QuerySource, schema: SchemaIndexes): ResolvedRange | null {
  if (source.type === "FullTableScan") {
    return {
      table: source.tableName, index: BY_CREATION_TIME, fields: ["_creationTime", "_id"],
      lower: { key: [], inclusive: true }, upper: { key: [], inclusive: true }, order: source.order ?? "asc",
    };
  }
  if (source.type !== "IndexRange") return null;
  const [table, index] = source.indexName.split(".");
  let fields: readonly string[];
  if (index === BY_CREATION_TIME) fields = ["_creationTime", "_id"];
  else if (index === BY_ID) fields = ["_id"];
  else {
    const f = schema.indexFields(table, index);
    if (f === undefined) {
      throw new Error(`Cannot use index "${index}" for table "${table}" because it is not declared in the schema.`);
    }
    fields = [...f, "_creationTime", "_id"];
  }
  validateIndexRange(source.range, fields);
  const prefix: Key = [];
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  for (const r of source.range) {
    const v = queryValue(r.value);
    if (r.type === "Eq") prefix.push(v);
    else if (r.type === "Gt") lower = { key: [...prefix, v], inclusive: false };
    else if (r.type === "Gte") lower = { key: [...prefix, v], inclusive: true };
    else if (r.type === "Lt") upper = { key: [...prefix, v], inclusive: false };
    else upper = { key: [...prefix, v], inclusive: true };
  }
  // A bound on field k means the equality prefix covers fields 0..k-1 only.
  const fix = (b: Bound | null): Bound => b ?? { key: prefix, inclusive: true };
  return { table, index, fields, lower: fix(lower), upper: fix(upper), order: source.order ?? "asc" };
}

// Convex's rule for `withIndex`: equalities on a prefix of the index fields,
// then at most one lower and one upper bound on the next field.
function validateIndexRange(range: RangeExpr[], fields: readonly string[]): void {
  let fieldIndex = 0;
  let state: "eq" | "gt" | "lt" | "done" = "eq";
  for (const [i, filter] of range.entries()) {
    if (state === "done") {
      throw new Error(`Incorrect operator used in \`withIndex\`, cannot chain more operators after both \`.gt\` and \`.lt\` were already used, got \`.${filter.type.toLowerCase()}(${filter.fieldPath}, ${JSON.stringify(filter.value)})\`.`);
    }
    const kind = filter.type === "Gt" || filter.type === "Gte" ? "gt" : filter.type === "Lt" || filter.type === "Lte" ? "lt" : "eq";
    const transition = `${state}|${kind}`;
    if (transition === "eq|eq" || transition === "eq|gt" || transition === "eq|lt") {
      if (filter.fieldPath === fields[fieldIndex]) {
        fieldIndex += 1;
        state = kind;
        continue;
      }
      throw new Error(`Incorrect field used in \`withIndex\`, expected "${fields[fieldIndex]}", got "${filter.fieldPath}"`);
    }
    if (transition === "lt|gt" || transition === "gt|lt") {
      if (fieldIndex > 0 && filter.fieldPath === fields[fieldIndex - 1]) {
        state = "done";
        continue;
      }
      throw new Error(`Incorrect field used in \`withIndex\`, \`.gt\` and \`.lt\` must operate on the same field, expected "${fields[fieldIndex - 1]}", got "${filter.fieldPath}"`);
    }
    throw new Error(`Incorrect operator used in \`withIndex\`, cannot chain \`.${filter.type.toLowerCase()}()\` after \`.${range[i - 1].type.toLowerCase()}()\``);
  }
}

function satisfiesLower(key: Key, b: Bound): boolean {
  const c = comparePrefixKey(key, b.key);
  return c > 0 || (c === 0 && b.inclusive);
}
function satisfiesUpper(key: Key, b: Bound): boolean {
  const c = comparePrefixKey(key, b.key);
  return c < 0 || (c === 0 && b.inclusive);
}

/**
 * A lazy walk over one index range. `next()` returns the next document in
 * order, or null at the end of the range; the walked part of the range is
 * recorded in the read set as it grows.
 */
export class RangeCursor {
  private iter: Iterator<[Key, Doc]> | null = null;
  private readonly range: KeyRange;
  private recorded = false;
  private finished = false;
  private lastKey: Key | null = null;

  constructor(
    private readonly r: ResolvedRange,
    private readonly view: TableView,
    private readonly readSet: ReadSet,
    private readonly stats: ReadStats,
    /** Start strictly after this full key (a pagination cursor). */
    private readonly after: Key | null = null,
  ) {
    this.range = {
      table: r.table, index: r.index,
      lower: r.lower.key, lowerInclusive: r.lower.inclusive, upper: r.upper.key, upperInclusive: r.upper.inclusive,
    };
  }

  get table(): string {
    return this.r.table;
  }

  /** Fields of the index key, for cursors. */
  get keyFields(): readonly string[] {
    return this.r.fields;
  }

  next(): { key: Key; doc: Doc } | null {
    if (this.finished) return null;
    if (this.iter === null) this.open();
    if (this.iter === null) return this.end();
    for (;;) {
      const step = this.iter.next();
      if (step.done) return this.end();
      const [key, doc] = step.value;
      this.stats.indexEntries += 1;
      if (this.r.order === "asc") {
        if (!satisfiesUpper(key, this.r.upper)) return this.end();
        if (!satisfiesLower(key, this.r.lower)) continue;
      } else {
        if (!satisfiesLower(key, this.r.lower)) return this.end();
        if (!satisfiesUpper(key, this.r.upper)) continue;
      }
      if (this.after && !isAfter(key, this.after, this.r.order)) continue;
      this.lastKey = key;
      this.note();
      return { key, doc };
    }
  }

  private open(): void {
    this.note();
    const table = this.view(this.r.table);
    if (table === undefined) return;
    if (this.r.index === BY_ID) {
      // Ids live in the documents tree itself: walk it with [id] as the key.
      const docs = table.docTree();
      const asc = this.r.order === "asc";
      const lo = this.after && asc ? this.after[0] : this.r.lower.key[0];
      const hi = this.after && !asc ? this.after[0] : this.r.upper.key[0];
      const entries = asc ? docs.entries(typeof lo === "string" ? lo : undefined) : docs.entriesReversed(typeof hi === "string" ? hi : undefined);
      this.iter = (function* () {
        for (const [id, doc] of entries) yield [[id], doc] as [Key, Doc];
      })();
      return;
    }
    const tree = table.indexTree(this.r.index);
    if (tree === undefined) return;
    if (this.r.order === "asc") {
      let seek: Key = this.r.lower.inclusive ? this.r.lower.key : [...this.r.lower.key, MAX_KEY];
      if (this.after && (seek.length === 0 || compareFull(this.after, seek) >= 0)) seek = [...this.after, MAX_KEY];
      this.iter = tree.entries(seek);
    } else {
      let seek: Key = this.r.upper.inclusive ? [...this.r.upper.key, MAX_KEY] : [...this.r.upper.key, MIN_KEY];
      if (this.after && compareFull(this.after, seek) <= 0) seek = [...this.after, MIN_KEY];
      this.iter = tree.entriesReversed(seek);
    }
  }

  // The walked part of the range: from its start to the last key returned,
  // or the whole range once it is exhausted.
  private note(): void {
    if (!this.recorded) {
      this.readSet.addRange(this.range);
      this.recorded = true;
    }
    if (this.finished) {
      if (this.r.order === "asc") {
        this.range.upper = this.r.upper.key;
        this.range.upperInclusive = this.r.upper.inclusive;
      } else {
        this.range.lower = this.r.lower.key;
        this.range.lowerInclusive = this.r.lower.inclusive;
      }
      return;
    }
    const start = this.after;
    if (this.r.order === "asc") {
      if (start) {
        this.range.lower = start;
        this.range.lowerInclusive = false;
      }
      if (this.lastKey) {
        this.range.upper = this.lastKey;
        this.range.upperInclusive = true;
      } else {
        // Nothing walked yet: an empty range at the start.
        this.range.upper = this.range.lower;
        this.range.upperInclusive = false;
      }
    } else {
      if (start) {
        this.range.upper = start;
        this.range.upperInclusive = false;
      }
      if (this.lastKey) {
        this.range.lower = this.lastKey;
        this.range.lowerInclusive = true;
      } else {
        this.range.lower = this.range.upper;
        this.range.lowerInclusive = false;
      }
    }
  }

  private end(): null {
    this.finished = true;
    this.note();
    return null;
  }
}

function compareFull(a: Key, b: Key): number {
  return comparePrefixKey(a, b) || a.length - b.length;
}
function isAfter(key: Key, cursor: Key, order: "asc" | "desc"): boolean {
  const c = compareFull(key, cursor);
  return order === "asc" ? c > 0 : c < 0;
}

/** A query stream: a range cursor plus filter and limit operators. */
export class QueryStream {
  private emitted = 0;
  private readonly limit: number | null;
  private readonly filters: FilterExpr[];
  private search: Doc[] | null = null;

  constructor(
    private readonly cursor: RangeCursor | null,
    query: QueryJson,
    searchResults: Doc[] | null,
    private readonly stats: ReadStats,
  ) {
    this.filters = [];
    let limit: number | null = null;
    // A limit caps what reaches it; filters after a limit still filter.
    for (const op of query.operators) {
      if ("filter" in op) this.filters.push(op.filter);
      else if ("limit" in op && limit === null) limit = op.limit;
    }
    this.limit = limit;
    this.search = searchResults;
  }

  next(): Doc | null {
    if (this.limit !== null && this.emitted >= this.limit) return null;
    for (;;) {
      let doc: Doc | null;
      if (this.search !== null) doc = this.search.shift() ?? null;
      else doc = this.cursor?.next()?.doc ?? null;
      if (doc === null) return null;
      if (!this.filters.every((f) => evaluateFilter(doc!, f) === true)) continue;
      this.emitted += 1;
      this.stats.documents += 1;
      return doc;
    }
  }
}

export type PageArgs = {
  query: QueryJson;
  cursor: string | null;
  endCursor?: string | null;
  pageSize: number;
  maximumRowsRead?: number;
  maximumBytesRead?: number;
};
export type PageResult = {
  page: Doc[];
  isDone: boolean;
  continueCursor: string;
  splitCursor: string | null;
  pageStatus: "SplitRequired" | "SplitRecommended" | null;
};

const END_CURSOR = "_end_cursor";

/** Cursors are the JSON of the full index key, as convex-test encodes them. */
export function encodeCursor(key: Key): string {
  return JSON.stringify(key.map((k) => (k === undefined ? null : JSON.stringify(convexToJson(k as Value)))));
}
export function decodeCursor(cursor: string): Key {
  return (JSON.parse(cursor) as Array<string | null>).map((k) => (k === null ? undefined : jsonToConvex(JSON.parse(k) as JSONValue)));
}

/** One page of a paginated query (`.paginate()`), with convex-test's cursor rules. */
export function paginate(
  args: PageArgs,
  open: (after: Key | null) => RangeCursor,
  sizeOf: (doc: Doc) => number,
): PageResult {
  if (args.cursor === END_CURSOR) return { page: [], isDone: true, continueCursor: END_CURSOR, splitCursor: null, pageStatus: null };
  const filters = args.query.operators.filter((op): op is { filter: FilterExpr } => "filter" in op).map((op) => op.filter);
  const start = args.cursor ? decodeCursor(args.cursor) : null;
  const end = args.endCursor && args.endCursor !== END_CURSOR ? decodeCursor(args.endCursor) : null;
  const toEnd = args.endCursor === END_CURSOR;
  const cursor = open(start);
  const order = (args.query.source as { order?: "asc" | "desc" | null }).order ?? "asc";
  const page: Doc[] = [];
  const readCursors: string[] = [];
  let rowsRead = 0;
  let bytesRead = 0;
  let continueCursor = END_CURSOR;
  let pageStatus: PageResult["pageStatus"] = null;
  for (let item = cursor.next(); item !== null; ) {
    const { key, doc } = item;
    if (end !== null) {
      const c = compareFull(key, end) * (order === "asc" ? 1 : -1);
      if (c > 0) {
        continueCursor = args.endCursor!;
        break;
      }
    }
    rowsRead += 1;
    bytesRead += sizeOf(doc);
    const encoded = encodeCursor(key);
    readCursors.push(encoded);
    if (filters.every((f) => evaluateFilter(doc, f) === true)) page.push(doc);
    if (end !== null && compareFull(key, end) === 0) {
      continueCursor = encoded;
      break;
    }
    if ((args.maximumRowsRead && rowsRead >= args.maximumRowsRead) || (args.maximumBytesRead && bytesRead >= args.maximumBytesRead)) {
      pageStatus = "SplitRequired";
      continueCursor = encoded;
      break;
    }
    const nextItem = cursor.next();
    if (end === null && !toEnd && page.length >= args.pageSize) {
      // The page is full; it is the last one when no row follows (convex-test's rule).
      if (nextItem !== null) continueCursor = encoded;
      break;
    }
    item = nextItem;
  }
  if (end !== null && continueCursor === END_CURSOR) continueCursor = args.endCursor!;
  let splitCursor: string | null = null;
  if (pageStatus === "SplitRequired" && readCursors.length >= 2) {
    splitCursor = readCursors[Math.floor((readCursors.length - 1) / 2)];
  } else if (pageStatus === null && rowsRead > args.pageSize + 1 && readCursors.length >= 2) {
    pageStatus = "SplitRecommended";
    splitCursor = readCursors[Math.floor((readCursors.length - 1) / 2)];
  }
  return { page, isDone: continueCursor === END_CURSOR, continueCursor, splitCursor, pageStatus };
}

// ---- filter expressions (`q.eq(q.field("x"), 1)` ...), in Convex's value order ----

export function evaluateFilter(doc: Doc, f: FilterExpr): Value | undefined | boolean {
  const op = Object.keys(f)[0];
  const arg = f[op] as unknown;
  const pair = () => (arg as FilterExpr[]).map((e) => evaluateFilter(doc, e)) as [Value, Value];
  switch (op) {
    case "$eq": {
      const [a, b] = pair();
      return compareValues(a, b) === 0;
    }
    case "$neq": {
      const [a, b] = pair();
      return compareValues(a, b) !== 0;
    }
    case "$lt": {
      const [a, b] = pair();
      return compareValues(a, b) < 0;
    }
    case "$lte": {
      const [a, b] = pair();
      return compareValues(a, b) <= 0;
    }
    case "$gt": {
      const [a, b] = pair();
      return compareValues(a, b) > 0;
    }
    case "$gte": {
      const [a, b] = pair();
      return compareValues(a, b) >= 0;
    }
    case "$and":
      return (arg as FilterExpr[]).every((e) => evaluateFilter(doc, e) === true);
    case "$or":
      return (arg as FilterExpr[]).some((e) => evaluateFilter(doc, e) === true);
    case "$not":
      return !(evaluateFilter(doc, arg as FilterExpr) === true);
    case "$add": {
      const [a, b] = pair() as unknown as [number, number];
      return (a + b) as Value;
    }
    case "$sub": {
      const [a, b] = pair() as unknown as [number, number];
      return (a - b) as Value;
    }
    case "$mul": {
      const [a, b] = pair() as unknown as [number, number];
      return (a * b) as Value;
    }
    case "$div": {
      const [a, b] = pair() as unknown as [number, number];
      return (a / b) as Value;
    }
    case "$mod": {
      const [a, b] = pair() as unknown as [number, number];
      return (a % b) as Value;
    }
    case "$neg":
      return -(evaluateFilter(doc, arg as FilterExpr) as number) as Value;
    case "$field":
      return fieldValue(doc, arg as string);
    case "$literal":
      return queryValue(arg as JSONValue);
    default:
      throw new Error(`not implemented: ${JSON.stringify(f)}`);
  }
}

/** convex-test's text search: any query term is a prefix of a word of the field. */
export const prefixSearch: SearchProvider = ({ table, index, searchField, filters, documents }) => {
  if (searchField === undefined) {
    throw new Error(`Cannot use search index "${index}" for table "${table}" because it is not declared in the schema.`);
  }
  const out: Doc[] = [];
  for (const doc of documents()) {
    const ok = filters.every((f) => {
      const v = fieldValue(doc, f.fieldPath);
      if (f.type === "Eq") return compareValues(v as Value, f.value as Value) === 0;
      if (typeof v !== "string") return false;
      const terms = String(f.value).toLowerCase().split(/\s+/).filter((t) => t.length > 0);
      const words = v.split(/\s+/).map((w) => w.toLowerCase());
      return terms.some((t) => words.some((w) => w.startsWith(t)));
    });
    if (ok) out.push(doc);
  }
  return out;
};

/**
 * One page of ranked search results. A cursor names the last document of a
 * page by position and id, so a page continues after it (or after its
 * position, should it have left the results) and `endCursor` ends at it.
 */
export function paginateSearch(ranked: Doc[], query: QueryJson, args: PageArgs): PageResult {
  const filters = query.operators.filter((op): op is { filter: FilterExpr } => "filter" in op).map((op) => op.filter);
  const passes = (d: Doc) => filters.every((f) => evaluateFilter(d, f) === true);
  const positionOf = (c: string): number => {
    if (c === END_CURSOR) return ranked.length - 1;
    try {
      const [kind, position, id] = JSON.parse(c) as [string, number, string];
      if (kind !== "search") throw new Error("not a search cursor");
      const i = ranked.findIndex((d) => d._id === id);
      return i >= 0 ? i : Math.min(position, ranked.length - 1);
    } catch {
      throw new Error(`Invalid cursor for a search query: ${c}`);
    }
  };
  const cursorAt = (i: number) => JSON.stringify(["search", i, ranked[i]._id]);
  const start = args.cursor === null ? 0 : positionOf(args.cursor) + 1;
  const page: Doc[] = [];
  if (args.endCursor) {
    const end = positionOf(args.endCursor);
    for (let i = start; i <= end; i++) if (passes(ranked[i])) page.push(ranked[i]);
    const done = args.endCursor === END_CURSOR || end >= ranked.length - 1;
    return { page, isDone: done, continueCursor: done ? END_CURSOR : args.endCursor, splitCursor: null, pageStatus: null };
  }
  let last = start - 1;
  for (let i = start; i < ranked.length && page.length < args.pageSize; i++) {
    if (passes(ranked[i])) page.push(ranked[i]);
    last = i;
  }
  const done = last >= ranked.length - 1;
  return { page, isDone: done, continueCursor: done ? END_CURSOR : cursorAt(last), splitCursor: null, pageStatus: null };
}

/** Runs a Search source; the whole table counts as read. */
export function runSearch(source: Extract<QuerySource, { type: "Search" }>, view: TableView, schema: SchemaIndexes, readSet: ReadSet, stats: ReadStats, provider: SearchProvider): Doc[] {
  const [table, index] = source.indexName.split(".");
  readSet.addTable(table);
  const data = view(table);
  const searchField = schema.searchField(table, index) ?? undefined;
  return provider({
    table, index, searchField,
    filters: source.filters.map((f) => ({ type: f.type, fieldPath: f.fieldPath, value: f.type === "Search" ? (f.value as string) : queryValue(f.value) })),
    documents: function* () {
      if (!data) return;
      for (const doc of data.values()) {
        stats.indexEntries += 1;
        yield doc;
      }
    },
  });
}

export { tableNameFromId, indexKey };
