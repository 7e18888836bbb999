// The data directory: a snapshot plus a write-ahead log of committed
// documents, and one file per stored blob.
//
// Every top-level commit appends one JSON line (the new value of each written
// document, the id counters, the commit timestamp) and fsyncs it before the
// commit returns, so an acknowledged mutation survives `kill -9`. Every
// `compactEvery` commits, and on clean shutdown, the full state goes to
// `snapshot.json` (written to a temporary file, fsynced, renamed) and the log
// is truncated. Replaying the log over the snapshot is idempotent, so a crash
// between the rename and the truncation loses nothing. A torn last line (crash
// mid-append) is dropped: that commit was never acknowledged.
//
// Layout:  snapshot.json  wal.log  files/<storageId>  files/<storageId>.json
import {
  closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync,
  renameSync, rmSync, unlinkSync, writeFileSync, writeSync,
} from "node:fs";
import { join } from "node:path";
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import type { CommitRecord, StoreCounters, StoredDocument } from "./store.js";

/** A remembered mutation response, so a re-sent mutation is not run twice. */
export type RememberedResponse = { key: string; result: JSONValue | undefined };

export type LoadedState = {
  documents: Map<string, StoredDocument>;
  counters: StoreCounters;
  files: Map<string, Blob>;
  responses: RememberedResponse[];
  /** True when the directory held no data at all (first start). */
  fresh: boolean;
};

type WalLine =
  | { t: "commit"; ts: string; next: number; lct: number; w: Array<[string, JSONValue | null]>; req?: string }
  | { t: "response"; req: string; r: JSONValue };

type Snapshot = {
  version: 1;
  lastCommitTs: string;
  nextDocId: number;
  lastCreationTime: number;
  documents: JSONValue[];
  responses: Array<[string, JSONValue | null]>;
};

/** How many mutation responses to remember for de-duplication. */
const REMEMBERED_RESPONSES = 10_000;

export class DataDir {
  readonly dir: string;
  readonly filesDir: string;
  private walFd: number | null = null;
  private commitsSinceSnapshot = 0;
  // Bytes of the log that parsed; a torn tail is cut off before appending.
  private walValidLength = 0;

  constructor(dir: string, private readonly compactEvery = 5_000) {
    this.dir = dir;
    this.filesDir = join(dir, "files");
    mkdirSync(this.filesDir, { recursive: true });
  }

  private get walPath() { return join(this.dir, "wal.log"); }
  private get snapshotPath() { return join(this.dir, "snapshot.json"); }

  /** Deletes everything in the directory (for `--reset`). */
  static reset(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  /** Reads snapshot + log. Call once, before `open()`. */
  load(): LoadedState {
    const documents = new Map<string, StoredDocument>();
    const counters: StoreCounters = { nextDocId: 0, lastCreationTime: 0, lastCommitTs: 0n };
    const responses = new Map<string, JSONValue | undefined>();
    let fresh = true;
    if (existsSync(this.snapshotPath)) {
      fresh = false;
      const snap = JSON.parse(readFileSync(this.snapshotPath, "utf8")) as Snapshot;
      for (const json of snap.documents) {
        const doc = jsonToConvex(json) as StoredDocument;
        documents.set(doc._id, doc);
      }
      counters.nextDocId = snap.nextDocId;
      counters.lastCreationTime = snap.lastCreationTime;
      counters.lastCommitTs = BigInt(snap.lastCommitTs);
      for (const [key, r] of snap.responses) responses.set(key, r ?? undefined);
    }
    if (existsSync(this.walPath)) {
      const lines = readFileSync(this.walPath, "utf8").split("\n");
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] === "") continue;
        if (i === lines.length - 1) break; // no newline yet: a torn final append
        let entry: WalLine;
        try {
          entry = JSON.parse(lines[i]) as WalLine;
        } catch (e) {
          throw new Error(`Corrupt write-ahead log ${this.walPath} at line ${i + 1}: ${String(e)}`);
        }
        fresh = false;
        this.walValidLength += Buffer.byteLength(lines[i]) + 1;
        this.commitsSinceSnapshot += 1;
        if (entry.t === "response") {
          responses.set(entry.req, entry.r);
          continue;
        }
        for (const [id, json] of entry.w) {
          if (json === null) documents.delete(id);
          else documents.set(id, jsonToConvex(json) as StoredDocument);
        }
        counters.nextDocId = Math.max(counters.nextDocId, entry.next);
        counters.lastCreationTime = Math.max(counters.lastCreationTime, entry.lct);
        const ts = BigInt(entry.ts);
        if (ts > counters.lastCommitTs) counters.lastCommitTs = ts;
        if (entry.req !== undefined && !responses.has(entry.req)) responses.set(entry.req, undefined);
      }
    }
    const files = new Map<string, Blob>();
    for (const doc of documents.values()) {
      if (!doc._id.endsWith("_storage")) continue;
      const blob = this.readFile(doc._id);
      if (blob) files.set(doc._id, blob);
    }
    const remembered = [...responses].slice(-REMEMBERED_RESPONSES).map(([key, result]) => ({ key, result }));
    return { documents, counters, files, responses: remembered, fresh };
  }

  /** Opens the log for appending. */
  open(): void {
    this.walFd = openSync(this.walPath, "a");
    ftruncateSync(this.walFd, this.walValidLength);
  }

  /**
   * Appends one commit and fsyncs. `requestKey` ties it to a client mutation
   * so that, after a crash, a re-sent mutation is recognised as applied.
   */
  appendCommit(record: CommitRecord, requestKey?: string): void {
    const line: WalLine = {
      t: "commit",
      ts: record.ts.toString(),
      next: record.nextDocId,
      lct: record.lastCreationTime,
      w: record.changes.map(([id, doc]) => [id, doc === null ? null : convexToJson(doc as never)]),
      ...(requestKey !== undefined ? { req: requestKey } : {}),
    };
    this.append(JSON.stringify(line), true);
    this.commitsSinceSnapshot += 1;
  }

  /** Records a mutation's result; flushed with the next commit's fsync. */
  appendResponse(requestKey: string, result: JSONValue): void {
    this.append(JSON.stringify({ t: "response", req: requestKey, r: result } satisfies WalLine), false);
  }

  shouldCompact(): boolean {
    return this.commitsSinceSnapshot >= this.compactEvery;
  }

  /**
   * Writes a full snapshot and truncates the log. `documents` must be the
   * committed state that includes every logged commit.
   */
  snapshot(documents: StoredDocument[], counters: StoreCounters, responses: RememberedResponse[]): void {
    const snap: Snapshot = {
      version: 1,
      lastCommitTs: counters.lastCommitTs.toString(),
      nextDocId: counters.nextDocId,
      lastCreationTime: counters.lastCreationTime,
      documents: documents.map((d) => convexToJson(d as never)),
      responses: responses.slice(-REMEMBERED_RESPONSES).map((r) => [r.key, r.result ?? null]),
    };
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify(snap));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotPath);
    this.fsyncDir();
    if (this.walFd !== null) {
      ftruncateSync(this.walFd, 0);
      fsyncSync(this.walFd);
    } else if (existsSync(this.walPath)) {
      writeFileSync(this.walPath, "");
    }
    this.commitsSinceSnapshot = 0;
    this.collectFiles(new Set(documents.filter((d) => d._id.endsWith("_storage")).map((d) => d._id)));
  }

  close(): void {
    if (this.walFd !== null) closeSync(this.walFd);
    this.walFd = null;
  }

  /** Writes a blob's bytes durably, before its `_storage` document commits. */
  writeFile(storageId: string, bytes: Uint8Array, contentType: string | null): void {
    const path = join(this.filesDir, storageId);
    writeDurably(path, bytes);
    writeDurably(`${path}.json`, Buffer.from(JSON.stringify({ contentType })));
  }

  readFile(storageId: string): Blob | null {
    const path = join(this.filesDir, storageId);
    if (!existsSync(path)) return null;
    let contentType: string | null = null;
    try {
      contentType = (JSON.parse(readFileSync(`${path}.json`, "utf8")) as { contentType: string | null }).contentType;
    } catch {
      // metadata is optional
    }
    return new Blob([readFileSync(path)], contentType ? { type: contentType } : {});
  }

  private append(text: string, sync: boolean): void {
    if (this.walFd === null) throw new Error("data directory is not open");
    writeSync(this.walFd, `${text}\n`);
    if (sync) fsyncSync(this.walFd);
  }

  // Deleted files linger until the next snapshot: the log may still need them.
  private collectFiles(live: Set<string>): void {
    for (const name of readdirSync(this.filesDir)) {
      const id = name.endsWith(".json") ? name.slice(0, -5) : name;
      if (!live.has(id)) unlinkSync(join(this.filesDir, name));
    }
  }

  private fsyncDir(): void {
    try {
      const fd = openSync(this.dir, "r");
      fsyncSync(fd);
      closeSync(fd);
    } catch {
      // not supported everywhere; the rename is still atomic
    }
  }
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
