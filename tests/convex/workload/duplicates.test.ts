/**
 * Existing duplicates (two live allocations in one cell, as a seed or an
 * import could leave them) are found by a paged job, never one query over
 * the year, and merged: shares summed (capped at 100%), the most recent
 * override and its reason kept, audit rows written, the lecturer told. The
 * year here has 120 iterations, so the job runs in several batches, under
 * transaction limits of a quarter of Convex's (the job's batch budget).
 */
import { describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { JOB_BATCH_BUDGET } from "../../../convex/lib/jobs";
import { setupWorkload, withTriggers, type Workload } from "./fixtures";

const ITERATIONS = 120;

/** 120 iterations of CS201 (no groups); on every tenth, Brian holds module leadership twice (60% + 70%). */
async function yearWithDuplicates(w: Workload) {
  const duplicated: Id<"module_iterations">[] = [];
  for (let from = 0; from < ITERATIONS; from += 20) {
    await withTriggers(w.t, async (ctx) => {
      const base = { organisation_id: w.organisationId, created_at: 0, updated_at: 0 };
      for (let i = from; i < from + 20; i++) {
        const iterationId = await ctx.db.insert("module_iterations", {
          ...base,
          academic_year_id: w.activeYearId,
          module_id: w.moduleId,
          code: `CS201-${String(i).padStart(3, "0")}`,
          semester: "S1",
          student_count: 50,
          intakes: 1,
          version: 1,
        });
        const row = (share: number, updated_at: number, override?: { hours: number; reason: string }) =>
          ctx.db.insert("module_allocations", {
            organisation_id: w.organisationId,
            academic_year_id: w.activeYearId,
            module_iteration_id: iterationId,
            lecturer_id: w.active.brian,
            allocation_type_id: w.types.module_leadership,
            share,
            first_time: false,
            ...(override ? { hours_override: override.hours, override_reason: override.reason } : {}),
            computed_hours: 0,
            work_category: "leadership",
            semester_hours: { S1: 0, S2: 0, S3: 0 },
            response_status: "accepted",
            version: 1,
            created_at: 0,
            updated_at,
          });
        await row(100, 1, undefined);
        if (i % 10 === 0) {
          await row(60, 2, { hours: 9, reason: "Shared with a new colleague" });
          await row(70, 3);
          duplicated.push(iterationId);
        }
      }
    });
  }
  return duplicated;
}

const liveIn = (w: Workload, iterationId: Id<"module_iterations">) =>
  w.t.run(async (ctx) =>
    (await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).collect()).filter(
      (a) => a.deleted_at === undefined,
    ),
  );

describe("duplicate allocations", () => {
  test("a dry run lists the duplicated cells and changes nothing; the merge keeps one per cell with summed shares and the latest override", { timeout: 120_000 }, async () => {
    vi.useFakeTimers();
    const w = await setupWorkload(JOB_BATCH_BUDGET);
    const duplicated = await yearWithDuplicates(w);
    expect(duplicated).toHaveLength(12);
    const before = await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).length);

    const dry = await w.planner.mutation(api.workload.duplicates.start, { organisationId: w.organisationId, academicYearId: w.activeYearId, dryRun: true });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const dryJob = await w.planner.query(api.jobs.jobs.get, { organisationId: w.organisationId, jobId: dry });
    expect(dryJob.status).toBe("completed");
    // The fixture's CS201-A and these 120, in batches of 50: three steps.
    expect(dryJob.phases[0].done).toBe(ITERATIONS + 1);
    const found = JSON.parse(dryJob.result!);
    expect(found).toMatchObject({ duplicate_cells: 12, allocations_merged: 0, out_of_scope_cells: 0 });
    expect(found.cells[0]).toBe("CS201-000 · Module leadership · Brian Kernighan: 3 allocations (100% + 60% + 70%) → 100%");
    expect(await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).length)).toBe(before);
    expect(await liveIn(w, duplicated[0])).toHaveLength(3);

    const auditBefore = await w.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).length);
    const merge = await w.planner.mutation(api.workload.duplicates.start, { organisationId: w.organisationId, academicYearId: w.activeYearId, dryRun: false });
    await w.t.finishAllScheduledFunctions(vi.runAllTimers);
    const merged = await w.planner.query(api.jobs.jobs.get, { organisationId: w.organisationId, jobId: merge });
    expect(merged.status).toBe("completed");
    expect(JSON.parse(merged.result!)).toMatchObject({ duplicate_cells: 12, allocations_merged: 24 });

    for (const iterationId of duplicated) {
      const rows = await liveIn(w, iterationId);
      // Kept: the most recently changed row (70%), with 100 + 60 + 70 capped at 100% and the 9 h override and its reason.
      expect(rows.map((r) => [r.share, r.hours_override, r.override_reason, r.version])).toEqual([[100, 9, "Shared with a new colleague", 2]]);
    }
    // One audit row per change: each duplicated cell's kept row updated and two soft-deleted.
    const audit = await w.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).slice(auditBefore));
    const allocationAudit = audit.filter((a) => a.entity_type === "module_allocations");
    expect(allocationAudit.filter((a) => a.action === "soft_delete")).toHaveLength(24);
    expect(allocationAudit.filter((a) => a.action === "update")).toHaveLength(12);
    // The job acted as the planner who started it, and the audit trail says so.
    expect(new Set(allocationAudit.map((a) => a.user_id))).toEqual(new Set([await plannerId(w)]));
    // Brian heard once per merged cell.
    const bell = await w.brianUser.query(api.account.notifications.list, { organisationId: w.organisationId, limit: 50 });
    const merges = bell.items.filter((n) => n.kind === "allocation_merged");
    expect(merges).toHaveLength(12);
    expect(merges.at(-1)!.body).toBe("3 copies of the same allocation on CS201-000 Data Structures were merged into one: 100% of Module leadership, 9 h.");

    // The totals still add up after the merge.
    const verify = await w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(verify.total_drift).toBe(0);
    vi.useRealTimers();
  });
});

async function plannerId(w: Workload) {
  return await w.t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "planner@tu.example")).first())!._id);
}
