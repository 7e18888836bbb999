/**
 * `npm run bench`: speed and memory of the things people wait for, measured
 * against the full demo university (~120 lecturers, ~300 modules, ~1,500
 * allocations) on the local backend through the real Convex clients, plus the
 * pure engine on its own. Writes bench/RESULTS.md; tests never assert timings.
 *
 * Figures: seed time, cold start on seeded data, backend memory (RSS), query
 * latencies (dashboard, lecturer list, explain, verify), an allocation edit's
 * round trip until a second client's dashboard shows it, engine throughput,
 * and the rollover's preview and run (bench/rollover.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import WebSocket from "ws";
import { api } from "../convex/_generated/api";
import { computeAllocation, DEFAULT_SETTINGS, parseFormula, evaluateFormula } from "../convex/lib/workload";
import { benchRollover } from "./rollover";

const EDITS = 40;
const QUERY_RUNS = 25;

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Child = { proc: ChildProcess; events: Record<string, any> };

async function startBackend(dataDir: string, seed: boolean): Promise<Child & { url: string }> {
  const [port, sitePort] = [await freePort(), await freePort()];
  const proc = spawn("node", ["--import", "tsx", "bench/backend.ts", dataDir, String(port), String(sitePort), seed ? "seed" : ""], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const events: Record<string, any> = {};
  let buffer = "";
  await new Promise<void>((resolve, reject) => {
    proc.on("exit", (code) => reject(new Error(`backend exited with ${code}`)));
    proc.stdout!.on("data", (chunk) => {
      buffer += chunk;
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (!line.startsWith("{")) continue;
        const e = JSON.parse(line);
        events[e.event] = e;
        if (e.event === "ready") resolve();
      }
    });
  });
  return { proc, events, url: events.ready.url };
}

async function stopBackend(child: Child) {
  child.proc.removeAllListeners("exit");
  const exited = new Promise((r) => child.proc.once("exit", r));
  child.proc.kill("SIGTERM");
  await exited;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  return kb / 1024;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

async function signIn(url: string, email: string) {
  const res = await fetch(`${url}/dev-auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ subject: email, email, name: email }),
  });
  return ((await res.json()) as { token: string }).token;
}

function engineThroughput() {
  const parsed = parseFormula("credits * 2.5 * groups * share");
  if (!parsed.ok) throw new Error(parsed.error.message);
  const n = 200_000;
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += evaluateFormula(parsed.formula, { credits: 20, groups: 1 + (i % 5), share: 0.6 });
  const formulaPerSec = n / ((performance.now() - t0) / 1000);
  return { formulaPerSec, sink, settings: DEFAULT_SETTINGS.standard_fte_hours, computeAllocation: typeof computeAllocation };
}

const dataDir = mkdtempSync(join(tmpdir(), "ww-bench-"));
const rows: string[] = [];
const add = (what: string, value: string, note = "") => rows.push(`| ${what} | ${value} | ${note} |`);
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

try {
  console.log("bench: starting the local backend and seeding the demo university...");
  let backend = await startBackend(dataDir, true);
  add("Seed the demo university", ms(backend.events.seeded.ms), `"${backend.events.seeded.message}" (2 years, 120 lecturers, 300 modules, through the triggers)`);
  add("Backend memory after seed (RSS)", `${rssMb(backend.proc.pid!).toFixed(0)} MB`, "whole process: Node + convex-test + data");

  console.log("bench: restart on the seeded data...");
  await stopBackend(backend);
  backend = await startBackend(dataDir, false);
  add("Cold start on seeded data (ready to serve)", ms(backend.events.ready.ms), "loads the snapshot, arms scheduler and crons");

  const token = await signIn(backend.url, "admin@northbridge.ac.uk");
  const http = new ConvexHttpClient(backend.url);
  http.setAuth(token);
  await http.mutation(api.organisations.membership.acceptInvitations, {});
  const [membership] = await http.query(api.organisations.membership.mine, {});
  const organisationId = membership.organisationId;
  const years = await http.query(api.structure.academicYears.all, { organisationId });
  const academicYearId = years.find((y) => y.status === "active")!._id;
  const filters = { organisationId, academicYearId };

  console.log("bench: query latencies...");
  const measure = async (what: string, fn: () => Promise<unknown>, note: string) => {
    const samples: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) samples.push((await time(fn))[0]);
    const s = stats(samples);
    add(what, `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`, `${note}; ${s.n} runs over HTTP`);
  };
  const overview = await http.query(api.workload.dashboard.overview, filters);
  await measure("Dashboard overview", () => http.query(api.workload.dashboard.overview, filters), `${overview.lecturer_count} lecturers' totals rows`);
  await measure("Lecturer totals list (all)", () => http.query(api.workload.dashboard.lecturers, filters), "one row per lecturer");
  await measure("Coverage gaps", () => http.query(api.workload.dashboard.coverageGaps, filters), "scans the year's iterations and allocations");
  const busiest = overview.top_over[0] ?? overview.top_under[0];
  const [sample] = await http.query(api.workload.allocations.listForLecturer, { organisationId, lecturerId: busiest.lecturer_id });
  await measure("Explain one allocation", () => http.query(api.workload.explain.explainAllocation, { organisationId, allocationId: sample.id }), "rule, formula, variables, result");
  const [verifyMs, verify] = await time(() => http.query(api.workload.verify.verifyTotals, filters));
  add("Verify totals from scratch", ms(verifyMs), `drift ${verify.total_drift} (must be 0)`);

  console.log("bench: edit round trips...");
  const watcher = new ConvexClient(backend.url, { webSocketConstructor: WebSocket as any });
  watcher.setAuth(async () => token);
  let latest: { total_allocated_hours: number } | undefined;
  let onChange: (() => void) | null = null;
  const unsubscribe = watcher.onUpdate(api.workload.dashboard.overview, filters, (value) => {
    latest = value;
    onChange?.();
  });
  while (!latest) await new Promise((r) => setTimeout(r, 20));
  const editor = new ConvexClient(backend.url, { webSocketConstructor: WebSocket as any });
  editor.setAuth(async () => token);
  let version: number = sample.version;
  // Toggle between the current share and another, so every edit moves the total.
  const shares = [sample.share === 50 ? 40 : 50, sample.share];
  const mutationMs: number[] = [];
  const seenMs: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const before = latest.total_allocated_hours;
    const seen = new Promise<void>((resolve) => {
      onChange = () => {
        if (latest!.total_allocated_hours !== before) resolve();
      };
    });
    const t0 = performance.now();
    const result = await editor.mutation(api.workload.allocations.update, {
      organisationId,
      allocationId: sample.id,
      expectedVersion: version,
      share: shares[i % 2],
    });
    mutationMs.push(performance.now() - t0);
    version = result.version;
    await Promise.race([
      seen,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`edit ${i}: the watcher saw no new total within 10 s`)), 10_000)),
    ]);
    seenMs.push(performance.now() - t0);
  }
  unsubscribe();
  await editor.close();
  await watcher.close();
  const m = stats(mutationMs);
  const w = stats(seenMs);
  add("Allocation edit (mutation acknowledged)", `p50 ${ms(m.p50)}, p95 ${ms(m.p95)}`, `${EDITS} edits over WebSocket; hours, totals, team summary, audit in one transaction`);
  add("Edit visible on another client's dashboard", `p50 ${ms(w.p50)}, p95 ${ms(w.p95)}`, "from the edit's call to the watcher's new total");
  add("Backend memory after the run (RSS)", `${rssMb(backend.proc.pid!).toFixed(0)} MB`, "");

  // Last, because it adds years: the rollover's preview and run (bench/rollover.ts).
  console.log("bench: rollover...");
  await benchRollover(http, organisationId, add, "demo university");
  await stopBackend(backend);

  const engine = engineThroughput();
  add("Formula evaluation (pure engine)", `${Math.round(engine.formulaPerSec).toLocaleString("en-GB")} / s`, "`credits * 2.5 * groups * share`, parsed once");
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const report = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC,
${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. The backend is the local one
(\`local/\`, convex-test's engine with transaction limits on), run as a child process and driven through
the real \`convex\` clients; figures on Convex's own backend will differ.

| What | Result | Notes |
| --- | --- | --- |
${rows.join("\n")}
`;
writeFileSync(new URL("./RESULTS.md", import.meta.url), report);
console.log(report);
process.exit(0);
