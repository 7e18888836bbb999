// Wire details shared by the sync and HTTP endpoints: timestamps, argument
// decoding, the error fields of a failed run, and mutation serialisation.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";

/** Timestamps travel as base64 of a little-endian u64 (nanoseconds). */
export function encodeTs(ts: bigint): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ts);
  return b.toString("base64");
}

export function decodeTs(s: string): bigint {
  return Buffer.from(s, "base64").readBigUInt64LE();
}

/** Function arguments arrive as `[convexJson]` (or a bare object from scripts). */
export function decodeArgs(raw: unknown): Record<string, Value> {
  const json = Array.isArray(raw) ? (raw[0] ?? {}) : (raw ?? {});
  const value = jsonToConvex(json as JSONValue);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`The arguments to a Convex function must be an object. Received: ${JSON.stringify(json)}`);
  }
  return value as Record<string, Value>;
}

/**
 * Runs mutations one at a time in arrival order, whichever endpoint they came
 * from: Convex applies a client's mutations in the order it sent them.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  push<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
