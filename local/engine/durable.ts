// The data directory: an append-only log of commits, periodic snapshots, and
// one file per stored blob.
//
//   log-<n>.wal        commits (and mutation responses), one line each:
//                      "<crc32 of the JSON, 8 hex> <JSON>\n"
//   snapshot-<n>.jsonl the whole database as of the end of log-(n-1):
//                      a header line, one line per document, an end line
//   files/<storageId>  stored files (+ .json with the content type)
//
// A commit is appended and fsynced before it is published, i.e. before any
// client hears of it, so an acknowledged write survives `kill -9`. A failed
// append (full disk, I/O error) is cut back off the log and thrown: the commit
// is not published and the mutation fails, leaving nothing half-written.
//
// Snapshots are written only when the log has grown as large as the last
// snapshot (so a large database that changes little is not rewritten), in
// the background: the log is rotated, and the committed version as of the
// rotation (an immutable snapshot of the storage engine) is written in chunks
// between requests to a temporary file that is fsynced and renamed. Only then
// are the older snapshot and logs deleted; a crash at any point leaves a
// complete snapshot plus the logs after it.
//
// At start-up a torn or corrupt log line (a crash mid-append, a damaged disk)
// ends the replay: the intact prefix is kept, the rest of the log (and any
// later log) is moved aside to `*.corrupt-<time>` and reported. Such a tail
// was never acknowledged when it is a torn last append.
//
// The layout of earlier versions (snapshot.json + wal.log) is still read and
// converted at the first snapshot.
import {
  closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync,
  renameSync, rmSync, statSync, unlinkSync, writeSync,
} from "node:fs";
import { join } from "node:path";
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import type { CommitRecord, Counters, Version } from "../storage/database.js";
import type { Doc } from "../storage/values.js";

/** A remembered mutation response, so a re-sent mutation is not run twice. */
export type RememberedResponse = { key: string; result: JSONValue | undefined };

export type LoadReport = {
  ms: number;
  snapshotDocuments: number;
  logRecords: number;
  logBytes: number;
  /** What was cut off the log because it did not check out, if anything. */
  corrupt: { file: string; offset: number; bytes: number; reason: string; movedTo: string } | null;
};

export type LoadedState = {
  documents: Map<string, Doc>;
  counters: Counters;
  files: Map<string, Blob>;
  responses: RememberedResponse[];
  /** True when the directory held no data at all (first start). */
  fresh: boolean;
  report: LoadReport;
};

type LogLine =
  | { t: "c"; ts: string; next: number; lct: number; w: Array<[string, JSONValue | null]>; req?: string }
  | { t: "r"; req: string; r: JSONValue };
type SnapshotHeader = {
  format: "local-backend-snapshot";
  version: 2;
  lastCommitTs: string;
  nextDocId: number;
  lastCreationTime: number;
  documents: number;
  responses: Array<[string, JSONValue | null]>;
};

/** How many mutation responses to remember for de-duplication. */
export const REMEMBERED_RESPONSES = 10_000;
/** Never snapshot before the log holds at least this much. */
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;
/** Documents written per turn of the event loop during a background snapshot. */
const SNAPSHOT_CHUNK = 2_000;

export type DataDirOptions = {
  /** Snapshot once the log reaches this many bytes (default: the size of the last snapshot, at least 4 MiB). */
  compactAtBytes?: number;
};

export class DataDir {
  readonly dir: string;
  readonly filesDir: string;
  private seq = 0;
  private logFd: number | null = null;
  private logBytes = 0;
  private snapshotBytes = 0;
  private compacting: Promise<void> | null = null;
  /** Set when the log could not be repaired after a failed append. */
  private broken: Error | null = null;
  private legacy = false;
  private readOnly = false;

  constructor(dir: string, private readonly options: DataDirOptions = {}) {
    this.dir = dir;
    this.filesDir = join(dir, "files");
    mkdirSync(this.filesDir, { recursive: true });
  }

  /** Deletes everything in the directory (for `--reset`). */
  static reset(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  private logPath(n: number) {
    return join(this.dir, `log-${n}.wal`);
  }
  private snapshotPath(n: number) {
    return join(this.dir, `snapshot-${n}.jsonl`);
  }

  private numbered(prefix: string, suffix: string): number[] {
    const re = new RegExp(`^${prefix}-(\\d+)\\${suffix}$`);
    return readdirSync(this.dir)
      .map((name) => re.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /**
   * Reads the snapshot and the logs after it. Call once, before `open()`.
   * `readOnly` (an export while a backend may be running) reports a bad log
   * tail but leaves the files as they are.
   */
  load(options: { readOnly?: boolean } = {}): LoadedState {
    this.readOnly = options.readOnly ?? false;
    const t0 = performance.now();
    const documents = new Map<string, Doc>();
    const counters: Counters = { nextDocId: 0, lastCreationTime: 0, lastCommitTs: 0n };
    const responses = new Map<string, JSONValue | undefined>();
    const report: LoadReport = { ms: 0, snapshotDocuments: 0, logRecords: 0, logBytes: 0, corrupt: null };
    let fresh = true;

    const snapshots = this.numbered("snapshot", ".jsonl");
    const base = snapshots.length > 0 ? snapshots[snapshots.length - 1] : 0;
    if (snapshots.length > 0) {
      fresh = false;
      const path = this.snapshotPath(base);
      this.snapshotBytes = statSync(path).size;
      const lines = readFileSync(path, "utf8").split("\n");
      const header = JSON.parse(lines[0]) as SnapshotHeader;
      if (header.format !== "local-backend-snapshot" || header.version !== 2) throw new Error(`${path} is not a snapshot of this version`);
      let n = 0;
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i];
        if (line === "") continue;
        if (line.startsWith('{"end"')) {
          n = -n - 1;
          break;
        }
        // Only int64, bytes and special floats are encoded ({"$integer": ...}); plain JSON is the value already.
        const json = JSON.parse(line) as JSONValue;
        const doc = (line.includes('"$') ? jsonToConvex(json) : json) as Doc;
        documents.set(doc._id, doc);
        n++;
      }
      if (n >= 0 || -n - 1 !== header.documents) {
        throw new Error(`Snapshot ${path} is incomplete or damaged (expected ${header.documents} documents). Restore it from a backup or an export.`);
      }
      report.snapshotDocuments = header.documents;
      counters.nextDocId = header.nextDocId;
      counters.lastCreationTime = header.lastCreationTime;
      counters.lastCommitTs = BigInt(header.lastCommitTs);
      for (const [key, r] of header.responses) responses.set(key, r ?? undefined);
    } else if (existsSync(join(this.dir, "snapshot.json")) || existsSync(join(this.dir, "wal.log"))) {
      fresh = false;
      this.loadLegacy(documents, counters, responses);
      this.legacy = true;
    }

    const logs = this.numbered("log", ".wal").filter((n) => n >= base);
    let stop = false;
    this.seq = base;
    for (const n of logs) {
      const path = this.logPath(n);
      if (stop) {
        this.moveAside(path, 0, report, "follows a corrupt log");
        continue;
      }
      // New commits go to the last log that was (at least partly) intact.
      this.seq = n;
      const buf = readFileSync(path);
      report.logBytes += buf.length;
      let offset = 0;
      while (offset < buf.length) {
        const nl = buf.indexOf(10, offset);
        if (nl < 0) {
          stop = true;
          this.moveAside(path, offset, report, "torn last record (no newline)");
          break;
        }
        const line = buf.subarray(offset, nl).toString("utf8");
        const entry = parseLogLine(line);
        if (entry === null) {
          stop = true;
          this.moveAside(path, offset, report, "checksum or JSON does not match");
          break;
        }
        fresh = false;
        report.logRecords += 1;
        offset = nl + 1;
        if (entry.t === "r") {
          responses.set(entry.req, entry.r);
          continue;
        }
        for (const [id, json] of entry.w) {
          if (json === null) documents.delete(id);
          else documents.set(id, storedValue(json) as Doc);
        }
        counters.nextDocId = Math.max(counters.nextDocId, entry.next);
        counters.lastCreationTime = Math.max(counters.lastCreationTime, entry.lct);
        const ts = BigInt(entry.ts);
        if (ts > counters.lastCommitTs) counters.lastCommitTs = ts;
        if (entry.req !== undefined && !responses.has(entry.req)) responses.set(entry.req, undefined);
      }
    }
    this.logBytes = existsSync(this.logPath(this.seq)) ? statSync(this.logPath(this.seq)).size : 0;

    const files = new Map<string, Blob>();
    for (const doc of documents.values()) {
      if (!doc._id.endsWith("_storage")) continue;
      const blob = this.readFile(doc._id);
      if (blob) files.set(doc._id, blob);
    }
    const remembered = [...responses].slice(-REMEMBERED_RESPONSES).map(([key, result]) => ({ key, result }));
    report.ms = performance.now() - t0;
    return { documents, counters, files, responses: remembered, fresh, report };
  }

  // Moves bytes [offset, end) of a log to a side file and cuts the log there.
  private moveAside(path: string, offset: number, report: LoadReport, reason: string): void {
    const buf = readFileSync(path);
    if (this.readOnly) {
      if (report.corrupt === null) report.corrupt = { file: path, offset, bytes: buf.length - offset, reason, movedTo: "(left in place: read-only)" };
      return;
    }
    const movedTo = `${path}.corrupt-${Date.now()}`;
    writeDurably(movedTo, buf.subarray(offset));
    if (offset === 0) unlinkSync(path);
    else {
      const fd = openSync(path, "r+");
      try {
        ftruncateSync(fd, offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    if (report.corrupt === null) report.corrupt = { file: path, offset, bytes: buf.length - offset, reason, movedTo };
  }

  private loadLegacy(documents: Map<string, Doc>, counters: Counters, responses: Map<string, JSONValue | undefined>): void {
    const snapPath = join(this.dir, "snapshot.json");
    if (existsSync(snapPath)) {
      const snap = JSON.parse(readFileSync(snapPath, "utf8")) as {
        lastCommitTs: string; nextDocId: number; lastCreationTime: number; documents: JSONValue[]; responses: Array<[string, JSONValue | null]>;
      };
      for (const json of snap.documents) {
        const doc = jsonToConvex(json) as Doc;
        documents.set(doc._id, doc);
      }
      counters.nextDocId = snap.nextDocId;
      counters.lastCreationTime = snap.lastCreationTime;
      counters.lastCommitTs = BigInt(snap.lastCommitTs);
      for (const [key, r] of snap.responses) responses.set(key, r ?? undefined);
    }
    const walPath = join(this.dir, "wal.log");
    if (!existsSync(walPath)) return;
    const lines = readFileSync(walPath, "utf8").split("\n");
    for (let i = 0; i < lines.length - 1; i++) {
      if (lines[i] === "") continue;
      let entry: { t: string; ts?: string; next?: number; lct?: number; w?: Array<[string, JSONValue | null]>; req?: string; r?: JSONValue };
      try {
        entry = JSON.parse(lines[i]);
      } catch {
        break;
      }
      if (entry.t === "response") {
        responses.set(entry.req!, entry.r);
        continue;
      }
      for (const [id, json] of entry.w ?? []) {
        if (json === null) documents.delete(id);
        else documents.set(id, jsonToConvex(json) as Doc);
      }
      counters.nextDocId = Math.max(counters.nextDocId, entry.next ?? 0);
      counters.lastCreationTime = Math.max(counters.lastCreationTime, entry.lct ?? 0);
      const ts = BigInt(entry.ts ?? "0");
      if (ts > counters.lastCommitTs) counters.lastCommitTs = ts;
      if (entry.req !== undefined && !responses.has(entry.req)) responses.set(entry.req, undefined);
    }
  }

  /** Opens the current log for appending. */
  open(): void {
    this.logFd = openSync(this.logPath(this.seq), "a");
    this.logBytes = fstatSync(this.logFd).size;
  }

  /**
   * Appends one commit and fsyncs. `requestKey` ties it to a client mutation
   * so that, after a crash, a re-sent mutation is recognised as applied.
   * Throws, leaving the log as it was, when the bytes cannot be made durable.
   */
  appendCommit(record: CommitRecord, requestKey?: string): void {
    const line: LogLine = {
      t: "c",
      ts: record.ts.toString(),
      next: record.nextDocId,
      lct: record.lastCreationTime,
      w: record.changes.map((c) => [c.id, c.after === null ? null : convexToJson(c.after as never)]),
      ...(requestKey !== undefined ? { req: requestKey } : {}),
    };
    this.append(JSON.stringify(line), true);
  }

  /** Records a mutation's result; made durable by the next fsync. */
  appendResponse(requestKey: string, result: JSONValue): void {
    try {
      this.append(JSON.stringify({ t: "r", req: requestKey, r: result } satisfies LogLine), false);
    } catch {
      // Only de-duplication detail: the commit itself is already durable and
      // carries the request key, so a re-sent mutation is still recognised.
    }
  }

  /** True when the log has grown enough that a snapshot pays for itself. */
  shouldCompact(): boolean {
    if (this.compacting !== null) return false;
    const threshold = this.options.compactAtBytes ?? Math.max(MIN_COMPACT_BYTES, this.snapshotBytes);
    return this.legacy || this.logBytes >= threshold;
  }

  get isCompacting(): boolean {
    return this.compacting !== null;
  }

  /**
   * Writes a snapshot of `version` (which must include every commit logged so
   * far) and drops the logs it covers. New commits go to a new log meanwhile.
   * `background` writes in chunks between other work.
   */
  compact(version: Version, counters: Counters, responses: RememberedResponse[], isLiveFile: (storageId: string) => boolean, background = true): Promise<void> {
    if (this.compacting) return this.compacting;
    const started = Date.now();
    const covered = this.seq;
    const next = covered + 1;
    // Rotate: commits from now on go to log-<next>, which the snapshot does not cover.
    try {
      if (this.logFd !== null) {
        const fd = openSync(this.logPath(next), "a");
        fsyncSync(this.logFd);
        closeSync(this.logFd);
        this.logFd = fd;
      }
    } catch (e) {
      return Promise.reject(e);
    }
    this.seq = next;
    this.logBytes = 0;
    const tmp = `${this.snapshotPath(next)}.tmp`;
    const run = async () => {
      const fd = openSync(tmp, "w");
      let bytes = 0;
      try {
        const header: SnapshotHeader = {
          format: "local-backend-snapshot",
          version: 2,
          lastCommitTs: counters.lastCommitTs.toString(),
          nextDocId: counters.nextDocId,
          lastCreationTime: counters.lastCreationTime,
          documents: version.documentCount(),
          responses: responses.slice(-REMEMBERED_RESPONSES).map((r) => [r.key, r.result ?? null]),
        };
        bytes += writeSync(fd, `${JSON.stringify(header)}\n`);
        let chunk: string[] = [];
        for (const doc of version.documents()) {
          chunk.push(JSON.stringify(convexToJson(doc as never)));
          if (chunk.length >= SNAPSHOT_CHUNK) {
            bytes += writeSync(fd, `${chunk.join("\n")}\n`);
            chunk = [];
            if (background) await new Promise((r) => setImmediate(r));
          }
        }
        if (chunk.length > 0) bytes += writeSync(fd, `${chunk.join("\n")}\n`);
        bytes += writeSync(fd, `${JSON.stringify({ end: header.documents })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.snapshotPath(next));
      this.fsyncDir();
      this.snapshotBytes = bytes;
      // The new snapshot is durable: what it covers can go.
      for (const n of this.numbered("snapshot", ".jsonl")) if (n < next) unlinkSync(this.snapshotPath(n));
      for (const n of this.numbered("log", ".wal")) if (n <= covered) unlinkSync(this.logPath(n));
      for (const legacy of ["snapshot.json", "wal.log"]) rmSync(join(this.dir, legacy), { force: true });
      this.legacy = false;
      this.collectFiles(version, started, isLiveFile);
    };
    this.compacting = run()
      .catch((e: unknown) => {
        // The logs still hold every commit; a later snapshot tries again.
        rmSync(tmp, { force: true });
        throw e;
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Waits for a background snapshot to finish. */
  async settle(): Promise<void> {
    while (this.compacting) await this.compacting.catch(() => undefined);
  }

  close(): void {
    if (this.logFd !== null) {
      try {
        fsyncSync(this.logFd);
      } catch {
        // closing anyway
      }
      closeSync(this.logFd);
    }
    this.logFd = null;
  }

  /** Bytes the data directory holds (snapshot, logs, files). */
  sizeOnDisk(): number {
    let total = 0;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        const s = statSync(p);
        total += s.isDirectory() ? 0 : s.size;
        if (s.isDirectory()) walk(p);
      }
    };
    walk(this.dir);
    return total;
  }

  /** Writes a blob's bytes durably, before its `_storage` document commits. */
  writeFile(storageId: string, bytes: Uint8Array, contentType: string | null): void {
    const path = join(this.filesDir, storageId);
    writeDurably(path, bytes);
    writeDurably(`${path}.json`, Buffer.from(JSON.stringify({ contentType })));
  }

  readFileBytes(storageId: string): Uint8Array | null {
    const path = join(this.filesDir, storageId);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : null;
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
    if (this.broken) throw new Error(`The data directory cannot be written (${this.broken.message}); restart the backend after fixing it`);
    if (this.logFd === null) throw new Error("data directory is not open");
    const before = this.logBytes;
    const bytes = Buffer.from(`${crc32Hex(text)} ${text}\n`, "utf8");
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(this.logFd, bytes, written);
      if (sync) fsyncSync(this.logFd);
      this.logBytes = before + bytes.length;
    } catch (e) {
      // Cut the partial record off again so the log stays a sequence of
      // whole records; if even that fails, refuse every later write.
      try {
        ftruncateSync(this.logFd, before);
        fsyncSync(this.logFd);
      } catch (e2) {
        this.broken = e2 as Error;
      }
      throw new Error(`Could not write to the data directory: ${(e as Error).message}`, { cause: e });
    }
  }

  // Files whose `_storage` document is gone: the snapshot no longer needs
  // them. Files written since the snapshot began may belong to an upload
  // whose document is not committed yet; they wait for the next one.
  private collectFiles(version: Version, startedAt: number, isLive: (storageId: string) => boolean): void {
    for (const name of readdirSync(this.filesDir)) {
      const id = name.endsWith(".json") ? name.slice(0, -5) : name;
      if (version.get(id) !== null || isLive(id)) continue;
      const path = join(this.filesDir, name);
      if (statSync(path).mtimeMs >= startedAt) continue;
      unlinkSync(path);
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

function parseLogLine(line: string): LogLine | null {
  const space = line.indexOf(" ");
  if (space !== 8) return null;
  const json = line.slice(9);
  if (crc32Hex(json) !== line.slice(0, 8)) return null;
  try {
    return JSON.parse(json) as LogLine;
  } catch {
    return null;
  }
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "w");
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`, as 8 hex digits. */
export function crc32Hex(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, "0");
}

/** True when `json` holds an encoded value (int64, bytes, special floats): field names never start with "$". */
function hasEncodedValue(json: JSONValue): boolean {
  if (json === null || typeof json !== "object") return false;
  if (Array.isArray(json)) return json.some(hasEncodedValue);
  for (const key in json) if (key.charCodeAt(0) === 36 || hasEncodedValue(json[key])) return true;
  return false;
}

/** A logged document as a Convex value; plain JSON is the value already, without a copy. */
function storedValue(json: JSONValue): unknown {
  return hasEncodedValue(json) ? jsonToConvex(json) : json;
}
