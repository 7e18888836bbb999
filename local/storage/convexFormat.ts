// Convex's own formats, for moving data to and from a Convex deployment:
// document ids (`DocumentIdV6`) and the JSON of snapshot exports.
//
// Ids: Convex encodes [VInt(table number)][16-byte internal id][2-byte
// footer = Fletcher-16 of the rest XOR version 0] in Crockford base32
// (lowercase, no padding). Local ids are "<counter><table>"; they map to
// internal ids that carry the counter behind a marker, so an export read back
// by `--import` gets its original ids, and ids made by a Convex deployment get
// fresh local counters.
//
// Values ("uniform" generated schema, ConvexExportJSON): int64 as a JSON
// integer, float64 as a JSON number with a decimal point or exponent
// (non-finite ones as {"$float": base64}), bytes as {"$bytes": base64}.
// JavaScript's JSON cannot tell 1 from 1.0, so both directions are written
// here by hand.
import { Base64, type Value } from "convex/values";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** Internal ids of documents that came from a local backend start with these 8 bytes. */
const MARKER = [0x77, 0x77, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00]; // "wwlocal\0"

function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function base32Decode(s: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return new Uint8Array(out);
}

function fletcher16(bytes: Uint8Array): number {
  let c0 = 0;
  let c1 = 0;
  for (const b of bytes) {
    c0 = (c0 + b) & 255;
    c1 = (c1 + c0) & 255;
  }
  return (c1 << 8) | c0;
}

export function encodeConvexId(tableNumber: number, internalId: Uint8Array): string {
  const head: number[] = [];
  let n = tableNumber >>> 0;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  head.push(n);
  const body = new Uint8Array(head.length + 16 + 2);
  body.set(head, 0);
  body.set(internalId, head.length);
  const footer = fletcher16(body.subarray(0, head.length + 16));
  body[head.length + 16] = footer & 255;
  body[head.length + 17] = footer >>> 8;
  return base32Encode(body);
}

export function decodeConvexId(id: string): { tableNumber: number; internalId: Uint8Array } | null {
  if (id.length < 31 || id.length > 37) return null;
  const bytes = base32Decode(id);
  if (bytes === null) return null;
  let n = 0;
  let i = 0;
  for (; i < 5; i++) {
    const b = bytes[i];
    if (b === undefined) return null;
    n |= (b & 0x7f) << (7 * i);
    if (b < 0x80) break;
  }
  i += 1;
  if (n === 0 || bytes.length !== i + 18) return null;
  const footer = bytes[i + 16] | (bytes[i + 17] << 8);
  if (footer !== fletcher16(bytes.subarray(0, i + 16))) return null;
  return { tableNumber: n >>> 0, internalId: bytes.slice(i, i + 16) };
}

/** The internal id that carries a local counter. */
export function internalIdOfCounter(counter: number): Uint8Array {
  const out = new Uint8Array(16);
  out.set(MARKER, 0);
  new DataView(out.buffer).setBigUint64(8, BigInt(counter));
  return out;
}

/** The local counter carried by an internal id, or null for ids made elsewhere. */
export function counterOfInternalId(internalId: Uint8Array): number | null {
  for (let i = 0; i < MARKER.length; i++) if (internalId[i] !== MARKER[i]) return null;
  const n = new DataView(internalId.buffer, internalId.byteOffset, 16).getBigUint64(8);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : null;
}

// ---- ConvexExportJSON ----

/** One value in Convex's export JSON; `mapString` may replace strings (ids). */
export function toExportJson(value: Value | undefined, mapString: (s: string) => string = (s) => s): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number": {
      if (!Number.isFinite(value)) {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, value, true);
        return JSON.stringify({ $float: Base64.fromByteArray(b) });
      }
      if (Object.is(value, -0)) return "-0.0";
      const s = JSON.stringify(value);
      return /[.eE]/.test(s) ? s : `${s}.0`;
    }
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(mapString(value));
    default:
      break;
  }
  if (value instanceof ArrayBuffer) return JSON.stringify({ $bytes: Base64.fromByteArray(new Uint8Array(value)) });
  if (Array.isArray(value)) return `[${value.map((v) => toExportJson(v, mapString)).join(",")}]`;
  const fields = Object.entries(value as Record<string, Value | undefined>).filter(([, v]) => v !== undefined);
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${toExportJson(v, mapString)}`).join(",")}}`;
}

/**
 * Parses Convex's export JSON: integer literals are int64 (bigint) when
 * `uniform`, otherwise (files without a generated schema) numbers are
 * float64; `{"$integer"|"$float"|"$bytes": ...}` objects are decoded.
 */
export function fromExportJson(text: string, uniform: boolean, mapString: (s: string) => string = (s) => s): Value {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`Invalid JSON at ${i}: ${what}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const value = (): Value => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, Value> = {};
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const key = string();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        obj[key] = value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "}") fail("expected '}'");
        break;
      }
      const keys = Object.keys(obj);
      if (keys.length === 1 && keys[0].startsWith("$")) return special(keys[0], obj[keys[0]]);
      return obj;
    }
    if (c === "[") {
      i++;
      const arr: Value[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "]") fail("expected ']'");
        return arr;
      }
    }
    if (c === '"') return mapString(string());
    if (text.startsWith("true", i)) return (i += 4), true;
    if (text.startsWith("false", i)) return (i += 5), false;
    if (text.startsWith("null", i)) return (i += 4), null;
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
    if (!m) return fail("unexpected character");
    i += m[0].length;
    const isInteger = m[1] === undefined && m[2] === undefined;
    return uniform && isInteger ? BigInt(m[0]) : Number(m[0]);
  };
  const string = (): string => {
    const startAt = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(startAt, i)) as string;
  };
  const special = (key: string, v: Value): Value => {
    if (key === "$bytes" && typeof v === "string") return Base64.toByteArray(v).buffer as ArrayBuffer;
    if (key === "$integer" && typeof v === "string") return new DataView(Base64.toByteArray(v).buffer).getBigInt64(0, true);
    if (key === "$float" && typeof v === "string") return new DataView(Base64.toByteArray(v).buffer).getFloat64(0, true);
    return { [key]: v };
  };
  const out = value();
  ws();
  if (i !== text.length) fail("trailing characters");
  return out;
}
