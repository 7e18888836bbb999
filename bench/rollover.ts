/**
 * The rollover's figures for `npm run bench` (called from bench/run.ts on
 * each size the bench seeds): wall time of the
 * preview and of the run, the rows they count and make, and the largest
 * per-transaction reads and writes of any step (the jobs mechanism records
 * each step's use of Convex's limits from `ctx.meta`), against the quarter
 * budget a batch is held to.
 *
 * Two runs: into the staging year the organisation already set up (the
 * wizard's default: its lecturers and iterations are kept, allocations are
 * carried), and into a new year (every lecturer, iteration, group and
 * allocation is made by the run, the heavier case).
 */
import type { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { JOB_BATCH_BUDGET } from "../convex/lib/jobs";
import { DEFAULT_ROLLOVER_OPTIONS, followingYear } from "../convex/lib/rollover/plan";

type Row = (what: string, value: string, note?: string) => void;
type Job = {
  status: string;
  result?: string;
  error?: string;
  phases: { name: string; done: number }[];
  peak_usage?: Record<keyof typeof JOB_BATCH_BUDGET, number>;
};

async function waitForJob(http: ConvexHttpClient, organisationId: Id<"organisations">, jobId: Id<"jobs">, timeoutMs: number): Promise<Job> {
  const started = performance.now();
  let resets = 0;
  for (;;) {
    let job: Job;
    try {
      job = (await http.query(api.jobs.jobs.get, { organisationId, jobId })) as Job;
    } catch (e) {
      // A pooled keep-alive connection can be reset while the backend is busy with a long step: poll again.
      if (++resets > 20) throw e;
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    if (job.status === "completed") return job;
    if (job.status === "failed" || job.status === "cancelled") throw new Error(`rollover job ${job.status}: ${job.error ?? ""}`);
    if (performance.now() - started > timeoutMs) throw new Error("rollover job did not finish in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function usage(job: Job): string {
  const u = job.peak_usage;
  if (!u) return "not reported";
  const pct = (k: keyof typeof JOB_BATCH_BUDGET) => `${Math.round((100 * u[k]) / JOB_BATCH_BUDGET[k])}%`;
  return (
    `${u.documentsRead.toLocaleString("en-GB")} docs / ${(u.bytesRead / 2 ** 20).toFixed(2)} MiB read, ` +
    `${u.documentsWritten.toLocaleString("en-GB")} docs / ${(u.bytesWritten / 2 ** 20).toFixed(2)} MiB written, ${u.databaseQueries} index ranges ` +
    `(of the quarter budget: ${pct("documentsRead")} docs read, ${pct("documentsWritten")} docs written, ${pct("databaseQueries")} ranges)`
  );
}

function created(job: Job): string {
  const counts = JSON.parse(job.result ?? "{}").counts as Record<string, Record<string, number>>;
  const n = (k: string, o = "created") => (counts[k]?.[o] ?? 0).toLocaleString("en-GB");
  return `${n("lecturers")} lecturers (${n("lecturers", "existing")} already there), ${n("iterations")} iterations (${n("iterations", "existing")} already there), ${n("groups")} groups, ${n("allocations")} teaching and ${n("admin_allocations")} admin allocations`;
}

export async function benchRollover(http: ConvexHttpClient, organisationId: Id<"organisations">, add: Row) {
  const overview = (await http.query(api.structure.rollover.overview, { organisationId }))!;
  const source = overview.source;
  const years = await http.query(api.structure.academicYears.all, { organisationId });
  const latest = [...years].sort((a, b) => b.end_date.localeCompare(a.end_date))[0];
  const targets = [
    { name: "into the existing staging year", target: overview.defaultTarget },
    { name: "into a new year", target: { kind: "new" as const, ...followingYear(latest) } },
  ];
  for (const { name, target } of targets) {
    const args = { organisationId, sourceYearId: source.id, target, options: DEFAULT_ROLLOVER_OPTIONS };
    let t0 = performance.now();
    const previewId = await http.mutation(api.structure.rollover.preview, args);
    const preview = await waitForJob(http, organisationId, previewId, 30 * 60_000);
    const previewMs = performance.now() - t0;
    t0 = performance.now();
    const { jobId } = await http.mutation(api.structure.rollover.start, args);
    const run = await waitForJob(http, organisationId, jobId, 60 * 60_000);
    const runMs = performance.now() - t0;
    const steps = run.phases.reduce((n, p) => n + p.done, 0);
    add(`Preview ${name}`, `${(previewMs / 1000).toFixed(1)} s`, `dry run of the same job: ${created(preview)}; largest step ${usage(preview)}`);
    add(`Run ${name}`, `${(runMs / 1000).toFixed(1)} s`, `${created(run)}; ${steps.toLocaleString("en-GB")} rows walked; largest step ${usage(run)}`);
  }
}
