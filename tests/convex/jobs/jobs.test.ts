/**
 * The one job mechanism (convex/lib/jobs.ts, convex/jobs/*), through its
 * first user, the year recompute: progress per phase, a repeated step that
 * changes nothing, cancel and resume, a failing batch that fails the job
 * with its reason, a starter who lost their permission, and the watchdog
 * that restarts a job whose step was lost; every step's use of the
 * transaction limits, and the one end-of-job hook (`settle`), which the
 * rollover (its admins hear how it ended) and the reports (the execution
 * records how it ended) both use.
 */
import { makeFunctionReference } from "convex/server";
import { describe, expect, test, vi } from "vitest";
import { api, internal } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { startJob, JOB_STALL_MS } from "../../../convex/lib/jobs";
import { scheduleYearRecompute } from "../../../convex/workload/recompute";
import { expectAppError, setupWorkload, withTriggers } from "../workload/fixtures";
import { setupReports } from "../../reports/fixture";

type W = Awaited<ReturnType<typeof setupWorkload>>;

async function userId(w: W, email: string) {
  return await w.t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", email)).first())!._id);
}

async function startRecompute(w: W, email = "admin@tu.example") {
  const by = await userId(w, email);
  return await withTriggers(w.t, (ctx) => scheduleYearRecompute(ctx, w.organisationId, w.stagingYearId, "test", by));
}

const job = (w: W, jobId: Id<"jobs">) => w.admin.query(api.jobs.jobs.get, { organisationId: w.organisationId, jobId });

describe("jobs", () => {
  test("a recompute counts the year's lecturers, then recomputes each of them, and completes", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const jobId = await startRecompute(w);
    expect((await job(w, jobId)).status).toBe("queued");
    // A second change before the job starts joins it rather than queueing another.
    expect(await startRecompute(w)).toBe(jobId);
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await job(w, jobId);
    expect(done.status).toBe("completed");
    expect(done.percent).toBe(100);
    expect(done.phases.map((p) => [p.name, p.done, p.total])).toEqual([
      ["count", 2, 2],
      ["recompute", 2, 2],
    ]);
    expect(done.started_by_name).toBe("admin");
    vi.useRealTimers();
  });

  test("a repeated or stale step applies nothing", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const jobId = await startRecompute(w);
    await w.t.mutation(internal.jobs.runner.step, { jobId, token: 0 });
    const afterOne = await job(w, jobId);
    expect(afterOne.phases[0]).toMatchObject({ done: 2, total: 2 });
    // The same token again (a duplicated schedule) and a token from the future do nothing.
    await w.t.mutation(internal.jobs.runner.step, { jobId, token: 0 });
    await w.t.mutation(internal.jobs.runner.step, { jobId, token: 7 });
    expect((await job(w, jobId)).phases).toEqual(afterOne.phases);
    vi.useRealTimers();
  });

  test("a cancelled job stops, and resumes where it stopped", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const jobId = await startRecompute(w);
    await w.t.mutation(internal.jobs.runner.step, { jobId, token: 0 }); // counting done
    await w.admin.mutation(api.jobs.jobs.cancel, { organisationId: w.organisationId, jobId });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const cancelled = await job(w, jobId);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.phases[1].done).toBe(0);
    await expectAppError(w.admin.mutation(api.jobs.jobs.cancel, { organisationId: w.organisationId, jobId }), "INVALID_ARGUMENT");

    await w.admin.mutation(api.jobs.jobs.resume, { organisationId: w.organisationId, jobId });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const resumed = await job(w, jobId);
    expect(resumed.status).toBe("completed");
    expect(resumed.phases.map((p) => p.done)).toEqual([2, 2]);
    vi.useRealTimers();
  });

  test("a batch that throws fails the job with the phase and the reason", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const by = await userId(w, "admin@tu.example");
    const jobId = await w.t.run((ctx) =>
      startJob(ctx, {
        organisationId: w.organisationId,
        kind: "probe",
        label: "A job whose batch does not exist",
        batch: makeFunctionReference<"mutation", any, any>("workload/jobs:noSuchBatch") as never,
        phases: [{ name: "only", label: "Only phase" }],
        actor: { kind: "user", userId: by },
        permission: "allocations.view",
      }),
    );
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const failed = await job(w, jobId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^Only phase: /);
    vi.useRealTimers();
  });

  test("a job stops when its starter no longer holds the permission it runs under", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const jobId = await startRecompute(w, "planner@tu.example");
    const plannerId = await userId(w, "planner@tu.example");
    await w.t.run(async (ctx) => {
      for (const a of await ctx.db.query("user_role_assignments").withIndex("by_user_id", (q) => q.eq("user_id", plannerId)).collect()) {
        await ctx.db.patch(a._id, { deleted_at: Date.now() });
      }
    });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const stopped = await job(w, jobId);
    expect(stopped.status).toBe("failed");
    expect(stopped.error).toContain("no longer has the permission");
    expect(stopped.phases[0].done).toBe(0);
    vi.useRealTimers();
  });

  test("the watchdog restarts a running job whose next step was lost", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const jobId = await startRecompute(w);
    // Lose the scheduled step (as a crash would) and let the job go quiet.
    await w.t.run(async (ctx) => {
      const row = (await ctx.db.get(jobId))!;
      await ctx.scheduler.cancel(row.scheduled_step_id!);
      await ctx.db.patch(jobId, { status: "running", updated_at: Date.now() - JOB_STALL_MS - 1 });
    });
    expect(await w.t.mutation(internal.jobs.runner.watchdog, {})).toEqual({ restarted: 1, failed: 0 });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await job(w, jobId)).status).toBe("completed");
    // A healthy job is left alone.
    expect(await w.t.mutation(internal.jobs.runner.watchdog, {})).toEqual({ restarted: 0, failed: 0 });
    vi.useRealTimers();
  });

  test("a Viewer cannot see or control a job started under a permission they lack", async () => {
    const w = await setupWorkload();
    const by = await userId(w, "admin@tu.example");
    const jobId = await w.t.run((ctx) =>
      startJob(ctx, {
        organisationId: w.organisationId,
        kind: "probe",
        label: "Admin-only job",
        batch: makeFunctionReference<"mutation", any, any>("workload/jobs:noSuchBatch") as never,
        phases: [{ name: "only", label: "Only phase" }],
        actor: { kind: "user", userId: by },
        permission: "organisation.manage",
      }),
    );
    await expectAppError(w.viewer.query(api.jobs.jobs.get, { organisationId: w.organisationId, jobId }), "FORBIDDEN");
    await expectAppError(w.viewer.mutation(api.jobs.jobs.cancel, { organisationId: w.organisationId, jobId }), "FORBIDDEN");
    expect(await w.viewer.query(api.jobs.jobs.list, { organisationId: w.organisationId, kind: "probe" })).toEqual([]);
  });

  test("a job keeps its busiest step's use of the transaction limits", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const jobId = await startRecompute(w);
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const done = await job(w, jobId);
    expect(done.peak_usage).toBeDefined();
    expect(done.peak_usage!.documentsRead).toBeGreaterThan(0);
    expect(done.peak_usage!.databaseQueries).toBeGreaterThan(0);
    vi.useRealTimers();
  });

  test("the settle hook is told exactly once whichever way a job ends, and not before", async () => {
    vi.useFakeTimers();
    const w = await setupWorkload();
    const by = await userId(w, "admin@tu.example");
    const plannerId = await userId(w, "planner@tu.example");
    const settle = internal.structure.rollover.settle;
    const spec = (label: string, opts: { ok?: boolean; as?: Id<"users"> } = {}) => ({
      organisationId: w.organisationId,
      academicYearId: w.stagingYearId,
      kind: "probe",
      label,
      batch: opts.ok ? internal.workload.jobs.recomputeBatch : (makeFunctionReference<"mutation", any, any>("workload/jobs:noSuchBatch") as never),
      phases: opts.ok
        ? [
            { name: "count", label: "Counting lecturers" },
            { name: "recompute", label: "Recomputing lecturers" },
          ]
        : [{ name: "only", label: "Only phase" }],
      actor: { kind: "user" as const, userId: opts.as ?? by },
      permission: "allocations.view" as const,
      settle,
    });
    const settles = () =>
      w.t.run(async (ctx) =>
        (await ctx.db.system.query("_scheduled_functions").collect())
          .filter((f) => f.name.includes("rollover") && f.name.endsWith(":settle"))
          .map((f) => [(f.args[0] as { jobId: string }).jobId, f.state.kind] as const),
      );
    const completed = await w.t.run((ctx) => startJob(ctx, spec("completes", { ok: true })));
    const failing = await w.t.run((ctx) => startJob(ctx, spec("fails")));
    const cancelled = await w.t.run((ctx) => startJob(ctx, spec("cancelled", { ok: true })));
    const revoked = await w.t.run((ctx) => startJob(ctx, spec("revoked", { ok: true, as: plannerId })));
    const lost = await w.t.run((ctx) => startJob(ctx, spec("lost", { ok: true })));

    // One step of a running job is not its end.
    await w.t.mutation(internal.jobs.runner.step, { jobId: completed, token: 0 });
    expect(await settles()).toEqual([]);

    await w.admin.mutation(api.jobs.jobs.cancel, { organisationId: w.organisationId, jobId: cancelled });
    await w.t.run(async (ctx) => {
      for (const a of await ctx.db.query("user_role_assignments").withIndex("by_user_id", (q) => q.eq("user_id", plannerId)).collect()) {
        await ctx.db.patch(a._id, { deleted_at: Date.now() });
      }
      // A job whose step keeps getting lost, past the watchdog's restarts.
      const row = (await ctx.db.get(lost))!;
      await ctx.scheduler.cancel(row.scheduled_step_id!);
      await ctx.db.patch(lost, { status: "running", restarts: 5, updated_at: Date.now() - JOB_STALL_MS - 1 });
    });
    expect(await w.t.mutation(internal.jobs.runner.watchdog, {})).toEqual({ restarted: 0, failed: 1 });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);

    const statuses = await Promise.all([completed, failing, cancelled, revoked, lost].map(async (id) => (await job(w, id)).status));
    expect(statuses).toEqual(["completed", "failed", "cancelled", "failed", "failed"]);
    const told = await settles();
    expect(told.map(([id]) => id).sort()).toEqual([completed, failing, cancelled, revoked, lost].sort());
    expect(told.every(([, state]) => state === "success")).toBe(true);
    // Resuming the cancelled job and finishing it tells the hook again: it ended again.
    await w.admin.mutation(api.jobs.jobs.resume, { organisationId: w.organisationId, jobId: cancelled });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await settles()).filter(([id]) => id === cancelled)).toHaveLength(2);
    vi.useRealTimers();
  });

  test("the same hook serves a report: its execution records a cancel and a completion", async () => {
    vi.useFakeTimers();
    const r = await setupReports();
    const start = () =>
      r.admin.mutation(api.reports.executions.run, { organisationId: r.organisationId, report: { kind: "workload_summary", formats: ["csv"], filters: {} } });
    const cancelledId = await start();
    const jobId = (await r.t.run((ctx) => ctx.db.get(cancelledId)))!.job_id!;
    await r.admin.mutation(api.jobs.jobs.cancel, { organisationId: r.organisationId, jobId });
    const doneId = await start();
    await r.t.finishAllScheduledFunctions(vi.runAllTimers);
    vi.useRealTimers();
    const view = (reportId: Id<"workload_reports">) => r.admin.query(api.reports.executions.get, { organisationId: r.organisationId, reportId });
    expect(await view(cancelledId)).toMatchObject({ status: "failed", error: "Cancelled." });
    expect(await view(doneId)).toMatchObject({ status: "completed", error: null, row_count: 5 });
  });
});
