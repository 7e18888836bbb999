// A rollover interrupted mid-way: the product's own functions on the local
// backend (small demo seed), the backend killed with SIGKILL while the job
// runs, started again on the same data directory; the job continues from
// where it was (the local backend re-runs the interrupted step; failing that
// the jobs watchdog cron, its stall threshold lowered through WW_JOB_STALL_MS,
// restarts it) and completes with the
// counts its preview announced, without a duplicate.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { api, devToken, freePort, newHttpClient, tempDataDir, waitFor } from "./helpers.js";

type Backend = { url: string; child: ChildProcess; output: () => string; kill: () => Promise<void> };
const running: Backend[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.kill();
});

/** The app's functions on the local backend with the small seed (tests/e2e/support/backend.ts). */
async function start(dataDir: string, ports?: { port: number; sitePort: number }): Promise<Backend & { ports: { port: number; sitePort: number } }> {
  // The same ports after a restart: the dev sign-in issuer (and so the caller's identity) includes the port.
  const { port, sitePort } = ports ?? { port: await freePort(), sitePort: await freePort() };
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/e2e/support/backend.ts", "--functions", "convex", "--data", dataDir, "--port", String(port), "--site-port", String(sitePort), "--env", "WW_JOB_STALL_MS=2000"],
    { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start:\n${output.slice(-3000)}`)), 240_000);
    child.stdout!.on("data", () => {
      const m = /E2E backend ready (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => reject(new Error(`backend exited before it was ready:\n${output.slice(-3000)}`)));
  });
  const backend = {
    url,
    ports: { port, sitePort },
    child,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  running.push(backend);
  return backend;
}

async function signIn(url: string) {
  const http = newHttpClient(url);
  const { token } = await devToken(url, { subject: "admin@northbridge.ac.uk", email: "admin@northbridge.ac.uk", name: "Alex Admin" });
  http.setAuth(token);
  const accepted = await http.mutation(api.organisations.membership.acceptInvitations, {});
  const memberships = (await http.query(api.organisations.membership.mine, {})) as { organisationId: string }[];
  if (!memberships[0]) throw new Error(`not a member (accepted ${accepted}) at ${url}`);
  const membership = memberships[0];
  return { http, organisationId: membership.organisationId };
}

type JobView = { status: string; percent: number; finished_at?: number; phases: { name: string; done: number; total?: number }[]; result?: string; error?: string };
type Counts = Record<string, Record<string, number>>;
const OPTIONS = { carry_teaching_allocations: true, carry_recurring_admin: true, carry_groups_and_assessments: true, student_numbers: "forward" };

describe("rollover on the local backend", () => {
  it("killed mid-way and restarted, completes with the previewed counts and no duplicates", async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const { http, organisationId } = await signIn(first.url);
    const years = (await http.query(api.structure.academicYears.all, { organisationId })) as { _id: string; name: string; status: string }[];
    const source = years.find((y) => y.status === "active")!;
    // Into a new year, so every lecturer, iteration, group and allocation is made by the run.
    const args = { organisationId, sourceYearId: source._id, target: { kind: "new", name: "2028/29", start_date: "2028-09-01", end_date: "2029-08-31" }, options: OPTIONS };
    const job = (id: string) => http.query(api.jobs.jobs.get, { organisationId, jobId: id }) as Promise<JobView>;

    const previewId = (await http.mutation(api.structure.rollover.preview, args)) as string;
    const preview = await waitFor(async () => {
      const j = await job(previewId);
      return j.status === "completed" ? j : null;
    }, "the preview", 120_000);
    const planned = JSON.parse(preview.result!).counts as Counts;
    expect(planned.allocations.created).toBeGreaterThan(0);

    const { jobId, academicYearId } = (await http.mutation(api.structure.rollover.start, args)) as { jobId: string; academicYearId: string };
    // Kill the backend while the job is part-way through (some rows made, not all).
    await waitFor(async () => {
      const j = await job(jobId);
      if (j.status === "completed") throw new Error("the rollover finished before it could be interrupted");
      return j.phases.some((p) => p.name === "lecturers" && p.done > 0);
    }, "the rollover to be under way", 120_000);
    await first.kill();

    const killedAt = Date.now();
    const second = await start(dataDir, first.ports);
    // A pooled connection to the killed process may reset once: try again.
    const again = await waitFor(() => signIn(second.url).catch(() => null), "sign-in after the restart", 30_000);
    const done = await waitFor(async () => {
      const j = (await again.http.query(api.jobs.jobs.get, { organisationId, jobId })) as JobView;
      if (j.status === "failed") throw new Error(`the rollover failed: ${j.error}`);
      return j.status === "completed" ? j : null;
    }, "the rollover to complete after the restart", 240_000);
    // It finished after the kill: the restarted backend (re-running the interrupted step, or the watchdog) completed it.
    expect(done.finished_at!).toBeGreaterThan(killedAt);
    const counts = JSON.parse(done.result!).counts as Counts;
    expect(counts).toEqual(planned);

    // Exactly what was announced is in the year: nothing twice. A second preview finds all of it already there.
    const lecturers = (await again.http.query(api.staff.lecturers.all, { organisationId, academicYearId })) as { profile_id: string }[];
    expect(lecturers.length).toBe(planned.lecturers.created);
    expect(new Set(lecturers.map((l) => l.profile_id)).size).toBe(lecturers.length);
    const iterations = (await again.http.query(api.delivery.iterations.all, { organisationId, academicYearId })) as unknown[];
    expect(iterations.length).toBe(planned.iterations.created);
    const recheckId = (await again.http.mutation(api.structure.rollover.preview, { ...args, target: { kind: "existing", academicYearId } })) as string;
    const recheck = await waitFor(async () => {
      const j = (await again.http.query(api.jobs.jobs.get, { organisationId, jobId: recheckId })) as JobView;
      return j.status === "completed" ? j : null;
    }, "the second preview", 120_000);
    const second_ = JSON.parse(recheck.result!).counts as Counts;
    expect(second_.allocations).toMatchObject({ existing: planned.allocations.created });
    expect(second_.allocations.created ?? 0).toBe(0);
    expect(second_.lecturers.created ?? 0).toBe(0);
    expect(second_.iterations.created ?? 0).toBe(0);
  }, 900_000);
});
