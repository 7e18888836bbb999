/**
 * `npm run bench`: the local backend at university sizes S (the demo), M, L
 * and XL, each seeded fresh in a child process (bench/backend.ts) and driven
 * through the real Convex clients. Writes bench/RESULTS.md after every size,
 * so that a run cut short still reports what it measured; tests never
 * assert timings.
 *
 * Per size: seed time; memory (RSS); data directory size; cold start; for the
 * dashboard overview, the lecturer list, coverage gaps, a lecturer's detail
 * and an explanation, the documents and bytes the storage engine read (beside
 * a naive query that collects every allocation of the year, with the ratio)
 * and HTTP latency p50/p95; an allocation edit's acknowledgement and its
 * arrival at 10 and at 50 other subscribed clients, each signed in as a
 * different person (p50, p95, max); report generation (bench/reports.ts);
 * the year rollover's preview and run (bench/rollover.ts: wall time, rows per
 * kind, the largest step's reads and writes) at S and M. A size the seed does
 * not offer, or that does not finish in its time, is reported as such.
 *
 * Time: the whole bench must end within 25 minutes of starting (from a
 * clean clone: the first start builds the functions). Each size has a share
 * of that (SIZE_BUDGET_MS, the largest gets what the smaller ones left); its
 * seed is stopped at the size's deadline, and its measurements stop taking
 * samples (fan-out) or skip what is left (reports) at it, saying so.
 *
 * `npm run bench -- --rollover L XL` (any sizes) seeds those sizes and measures
 * only the rollover, then rewrites only those sizes' rows of the "Year
 * rollover" section of bench/RESULTS.md (the rest keeps the last whole run's
 * figures): the rollover at L and XL takes longer than the whole bench can
 * give it (about 12 minutes at XL alone). Either kind of run keeps the rows of
 * the sizes it did not measure, each marked with when it was measured.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { convexToJson, type Value } from "convex/values";
import { benchReports } from "./reports";
import { benchRollover } from "./rollover";
import WebSocket from "ws";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";

/** `--rollover`: measure the rollover alone (see above). */
const ROLLOVER_FLAG = "--rollover";
const ROLLOVER_ONLY = process.argv.includes(ROLLOVER_FLAG);
const QUERY_RUNS = 20;
const EDITS = 15;
const FANOUT = [10, 50];
/** `npm run bench` must finish within 25 minutes, this much of it for the sizes. */
const TOTAL_BUDGET_MS = 24 * 60_000;
/** Each size's share, seed and measurements; XL gets whatever the smaller sizes left. */
const SIZE_BUDGET_MS: Record<string, number> = { S: 5 * 60_000, M: 7 * 60_000, L: 5 * 60_000 };
/** Kept back from a size's budget for the measurements after its seed. */
const MEASURE_RESERVE_MS = 100_000;
/** The sizes whose rollover a whole run measures; the others by `--rollover` (above). */
const ROLLOVER_IN_WHOLE_RUN = ["S", "M"];

type SizeSpec = { name: string; what: string; seeds: Array<Record<string, Value>> };
// The seed's argument names the size; older seeds know only "demo"/"small".
const SIZES: SizeSpec[] = [
  { name: "S", what: "the demo university", seeds: [{ size: "S" }, { size: "demo" }] },
  { name: "M", what: "medium", seeds: [{ size: "M" }] },
  { name: "L", what: "large", seeds: [{ size: "L" }] },
  { name: "XL", what: "2,000 lecturers, 8,000 iterations, 40,000 allocations", seeds: [{ size: "XL" }] },
];

type Stats = { n: number; p50: number; p95: number; max: number };
type QueryRow = { documents: number; bytes: number; indexEntries: number; p50: number; p95: number };
type SizeResult = {
  size: string;
  status: "done" | "skipped" | "failed" | "not finished";
  note?: string;
  seedMs?: number;
  seedMessage?: string;
  documents?: number;
  rssAfterSeedMb?: number;
  rssAfterRunMb?: number;
  /** RSS and JS heap after a full garbage collection at the end of the run: what the backend holds. */
  rssAfterGcMb?: number;
  heapAfterGcMb?: number;
  dataMb?: number;
  coldStartMs?: number;
  loadMs?: number;
  queries?: Record<string, QueryRow>;
  naive?: { documents: number; bytes: number };
  edits?: Record<number, { ack: Stats; seen: Stats }>;
  /** Parts of the measurements cut short by the size's deadline. */
  cut?: string[];
  /** Report generation (bench/reports.ts): label -> time and notes. */
  reports?: Array<{ what: string; value: string; note: string }>;
  /** The year rollover (bench/rollover.ts): label -> time and notes. */
  rollover?: Array<{ what: string; value: string; note: string }>;
  /** Load average when the rollover's measurements began and ended. */
  rolloverLoad?: number[];
};

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Child = {
  proc: ChildProcess;
  events: Record<string, Record<string, unknown>>;
  ask: (cmd: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** The last progress line the seed printed (how far a seed that ran out of time got). */
  progress: { line: string };
};

async function startBackend(dataDir: string, seeds: Array<Record<string, Value>> | null, timeoutMs: number): Promise<Child & { url: string; issuer: string; spawnToReadyMs: number }> {
  const [port, sitePort] = [await freePort(), await freePort()];
  const t0 = performance.now();
  const args = ["--expose-gc", "local/cli/run.mjs", "bench/backend.ts", dataDir, String(port), String(sitePort)];
  if (seeds) args.push(JSON.stringify(seeds));
  const proc = spawn("node", args, { stdio: ["pipe", "pipe", "pipe"] });
  const progress = { line: "" };
  proc.stderr!.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    const lines = String(chunk).split("\n").filter((l) => l.includes("seed:"));
    if (lines.length > 0) progress.line = lines[lines.length - 1].replace(/^\s*(\[LOG\]\s*)?/, "").replace(/^seed:\s*/, "");
  });
  const events: Record<string, Record<string, unknown>> = {};
  const waiting = new Map<number, (v: Record<string, unknown>) => void>();
  let nextId = 1;
  let buffer = "";
  let spawnToReadyMs = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`did not become ready within ${(timeoutMs / 60_000).toFixed(1)} min${progress.line ? ` (the seed had got to: ${progress.line}${extrapolate(progress.line, timeoutMs)})` : ""}`));
    }, timeoutMs);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code}`));
    });
    proc.stdout!.on("data", (chunk) => {
      buffer += chunk;
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (!line.startsWith("{")) continue;
        const e = JSON.parse(line) as Record<string, unknown>;
        if (typeof e.id === "number") {
          waiting.get(e.id)?.(e);
          waiting.delete(e.id);
          continue;
        }
        events[String(e.event)] = e;
        if (e.event === "ready") {
          spawnToReadyMs = performance.now() - t0;
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  const ask = (cmd: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (v) => (v.error ? reject(new Error(String(v.error))) : resolve(v)));
      proc.stdin!.write(`${JSON.stringify({ ...cmd, id })}\n`);
    });
  return { proc, events, ask, progress, url: String(events.ready.url), issuer: String(events.ready.issuer), spawnToReadyMs };
}

/** "modules 1-504 of 1250 ...": about how long the whole seed would take at the rate it went. */
function extrapolate(line: string, elapsedMs: number): string {
  const m = /modules 1-(\d+) of (\d+)/.exec(line);
  if (!m || Number(m[1]) === 0) return "";
  return `; at that rate the whole seed would take about ${((elapsedMs * Number(m[2])) / Number(m[1]) / 60_000).toFixed(0)} min`;
}

async function stopBackend(child: Child) {
  child.proc.removeAllListeners("exit");
  if (child.proc.exitCode !== null) return;
  const exited = new Promise((r) => child.proc.once("exit", r));
  child.proc.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
  if (child.proc.exitCode === null) child.proc.kill("SIGKILL");
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

async function token(url: string, email: string) {
  const res = await fetch(`${url}/dev-auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ subject: email, email, name: email }),
  });
  return ((await res.json()) as { token: string }).token;
}

function client(url: string, tok: string): ConvexClient {
  const c = new ConvexClient(url, { webSocketConstructor: WebSocket as never, logger: false });
  c.setAuth(async () => tok);
  return c;
}

/** The year rollover's preview and runs (bench/rollover.ts), with the machine's load beside them. */
async function rolloverPart(http: ConvexHttpClient, organisationId: Id<"organisations">, result: SizeResult, size: string) {
  console.log(`bench ${size}: rollover...`);
  result.rollover = [];
  const before = loadavg()[0];
  try {
    await benchRollover(http, organisationId, (what, value, note) => result.rollover!.push({ what, value, note: note ?? "" }));
  } catch (e) {
    result.rollover.push({ what: "Rollover", value: "failed", note: String((e as Error).message ?? e).slice(0, 160) });
  }
  result.rolloverLoad = [before, loadavg()[0]];
}

async function benchSize(spec: SizeSpec, results: SizeResult[], deadline: number): Promise<void> {
  const result: SizeResult = { size: spec.name, status: "failed", cut: [] };
  const left = () => deadline - Date.now();
  results.push(result);
  const dataDir = mkdtempSync(join(tmpdir(), `ww-bench-${spec.name}-`));
  let backend: Awaited<ReturnType<typeof startBackend>> | null = null;
  const watchers: ConvexClient[] = [];
  try {
    const seedBudget = left() - MEASURE_RESERVE_MS;
    console.log(`bench ${spec.name}: seeding (at most ${(seedBudget / 60_000).toFixed(1)} min)...`);
    if (seedBudget < 30_000) throw new Error("not started: the bench's 25 minutes were used up by the smaller sizes");
    try {
      backend = await startBackend(dataDir, spec.seeds, seedBudget);
    } catch (e) {
      throw new Error(`seed ran out of this size's time: ${String((e as Error).message ?? e)}`, { cause: e });
    }
    if (backend.events.seedUnsupported) {
      result.status = "skipped";
      result.note = `the seed has no size ${spec.name} yet: ${String(backend.events.seedUnsupported.message).slice(0, 160)}`;
      return;
    }
    result.seedMs = Number(backend.events.seeded.ms);
    result.seedMessage = String(backend.events.seeded.message);
    result.rssAfterSeedMb = rssMb(backend.proc.pid!);
    await stopBackend(backend);

    console.log(`bench ${spec.name}: cold start...`);
    backend = await startBackend(dataDir, null, 120_000);
    result.coldStartMs = backend.spawnToReadyMs;
    result.loadMs = Number(backend.events.ready.loadMs);
    result.documents = Number(backend.events.ready.documents);
    const b = backend;

    const adminEmail = "admin@northbridge.ac.uk";
    const adminToken = await token(b.url, adminEmail);
    const http = new ConvexHttpClient(b.url, { logger: false });
    http.setAuth(adminToken);
    await http.mutation(api.organisations.membership.acceptInvitations, {});
    const [membership] = await http.query(api.organisations.membership.mine, {});
    const organisationId = membership.organisationId;
    const years = await http.query(api.structure.academicYears.all, { organisationId });
    const academicYearId = years.find((y) => y.status === "active")!._id;
    const filters = { organisationId, academicYearId };
    const overview = await http.query(api.workload.dashboard.overview, filters);
    const busiest = overview.top_over[0] ?? overview.top_under[0];
    const allocations = await http.query(api.workload.allocations.listForLecturer, { organisationId, lecturerId: busiest.lecturer_id });
    const sample = allocations[0];
    if (ROLLOVER_ONLY) {
      await rolloverPart(http, organisationId, result, spec.name);
      result.status = "done";
      return;
    }

    console.log(`bench ${spec.name}: queries...`);
    const queries: Array<[string, string, Record<string, Value>, () => Promise<unknown>]> = [
      ["Dashboard overview", "workload/dashboard:overview", filters, () => http.query(api.workload.dashboard.overview, filters)],
      ["Lecturer list", "workload/dashboard:lecturers", filters, () => http.query(api.workload.dashboard.lecturers, filters)],
      ["Coverage gaps", "workload/dashboard:coverageGaps", filters, () => http.query(api.workload.dashboard.coverageGaps, filters)],
      ["Lecturer detail", "workload/dashboard:lecturerDetail", { organisationId, lecturerId: busiest.lecturer_id }, () => http.query(api.workload.dashboard.lecturerDetail, { organisationId, lecturerId: busiest.lecturer_id })],
      ["Explain an allocation", "workload/explain:explainAllocation", { organisationId, allocationId: sample.id }, () => http.query(api.workload.explain.explainAllocation, { organisationId, allocationId: sample.id })],
    ];
    result.queries = {};
    for (const [label, path, args, run] of queries) {
      const read = await b.ask({ cmd: "measure", path, args: convexToJson(args as Value), email: adminEmail });
      const samples: number[] = [];
      for (let i = 0; i < QUERY_RUNS; i++) samples.push((await time(run))[0]);
      const s = stats(samples);
      result.queries[label] = { documents: Number(read.documents), bytes: Number(read.bytes), indexEntries: Number(read.indexEntries), p50: s.p50, p95: s.p95 };
    }
    const naive = await b.ask({ cmd: "naive", table: "module_allocations", index: "by_academic_year_id", field: "academic_year_id", value: academicYearId });
    result.naive = { documents: Number(naive.documents), bytes: Number(naive.bytes) };

    console.log(`bench ${spec.name}: edits and fan-out...`);
    const roles = await http.query(api.people.roles.all, { organisationId });
    const viewerRole = roles.find((r) => r.name === "Viewer")!._id;
    const editor = client(b.url, adminToken);
    let version: number = sample.version;
    const shares = [sample.share === 50 ? 40 : 50, sample.share];
    let editNo = 0;
    result.edits = {};
    for (const n of FANOUT) {
      // n watchers, each a different person with their own session and subscription.
      while (watchers.length < n) {
        const i = watchers.length;
        const email = `bench-watcher-${i}@northbridge.ac.uk`;
        await http.mutation(api.people.users.invite, { organisationId, email, name: `Watcher ${i}`, roleId: viewerRole }).catch(() => undefined);
        const c = client(b.url, await token(b.url, email));
        await c.mutation(api.organisations.membership.acceptInvitations, {});
        watchers.push(c);
      }
      const latest: Array<number | undefined> = new Array(n).fill(undefined);
      const onChange: Array<(() => void) | null> = new Array(n).fill(null);
      const unsubscribe = watchers.slice(0, n).map((c, i) =>
        c.onUpdate(api.workload.dashboard.overview, filters, (v) => {
          latest[i] = v.total_allocated_hours;
          onChange[i]?.();
        }),
      );
      const startWait = Date.now();
      while (latest.some((x) => x === undefined)) {
        if (Date.now() - startWait > 120_000) throw new Error(`${n} watchers did not all get the dashboard within 2 min`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const ack: number[] = [];
      const seen: number[] = [];
      for (let e = 0; e < EDITS; e++) {
        // Leave time for the larger fan-out and the reports; a cut is noted beside the figures.
        if (e >= 3 && left() < (n === FANOUT[FANOUT.length - 1] ? 30_000 : 60_000)) {
          result.cut!.push(`${n} watching: ${e} of ${EDITS} edits (deadline)`);
          break;
        }
        const before = [...latest];
        const t0 = performance.now();
        const arrivals = watchers.slice(0, n).map(
          (_, i) =>
            new Promise<number>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`edit ${e}: watcher ${i} saw no change within 30 s`)), 30_000);
              onChange[i] = () => {
                if (latest[i] !== before[i]) {
                  clearTimeout(timer);
                  onChange[i] = null;
                  resolve(performance.now() - t0);
                }
              };
            }),
        );
        const r = await editor.mutation(api.workload.allocations.update, {
          organisationId, allocationId: sample.id, expectedVersion: version, share: shares[editNo++ % 2],
        });
        ack.push(performance.now() - t0);
        version = r.version;
        seen.push(...(await Promise.all(arrivals)));
      }
      for (const u of unsubscribe) u();
      result.edits[n] = { ack: stats(ack), seen: stats(seen) };
    }
    await editor.close();
    console.log(`bench ${spec.name}: report generation...`);
    result.reports = [];
    try {
      await benchReports(http, organisationId, academicYearId, (what, value, note) => result.reports!.push({ what, value, note: note ?? "" }), ms, deadline);
    } catch (e) {
      result.reports.push({ what: "Report generation", value: "failed", note: String((e as Error).message ?? e).slice(0, 160) });
    }
    // Last, because it adds years to the organisation.
    if (ROLLOVER_IN_WHOLE_RUN.includes(spec.name)) await rolloverPart(http, organisationId, result, spec.name);
    const st = await b.ask({ cmd: "stats" });
    result.dataMb = Number(st.dataBytes) / 2 ** 20;
    result.rssAfterRunMb = Number(st.rss) / 2 ** 20;
    if (st.rssAfterGc !== null) {
      result.rssAfterGcMb = Number(st.rssAfterGc) / 2 ** 20;
      result.heapAfterGcMb = Number(st.heapAfterGc) / 2 ** 20;
    }
    result.status = "done";
    if (result.cut!.length > 0) result.note = `cut short at this size's deadline: ${result.cut!.join("; ")}`;
  } catch (e) {
    result.note = String((e as Error).message ?? e);
    result.status = /^(seed ran out|not started)/.test(result.note) ? "not finished" : "failed";
  } finally {
    for (const c of watchers) await c.close().catch(() => undefined);
    if (backend) await stopBackend(backend);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number | undefined) => (x === undefined ? "–" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const mb = (x: number | undefined) => (x === undefined ? "–" : `${x.toFixed(0)} MB`);
const num = (x: number | undefined) => (x === undefined ? "–" : Math.round(x).toLocaleString("en-GB"));
const kb = (x: number | undefined) => (x === undefined ? "–" : x >= 2 ** 20 ? `${(x / 2 ** 20).toFixed(1)} MiB` : `${(x / 1024).toFixed(0)} KiB`);
const st = (s: Stats | undefined) => (s === undefined ? "–" : `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`);

function report(results: SizeResult[], startedAt: number, load: number[], previous: string): string {
  const cols = SIZES.map((s) => results.find((r) => r.size === s.name));
  const row = (what: string, cell: (r: SizeResult) => string) => `| ${what} | ${cols.map((r) => (r && r.status === "done" ? cell(r) : r ? r.status : "not run")).join(" | ")} |`;
  const queryNames = ["Dashboard overview", "Lecturer list", "Coverage gaps", "Lecturer detail", "Explain an allocation"];
  const lines = [
    row("Documents in the database", (r) => num(r.documents)),
    row("Seed", (r) => ms(r.seedMs)),
    row("Backend memory after seed (RSS)", (r) => mb(r.rssAfterSeedMb)),
    row("Backend memory after the run (RSS)", (r) => mb(r.rssAfterRunMb)),
    row("Backend memory after the run and a full GC: RSS (JS heap)", (r) => `${mb(r.rssAfterGcMb)} (${mb(r.heapAfterGcMb)})`),
    row("Data directory", (r) => mb(r.dataMb)),
    row("Cold start: spawn to ready (data load)", (r) => `${ms(r.coldStartMs)} (${ms(r.loadMs)})`),
    row("Naive: every allocation of the year, docs / bytes", (r) => `${num(r.naive?.documents)} / ${kb(r.naive?.bytes)}`),
  ];
  for (const q of queryNames) {
    lines.push(row(`${q}: docs / bytes read (naive ÷ this)`, (r) => {
      const x = r.queries?.[q];
      if (!x || !r.naive) return "–";
      return `${num(x.documents)} / ${kb(x.bytes)} (${(r.naive.bytes / Math.max(1, x.bytes)).toFixed(1)}×)`;
    }));
    lines.push(row(`${q}: p50 / p95 over HTTP`, (r) => (r.queries?.[q] ? `${ms(r.queries[q].p50)} / ${ms(r.queries[q].p95)}` : "–")));
  }
  for (const n of FANOUT) {
    lines.push(row(`Edit acknowledged, ${n} watching: p50 / p95 / max`, (r) => st(r.edits?.[n]?.ack)));
    lines.push(row(`Edit seen by ${n} other clients: p50 / p95 / max`, (r) => st(r.edits?.[n]?.seen)));
  }
  const reportLabels = [...new Set(results.flatMap((r) => (r.reports ?? []).map((x) => x.what)))];
  for (const label of reportLabels) lines.push(row(label, (r) => r.reports?.find((x) => x.what === label)?.value ?? "–"));

  const notes = results.filter((r) => r.note).map((r) => `- ${r.size}: ${r.status}: ${r.note}`);
  const xl = results.find((r) => r.size === "XL" && r.status === "done");
  const target = (what: string, value: number | undefined, limit: number, unit = "ms") =>
    `| ${what} | ${unit === "ms" ? `< ${ms(limit)}` : `< ${limit} ${unit}`} | ${value === undefined ? "–" : unit === "ms" ? ms(value) : `${value.toFixed(0)} ${unit}`} | ${value === undefined ? "not measured (XL did not run)" : value < limit ? "met" : "missed"} |`;
  const targets = [
    "| Target at XL | Goal | Measured | |",
    "| --- | --- | --- | --- |",
    target("Edit acknowledged p95", xl?.edits?.[50]?.ack.p95, 50),
    target("Edit seen by 50 other clients p95", xl?.edits?.[50]?.seen.p95, 100),
    target("Dashboard overview p95", xl?.queries?.["Dashboard overview"]?.p95, 50),
    target("Lecturer detail p95", xl?.queries?.["Lecturer detail"]?.p95, 20),
    target("Explain p95", xl?.queries?.["Explain an allocation"]?.p95, 20),
    target("Seed", xl?.seedMs, 180_000),
    target("Cold start", xl?.coldStartMs, 5_000),
    target("Backend memory", xl?.rssAfterRunMb, 1536, "MB"),
  ];
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) on ${new Date(startedAt).toISOString().slice(0, 16).replace("T", " ")} UTC in
${((Date.now() - startedAt) / 60_000).toFixed(1)} min; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version};
load average at the start and the end ${load.map((l) => l.toFixed(1)).join(" / ")} (other work on the machine inflates latencies).
The backend is the local one (\`local/\`: convex-test's function runner on the local storage engine, transaction limits
on) in a child process, driven through the real \`convex\` clients over HTTP and WebSocket; figures on Convex's own
backend will differ. Documents and bytes read are what the storage engine returned to the function (Convex's
transaction metrics); the naive query reads every allocation of the active year through its index.
Each size has a share of the bench's 25 minutes (${Object.entries(SIZE_BUDGET_MS).map(([k, v]) => `${k} ${v / 60_000} min`).join(", ")}, XL the rest);
a size whose seed does not finish in its share is reported as not finished, with how far the seed got.
A whole run measures the year rollover at ${ROLLOVER_IN_WHOLE_RUN.join(" and ")}; the larger sizes' rollover rows come from
\`npm run bench -- --rollover ${SIZES.filter((s) => !ROLLOVER_IN_WHOLE_RUN.includes(s.name)).map((s) => s.name).join(" ")}\` and say when they were measured.

| What | ${SIZES.map((s) => `${s.name}`).join(" | ")} |
| --- | ${SIZES.map(() => "---").join(" | ")} |
${lines.join("\n")}

Sizes: ${SIZES.map((s) => `${s.name} = ${s.what}`).join("; ")}.
${notes.length > 0 ? `\n${notes.join("\n")}\n` : ""}
${targets.join("\n")}
${rolloverSection(results, "", previous)}`;
}

/**
 * The rollover rows and loads of the last results for the sizes this run did
 * not measure, each row's size marked with when it was measured (a row kept
 * before keeps its mark).
 */
function keptRollover(previous: string, measured: ReadonlySet<string>): { rows: Map<string, string[]>; loads: Map<string, string> } {
  const rows = new Map<string, string[]>();
  const loads = new Map<string, string>();
  const at = previous.indexOf("\n## Year rollover");
  if (at < 0) return { rows, loads };
  const section = previous.slice(at);
  const when = /measured alone \([^)]*\) on ([0-9-]+ [0-9:]+) UTC/i.exec(section)?.[1] ?? /\) on ([0-9-]+ [0-9:]+) UTC/.exec(previous)?.[1] ?? "an earlier run";
  for (const line of section.split("\n")) {
    const m = /^\| ([A-Z]+)( \(measured [^)]*\))? \|/.exec(line);
    if (!m || measured.has(m[1])) continue;
    const marked = m[2] ? line : line.replace(`| ${m[1]} |`, `| ${m[1]} (measured ${when} UTC) |`);
    rows.set(m[1], [...(rows.get(m[1]) ?? []), marked]);
  }
  const loadLine = /rollover's measurements: (.*)\.\n/.exec(section)?.[1] ?? "";
  for (const part of loadLine.split(", ")) {
    const m = /^([A-Z]+) (.*)$/.exec(part);
    if (m && !measured.has(m[1])) loads.set(m[1], m[2]);
  }
  return { rows, loads };
}

/** The "Year rollover" section: its table, and (for a rollover-only run) when and under what load it was measured. */
function rolloverSection(results: SizeResult[], written: string, previous: string): string {
  const measured = new Set(results.filter((r) => r.rollover).map((r) => r.size));
  const kept = keptRollover(previous, measured);
  const rolloverRows: string[] = [];
  const loadParts: string[] = [];
  for (const { name } of SIZES) {
    const r = results.find((x) => x.size === name && x.rollover);
    if (r) {
      rolloverRows.push(...r.rollover!.map((x) => `| ${r.size} | ${x.what} | ${x.value} | ${x.note} |`));
      if (r.rolloverLoad) loadParts.push(`${r.size} ${r.rolloverLoad.map((l) => l.toFixed(1)).join(" / ")}`);
    } else if (kept.rows.has(name)) {
      rolloverRows.push(...kept.rows.get(name)!);
      if (kept.loads.has(name)) loadParts.push(`${name} ${kept.loads.get(name)}`);
    }
  }
  if (rolloverRows.length === 0) return "";
  const loads = loadParts.join(", ");
  return `
## Year rollover

The rollover's preview (a dry run of the same job) and run with the default options, into the staging year
the organisation already set up and into a new year; "largest step" is the busiest step's use of the
transaction limits as the job recorded it (\`peak_usage\`), against the quarter budget a batch is held to.
${written}Load average at the start and the end of the rollover's measurements: ${loads}.

| Size | What | Wall time | Rows and largest step |
| --- | --- | --- | --- |
${rolloverRows.join("\n")}
`;
}

/** A rollover-only run replaces the "Year rollover" section of the last results and keeps the rest. */
function withRolloverSection(previous: string, results: SizeResult[], startedAt: number): string {
  const at = previous.indexOf("\n## Year rollover");
  const head = at >= 0 ? previous.slice(0, at) : previous.replace(/\n+$/, "");
  const written = `The rows of ${results.map((r) => r.size).join(" and ")} measured alone (\`npm run bench -- --rollover ${results.map((r) => r.size).join(" ")}\`) on ${new Date(startedAt).toISOString().slice(0, 16).replace("T", " ")} UTC, ${((Date.now() - startedAt) / 60_000).toFixed(1)} min with the seeds; the rest of this file is from the last whole run.\n`;
  return `${head}\n${rolloverSection(results, written, previous)}`;
}

const startedAt = Date.now();
const results: SizeResult[] = [];
const load = [loadavg()[0]];
const out = new URL("./RESULTS.md", import.meta.url);
/** What a run keeps: the last whole run's figures (rollover-only), the rollover rows of the sizes it did not measure. */
const previous = existsSync(out) ? readFileSync(out, "utf8") : "";
const only = process.argv.slice(2).filter((a) => a !== ROLLOVER_FLAG);
const end = startedAt + TOTAL_BUDGET_MS;
for (const spec of SIZES) {
  if (only.length > 0 && !only.includes(spec.name)) continue;
  const share = SIZE_BUDGET_MS[spec.name];
  const deadline = share !== undefined && only.length !== 1 ? Math.min(end, Date.now() + share) : end;
  await benchSize(spec, results, deadline);
  writeFileSync(out, ROLLOVER_ONLY ? withRolloverSection(previous, results, startedAt) : report(results, startedAt, [...load, loadavg()[0]], previous));
}
load.push(loadavg()[0]);
const text = ROLLOVER_ONLY ? withRolloverSection(previous, results, startedAt) : report(results, startedAt, load, previous);
writeFileSync(out, text);
console.log(text);
process.exit(0);
