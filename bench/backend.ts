/**
 * The backend under measurement, run as a child of bench/run.ts so that the
 * client side's timers and CPU are not in its process: the local backend on
 * a data directory, optionally seeded at a size. Prints one JSON line per
 * event on stdout ({event: "seeded", ms, message} / {event: "ready", url,
 * issuer, loadMs, documents} / {event: "seedUnsupported", message}), and
 * answers JSON commands on stdin:
 *   {id, cmd: "measure", path, args, email}  runs a query in process and
 *       reports what the storage engine read (index entries, documents,
 *       bytes) next to its time;
 *   {id, cmd: "naive", table, index, field, value}  reads every row of one
 *       index range, as a query that collects every allocation of the year;
 *   {id, cmd: "stats"}  data directory size, documents, and memory (RSS, then RSS and heap after a full GC).
 */
import { createInterface } from "node:readline";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { getDocumentSize } from "convex/values";
import { LocalBackend } from "../local/server/server.js";

const [dataDir, port, sitePort, seedArgsJson] = process.argv.slice(2);
const started = performance.now();
const backend = await LocalBackend.start({
  functionsDir: "convex",
  dataDir,
  port: Number(port),
  sitePort: Number(sitePort),
  reset: false,
  watch: false,
  env: {},
});
const readyMs = performance.now() - started;
const say = (e: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(e)}\n`);

if (seedArgsJson) {
  // The seed's size argument has changed over time: try each candidate form.
  const candidates = JSON.parse(seedArgsJson) as Array<Record<string, Value>>;
  let seeded = false;
  let lastError = "";
  for (const args of candidates) {
    const t0 = performance.now();
    const result = await backend.engine.run("any", "seed:demoUniversity", args, { allowInternal: true, onLog: (l) => process.stderr.write(`  ${l}\n`) });
    if (result.success) {
      say({ event: "seeded", ms: performance.now() - t0, message: result.value, args });
      seeded = true;
      break;
    }
    lastError = result.errorMessage;
    if (!/ArgumentValidationError|Validator error|does not match validator/i.test(result.errorMessage)) break;
  }
  if (!seeded) say({ event: "seedUnsupported", message: lastError.split("\n").slice(0, 3).join(" ") });
}
say({ event: "ready", url: backend.url, issuer: backend.issuer, readyMs, loadMs: backend.engine.loadReport.ms, documents: backend.engine.snapshotVersion().documentCount() });

const identity = (email: string) => ({ subject: email, issuer: backend.issuer, tokenIdentifier: `${backend.issuer}|${email}`, email, name: email });

createInterface({ input: process.stdin }).on("line", (line) => {
  void (async () => {
    const cmd = JSON.parse(line) as Record<string, unknown>;
    try {
      if (cmd.cmd === "measure") {
        const args = jsonToConvex(cmd.args as JSONValue) as Record<string, Value>;
        const t0 = performance.now();
        const r = await backend.engine.run("query", String(cmd.path), args, { identity: identity(String(cmd.email)) as never });
        const ms = performance.now() - t0;
        if (!r.success) throw new Error(r.errorMessage);
        say({ id: cmd.id, ms, indexEntries: r.stats?.indexEntries, documents: r.stats?.documents, bytes: r.stats?.bytesRead, resultBytes: JSON.stringify(r.value).length });
      } else if (cmd.cmd === "naive") {
        const storage = backend.engine.storage.engine;
        const t0 = performance.now();
        const tx = storage.beginRead();
        const stream = tx.openQuery({
          source: { type: "IndexRange", indexName: `${String(cmd.table)}.${String(cmd.index)}`, range: [{ type: "Eq", fieldPath: String(cmd.field), value: cmd.value as JSONValue }], order: "asc" },
          operators: [],
        });
        let bytes = 0;
        for (let d = stream.next(); d !== null; d = stream.next()) bytes += getDocumentSize(d as never);
        say({ id: cmd.id, ms: performance.now() - t0, indexEntries: tx.stats.indexEntries, documents: tx.stats.documents, bytes });
      } else if (cmd.cmd === "stats") {
        const rss = process.memoryUsage().rss;
        // The report workers would stop after their idle time; stop them now rather than wait.
        await backend.engine.stopIdleWorkers();
        // What the backend still holds once the idle workers are gone and garbage is collected (the bench starts Node with --expose-gc).
        const gc = (globalThis as { gc?: () => void }).gc;
        gc?.();
        gc?.();
        const after = process.memoryUsage();
        say({ id: cmd.id, dataBytes: backend.engine.dataDir.sizeOnDisk(), documents: backend.engine.snapshotVersion().documentCount(), rss, rssAfterGc: gc ? after.rss : null, heapAfterGc: gc ? after.heapUsed : null });
      }
    } catch (e) {
      say({ id: cmd.id, error: String((e as Error).message ?? e) });
    }
  })();
});

const stop = async () => {
  await backend.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
