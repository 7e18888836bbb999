// Convex values as the storage engine orders, indexes and resolves them.
//
// Index keys are arrays of Convex values compared element by element in
// Convex's total order (undefined < null < int64 < float64 < boolean <
// string < bytes < array < object), a shorter key first when it is a prefix
// of a longer one; `MIN_KEY`/`MAX_KEY` sentinels sit below/above every value
// so a prefix can be turned into the first or last key that starts with it.
// Pure TypeScript: this folder also runs inside the edge-runtime test project.
import { CommitTsPlaceholder, compareValues, jsonToConvex, type JSONValue, type Value } from "convex/values";

/** A stored document: Convex values plus `_id` and `_creationTime`. */
export type Doc = Record<string, Value | undefined> & { _id: string; _creationTime: number };

/** One component of an index key (a field value, possibly missing). */
export type KeyPart = Value | undefined | typeof MIN_KEY | typeof MAX_KEY;
export type Key = KeyPart[];

export const MIN_KEY: unique symbol = Symbol("MIN_KEY");
export const MAX_KEY: unique symbol = Symbol("MAX_KEY");

/** convex-test's id format, kept so its validators accept our ids: "<digits><table>". */
export function tableNameFromId(id: unknown): string | null {
  if (typeof id !== "string") return null;
  let i = 0;
  while (i < id.length && id.charCodeAt(i) >= 48 && id.charCodeAt(i) <= 57) i++;
  return i === 0 || i === id.length ? null : id.slice(i);
}

/** Real Convex ids are 32 characters; convex-test pads its counter to match. */
const TYPICAL_ID_LENGTH = 32;
export function makeId(counter: number, table: string): string {
  return counter.toString().padStart(TYPICAL_ID_LENGTH - table.length, "0") + table;
}
/** The counter inside an id made by `makeId` (NaN for other ids). */
export function counterOfId(id: string): number {
  const table = tableNameFromId(id);
  return table === null ? NaN : Number(id.slice(0, id.length - table.length));
}

function comparePart(a: KeyPart, b: KeyPart): number {
  if (a === b) return 0;
  if (a === MIN_KEY || b === MAX_KEY) return -1;
  if (a === MAX_KEY || b === MIN_KEY) return 1;
  // Fast paths for the common field types; compareValues handles the rest
  // (NaN, -0, bigint vs number, UTF-8 order of non-ASCII strings, ...).
  if (typeof a === "number" && typeof b === "number" && a === a && b === b && a !== 0 && b !== 0) return a < b ? -1 : 1;
  if (typeof a === "string" && typeof b === "string" && isAscii(a) && isAscii(b)) return a < b ? -1 : 1;
  return compareValues(a as Value, b as Value);
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 on purpose
const NON_ASCII = /[^\x00-\x7f]/;
function isAscii(s: string): boolean {
  return !NON_ASCII.test(s);
}

export function compareKeys(a: Key, b: Key): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Compares `key` with a key prefix: 0 when `key` starts with `prefix`. */
export function comparePrefix(key: Key, prefix: Key): number {
  const n = Math.min(key.length, prefix.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(key[i], prefix[i]);
    if (c !== 0) return c;
  }
  return key.length < prefix.length ? -1 : 0;
}

/** The value at a dotted field path, as convex-test and Convex resolve it. */
export function fieldValue(doc: Record<string, unknown>, path: string): Value | undefined {
  let result: unknown = doc;
  if (path.indexOf(".") < 0) {
    result = (doc as Record<string, unknown>)[path];
  } else {
    for (const p of path.split(".")) {
      result = result !== undefined && result !== null && isSimpleObject(result) ? (result as Record<string, unknown>)[p] : undefined;
    }
  }
  return result === undefined ? undefined : resolvePending(result as Value);
}

export function indexKey(doc: Doc, fields: readonly string[]): Key {
  const key: Key = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) key[i] = fieldValue(doc, fields[i]);
  return key;
}

export function isSimpleObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || proto?.constructor?.name === "Object";
}

// ---- commit-timestamp placeholders (`v.commitTs()` values) ----

/** Placeholders read as i64::MAX inside the transaction that wrote them. */
const MAX_COMMIT_TS = 2n ** 63n - 1n;

export function hasPendingValues(value: unknown): boolean {
  if (value instanceof CommitTsPlaceholder) return true;
  if (Array.isArray(value)) return value.some(hasPendingValues);
  if (value !== null && value !== undefined && isSimpleObject(value)) {
    for (const v of Object.values(value as object)) if (hasPendingValues(v)) return true;
  }
  return false;
}

function substituteCommitTs<T>(value: T, commitTs: bigint): T {
  if (!hasPendingValues(value)) return value;
  if (value instanceof CommitTsPlaceholder) return commitTs as T;
  if (Array.isArray(value)) return value.map((v) => substituteCommitTs(v, commitTs)) as T;
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, substituteCommitTs(v, commitTs)])) as T;
}

export function resolvePending<T>(value: T): T {
  return substituteCommitTs(value, MAX_COMMIT_TS);
}
export function resolveCommitted<T>(value: T, commitTs: bigint): T {
  return substituteCommitTs(value, commitTs);
}

/** A value written by `patch`/`replace` (`{$undefined: null}` removes a field). */
export function writtenValue(json: JSONValue): Value | undefined {
  if (typeof json === "object" && json !== null && !Array.isArray(json) && "$undefined" in json) return undefined;
  return jsonToConvex(json);
}

/** A value used as a query bound or literal. */
export function queryValue(json: JSONValue): Value | undefined {
  const v = writtenValue(json);
  return v === undefined ? undefined : resolvePending(v);
}
