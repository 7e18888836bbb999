// @vitest-environment node
/**
 * Allocation suggestions end to end on convex-test (Node, for HiGHS): a
 * planner runs them for the staging year's unallocated CS201, the proposal's
 * hours are the engine's for each lecturer (Brian delivers it for the first
 * time), accepting every line lands the live totals exactly on the
 * proposal's "after" figures through the editor's create path (audit rows,
 * notices), and the run keeps what was accepted. Also: who may run and
 * accept, partial acceptance, a gap covered meanwhile, a scoped planner.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { identity } from "../harness";
import { expectAppError, setupWorkload, withTriggers, type Workload } from "../workload/fixtures";

afterEach(() => {
  vi.useRealTimers();
});

/** Last year Ada taught all of CS201 (so this year she is no first-timer); Brian never did. */
async function lastYearAda(w: Workload) {
  for (const code of ["contact", "preparation", "marking", "module_admin", "module_leadership"]) {
    await w.planner.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types[code],
      share: 100,
    });
  }
}

async function runSuggestions(w: Workload, client = w.planner, args: Partial<{ strategy: "balance" | "expertise" | "continuity"; stepPercent: number }> = {}) {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate"] });
  const runId = await client.mutation(api.workload.suggestions.start, {
    organisationId: w.organisationId,
    academicYearId: w.stagingYearId,
    strategy: args.strategy ?? "balance",
    stepPercent: args.stepPercent ?? 50,
    timeLimitSeconds: 10,
  });
  await w.t.finishAllScheduledFunctions(vi.runAllTimers);
  return { runId, ...(await client.query(api.workload.suggestions.getRun, { organisationId: w.organisationId, runId })) };
}

async function acceptLines(w: Workload, runId: Id<"allocation_suggestion_runs">, lineIds: Id<"allocation_suggestion_lines">[], client = w.planner) {
  const out = await client.mutation(api.workload.suggestions.accept, { organisationId: w.organisationId, runId, lineIds });
  await w.t.finishAllScheduledFunctions(vi.runAllTimers);
  return out;
}

const totalsOf = (w: Workload, lecturerId: Id<"lecturers">) =>
  w.t.run(async (ctx) => ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturerId)).unique());

describe("a planner's suggestion run", { timeout: 60_000 }, () => {
  test("fills the unallocated iteration with engine hours, and accepting every line lands on the proposal's after figures", async () => {
    const w = await setupWorkload();
    await lastYearAda(w);
    const { runId, run, lines } = await runSuggestions(w);
    expect(run.status).toBe("completed");
    expect(run.strategy).toBe("balance");
    expect(run.settings).toMatchObject({ step_percent: 50, time_limit_seconds: 10 });
    expect(run.input_size).toMatchObject({ lecturers: 2, iterations: 1 });
    expect(["optimal", "time_limit"]).toContain(run.result!.status);
    expect(run.line_count).toBe(lines.length);

    // CS201 in 2027/28: 4 groups; contact 20 x 2.5 = 50 h a group, so 200 h for the whole iteration.
    // Every component is covered exactly once by the lines, in halves or wholes.
    const byType = new Map<string, number>();
    for (const line of lines) for (const p of line.parts) byType.set(p.allocation_type_name, (byType.get(p.allocation_type_name) ?? 0) + line.share);
    expect([...byType.values()].every((s) => s === 100)).toBe(true);
    expect(byType.size).toBe(5);
    for (const line of lines) {
      const contact = line.parts.find((p) => p.allocation_type_name === "Contact teaching");
      if (contact) expect(contact.hours).toBe(200 * (line.share / 100));
      const prep = line.parts.find((p) => p.allocation_type_name === "Preparation");
      // Brian (lecturers[1]) delivers CS201 for the first time: preparation doubles; Ada taught it last year.
      if (prep) expect(prep.hours).toBe(200 * (line.share / 100) * (line.lecturer_id === w.staging.brian ? 2 : 1));
      expect(line.first_time).toBe(line.lecturer_id === w.staging.brian);
    }

    const before = await w.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).filter((a) => a.entity_type === "module_allocations").length);
    const accepted = await acceptLines(w, runId, lines.map((l) => l._id));
    expect(accepted.queued).toBe(lines.length);
    const after = await w.planner.query(api.workload.suggestions.getRun, { organisationId: w.organisationId, runId });
    expect(after.lines.every((l) => l.status === "accepted")).toBe(true);
    expect(after.run.accepted_count).toBe(lines.length);
    expect(after.lines.every((l) => l.accepted_at !== undefined && l.allocation_ids!.length === l.parts.length)).toBe(true);

    for (const planned of run.result!.lecturers) {
      const live = (await totalsOf(w, planned.lecturer_id))!;
      expect({
        allocated_hours: live.allocated_hours,
        teaching_hours: live.teaching_hours,
        contract_hours: live.contract_hours,
        max_teaching_hours: live.max_teaching_hours,
        capacity_hours: live.capacity_hours,
        utilisation: live.utilisation,
        band: live.band,
      }).toEqual(planned.after);
    }
    // One audit row per created allocation, made by the planner; totals verify from scratch.
    const audits = await w.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).filter((a) => a.entity_type === "module_allocations"));
    const partCount = lines.reduce((s, l) => s + l.parts.length, 0);
    expect(audits.length - before).toBe(partCount);
    const planner = await w.t.run(async (ctx) => (await ctx.db.query("users").collect()).find((u) => u.email === "planner@tu.example")!);
    expect(audits.slice(-partCount).every((a) => a.user_id === planner._id && a.action === "create")).toBe(true);
    const verify = await w.planner.query(api.workload.verify.verifyTotals, { organisationId: w.organisationId, academicYearId: w.stagingYearId });
    expect(verify.total_drift).toBe(0);
    expect(verify.stale_allocations).toBe(0);
    const gaps = await w.planner.query(api.workload.dashboard.coverageGaps, { organisationId: w.organisationId, academicYearId: w.stagingYearId });
    expect(gaps).toEqual([]);
  });

  test("accepting some lines creates only those; a gap covered meanwhile is skipped with the reason", async () => {
    const w = await setupWorkload();
    const { runId, lines } = await runSuggestions(w, w.planner, { stepPercent: 100 });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const [first, second, ...rest] = lines;
    await acceptLines(w, runId, [first._id]);
    let state = await w.planner.query(api.workload.suggestions.getRun, { organisationId: w.organisationId, runId });
    expect(state.lines.filter((l) => l.status === "accepted").map((l) => l._id)).toEqual([first._id]);
    expect(state.lines.filter((l) => l.status === "proposed")).toHaveLength(lines.length - 1);

    // Someone gives the second line's first component to Ada by hand.
    await w.admin.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: second.module_iteration_id,
      lecturerId: w.staging.ada,
      allocationTypeId: second.parts[0].allocation_type_id,
      share: 100,
    });
    await acceptLines(w, runId, [second._id, ...rest.map((l) => l._id)]);
    state = await w.planner.query(api.workload.suggestions.getRun, { organisationId: w.organisationId, runId });
    const skipped = state.lines.find((l) => l._id === second._id)!;
    expect(skipped.status).toBe("skipped");
    expect(skipped.outcome).toMatch(/is 100% covered since the suggestion was made; 100% more would exceed 100%\./);
    expect(state.run.skipped_count).toBe(1);
    expect(state.run.accepted_count).toBe(lines.length - 1);
    // A line accepted once cannot be accepted again.
    await expectAppError(w.planner.mutation(api.workload.suggestions.accept, { organisationId: w.organisationId, runId, lineIds: [first._id] }), "CONFLICT");
  });
});

describe("one allocation per cell", { timeout: 60_000 }, () => {
  test("a line landing on a cell its lecturer already holds is skipped with the reason; the cell keeps one allocation", async () => {
    const w = await setupWorkload();
    const { runId, lines } = await runSuggestions(w, w.planner, { stepPercent: 50 });
    const line = lines.find((l) => l.share === 50)!;
    expect(line).toBeDefined();
    const part = line.parts[0];
    // Meanwhile someone gives the same lecturer 10% of that component by hand: coverage would
    // still take the line's 50%, but the cell (iteration, lecturer, type) is taken.
    const byHand = await w.admin.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: line.module_iteration_id,
      lecturerId: line.lecturer_id,
      allocationTypeId: part.allocation_type_id,
      groupId: line.group_id,
      share: 10,
    });
    await acceptLines(w, runId, [line._id]);
    const state = await w.planner.query(api.workload.suggestions.getRun, { organisationId: w.organisationId, runId });
    const skipped = state.lines.find((l) => l._id === line._id)!;
    expect(skipped.status).toBe("skipped");
    // The accept job's own check words it; createAllocation's CONFLICT stands behind it for a race within the batch.
    expect(skipped.outcome).toBe(`${line.lecturer_name} has been given ${part.allocation_type_name} on ${line.iteration_code} since the suggestion was made.`);
    expect(state.run.skipped_count).toBe(1);
    const inCell = await w.t.run(async (ctx) =>
      (
        await ctx.db
          .query("module_allocations")
          .withIndex("by_module_iteration_id_and_lecturer_id", (q) => q.eq("module_iteration_id", line.module_iteration_id).eq("lecturer_id", line.lecturer_id))
          .collect()
      ).filter((a) => a.allocation_type_id === part.allocation_type_id && a.deleted_at === undefined),
    );
    expect(inCell.map((a) => [a._id, a.share])).toEqual([[byHand.id, 10]]);
  });
});

describe("who may run and accept", { timeout: 60_000 }, () => {
  test("a viewer and a lecturer may not run suggestions; another planner may not accept my run", async () => {
    const w = await setupWorkload();
    const args = { organisationId: w.organisationId, academicYearId: w.stagingYearId, strategy: "balance" as const, stepPercent: 50, timeLimitSeconds: 5 };
    await expectAppError(w.viewer.mutation(api.workload.suggestions.start, args), "FORBIDDEN");
    await expectAppError(w.brianUser.mutation(api.workload.suggestions.start, args), "FORBIDDEN");
    await expectAppError(w.planner.mutation(api.workload.suggestions.start, { ...args, stepPercent: 30 }), "INVALID_ARGUMENT");
    await expectAppError(w.planner.mutation(api.workload.suggestions.start, { ...args, timeLimitSeconds: 0 }), "INVALID_ARGUMENT");
    const { runId, lines } = await runSuggestions(w);
    await withTriggers(w.t, async (ctx) => {
      const admin = (await ctx.db.query("users").collect()).find((u) => u.email === "planner@tu.example")!;
      const role = (await ctx.db.query("roles").collect()).find((r) => r.name === "Planner")!;
      const userId = await ctx.db.insert("users", {
        organisation_id: admin.organisation_id,
        email: "planner2@tu.example",
        name: "planner2",
        token_identifier: identity("planner2@tu.example").tokenIdentifier,
        status: "active",
        created_at: Date.now(),
        updated_at: Date.now(),
      });
      await ctx.db.insert("user_role_assignments", { organisation_id: admin.organisation_id, user_id: userId, role_id: role._id, created_at: Date.now(), updated_at: Date.now() });
    });
    const other = w.t.withIdentity(identity("planner2@tu.example"));
    await expectAppError(other.mutation(api.workload.suggestions.accept, { organisationId: w.organisationId, runId, lineIds: [lines[0]._id] }), "FORBIDDEN");
    await expectAppError(w.viewer.query(api.workload.suggestions.getRun, { organisationId: w.organisationId, runId }), "FORBIDDEN");
    await expectAppError(w.planner.mutation(api.workload.suggestions.accept, { organisationId: w.organisationId, runId, lineIds: [] }), "INVALID_ARGUMENT");
    // Nothing was written by the refusals.
    const created = await w.t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).length);
    expect(created).toBe(0);
  });

  test("a planner scoped to another department gets nothing to fill", async () => {
    const w = await setupWorkload();
    await withTriggers(w.t, async (ctx) => {
      const org = w.organisationId;
      const now = Date.now();
      const otherDept = await ctx.db.insert("departments", { organisation_id: org, faculty_id: w.facultyId, name: "History", code: "HIST", created_at: now, updated_at: now });
      const role = (await ctx.db.query("roles").collect()).find((r) => r.name === "Head of Department")!;
      const userId = await ctx.db.insert("users", {
        organisation_id: org,
        email: "hod.hist@tu.example",
        name: "hod",
        token_identifier: identity("hod.hist@tu.example").tokenIdentifier,
        status: "active",
        created_at: now,
        updated_at: now,
      });
      await ctx.db.insert("user_role_assignments", { organisation_id: org, user_id: userId, role_id: role._id, scope_department_id: otherDept, created_at: now, updated_at: now });
    });
    const scoped = w.t.withIdentity(identity("hod.hist@tu.example"));
    const { run: r, lines } = await runSuggestions(w, scoped);
    expect(r.status).toBe("completed");
    expect(r.result!.status).toBe("nothing_to_fill");
    expect(r.input_size).toMatchObject({ lecturers: 0, iterations: 0 });
    expect(lines).toEqual([]);
  });
});
