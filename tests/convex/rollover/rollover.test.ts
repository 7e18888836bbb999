/**
 * The rollover (structure/rollover.ts) on a small university with one of
 * each case: who and what carries and with which figures, what resets, a
 * repeated batch and a second run that add nothing, cancel / resume /
 * discard, an existing staging year filled without duplicates, who may roll
 * over, and the automatic rollover on its date. The run at several times
 * this size is in scale.test.ts.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { parseRolloverParams } from "../../../convex/lib/rollover/plan";
import { WorkloadLoader } from "../../../convex/workload/loader";
import { expectAppError, identity, member } from "../harness";
import { countInYear, drain, expectedResult, FAKE_TIMERS, job, resultOf, rolloverArgs } from "./helpers";
import { buildUniversity, NEXT_YEAR, quarterLimitBackend, type University } from "./university";

const SMALL = 0.3;
vi.setConfig({ testTimeout: 240_000 });

beforeEach(() => vi.useFakeTimers(FAKE_TIMERS));
afterEach(() => vi.useRealTimers());

async function small() {
  return await buildUniversity(quarterLimitBackend(), SMALL);
}

async function run(u: University, ...rest: Parameters<typeof rolloverArgs> extends [unknown, ...infer R] ? R : never) {
  const started = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, ...rest));
  await drain(u.t);
  return started;
}

async function lecturerIn(u: University, profileId: Id<"lecturer_profiles">, yearId: Id<"academic_years">) {
  return await u.t.run((ctx) =>
    ctx.db.query("lecturers").withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profileId).eq("academic_year_id", yearId)).first(),
  );
}

describe("what a rollover carries", () => {
  test("every active profile gets an instance, every active module its iteration; leavers, withdrawn and deleted do not", async () => {
    const u = await small();
    const { academicYearId: next, jobId } = await run(u);
    const { job: done, result } = await resultOf(u, jobId);
    expect(done.status).toBe("completed");
    const want = expectedResult(u.expected, u.adminSkippedDeleted);
    expect(result.counts).toEqual(want.counts);
    expect(result.skipped).toEqual(want.skipped);

    // Nina New had no record last year: she is in, from her profile's defaults.
    const nina = await lecturerIn(u, u.specials.new.profileId, next);
    expect(nina).toMatchObject({ fte: 0.4, version: 1, rollover_job_id: jobId });
    expect(nina!.carried_from_id).toBeUndefined();
    // Leavers and the deleted profile are not.
    expect(await lecturerIn(u, u.specials.left.profileId, next)).toBeNull();
    expect(await lecturerIn(u, u.specials.ended.profileId, next)).toBeNull();
    expect(await lecturerIn(u, u.specials.deleted.profileId, next)).toBeNull();
    // Pat leaves during the year: carried, part-year.
    const pat = await lecturerIn(u, u.specials.parttime.profileId, next);
    expect(pat).toMatchObject({ contract_end: "2028-01-31", carried_from_id: u.specials.parttime.id });

    const iterationsOf = (moduleId: Id<"modules">) =>
      u.t.run((ctx) => ctx.db.query("module_iterations").withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", moduleId).eq("academic_year_id", next)).collect());
    // NEW100 had no iteration last year: one from its defaults.
    expect((await iterationsOf(u.specialModules.NEW100)).map((i) => [i.code, i.student_count, i.intakes])).toEqual([["NEW100-A", 0, 1]]);
    expect(await iterationsOf(u.specialModules.WDN100)).toEqual([]);
    expect(await iterationsOf(u.specialModules.DEL100)).toEqual([]);
    expect(await countInYear(u.t, "lecturers", next)).toBe(u.expected.lecturers.created);
    expect(await countInYear(u.t, "module_iterations", next)).toBe(u.expected.iterations.created);
    expect(await countInYear(u.t, "module_iteration_groups", next)).toBe(u.expected.groups);
    expect(await countInYear(u.t, "module_allocations", next)).toBe(u.expected.allocations.created);
    expect(await countInYear(u.t, "admin_allocations", next)).toBe(u.expected.admin.created);

    // The preview warned about what needs attention.
    const codes = (result.warnings ?? []).map((w) => w.code).sort();
    expect(codes).toEqual(["leaver_allocations", "leaver_allocations", "leaves_during_year"]);
    expect(result.warnings!.find((w) => w.message.startsWith("Leah Left"))!.message).toMatch(/^Leah Left has left: \d+ allocations \(.+\) will not carry; those modules need someone new\.$/);
    const years = await u.admin.query(api.structure.academicYears.all, { organisationId: u.organisationId });
    expect(years.map((y) => [y.name, y.status, y.rolled_over_from_id])).toEqual([
      ["2026/27", "active", undefined],
      ["2027/28", "staging", u.sourceYearId],
    ]);
  });

  test("carried allocations keep their share and get the new year's hours; year-specific values reset", async () => {
    const u = await small();
    const { academicYearId: next, jobId } = await run(u);
    const carried = async (id: Id<"module_allocations">) =>
      await u.t.run(async (ctx) => {
        const source = (await ctx.db.get(id))!;
        const copy = (await ctx.db
          .query("module_allocations")
          .withIndex("by_carried_from_id_and_academic_year_id", (q) => q.eq("carried_from_id", id).eq("academic_year_id", next))
          .unique())!;
        const expected = await new WorkloadLoader(ctx.db).compute(copy);
        return { source, copy, engine: expected.computed_hours };
      });

    // A first-time allocation is not first-time next year: preparation is no longer doubled.
    const first = await carried(u.firstTimeAllocation);
    expect(first.source.first_time).toBe(true);
    expect(first.copy).toMatchObject({ first_time: false, share: first.source.share, version: 1, response_status: "pending", rollover_job_id: jobId });
    expect(first.copy.responded_at).toBeUndefined();
    expect(first.copy.computed_hours).toBe(first.engine);
    expect(first.copy.computed_hours).toBe(first.source.computed_hours / 2);
    // The override and its reason carry.
    const override = await carried(u.overrideAllocation);
    expect(override.copy).toMatchObject({ hours_override: 40, override_reason: "Agreed with the head of department" });
    // A group's allocation lands on the carried group of the carried iteration.
    const group = await carried(u.groupAllocation);
    const groups = await u.t.run(async (ctx) => ({
      source: (await ctx.db.get(group.source.group_id!))!,
      copy: (await ctx.db.get(group.copy.group_id!))!,
      iteration: (await ctx.db.get(group.copy.module_iteration_id))!,
    }));
    expect(groups.copy).toMatchObject({ name: groups.source.name, carried_from_id: groups.source._id, academic_year_id: next });
    expect(groups.iteration.carried_from_id).toBe(group.source.module_iteration_id);
    expect(group.copy.computed_hours).toBe(group.source.computed_hours); // same students, same rules
    // Iterations: notes reset, student numbers forward; lecturers: adjustments and notes reset.
    expect(groups.iteration.version).toBe(1);
    expect(groups.iteration.notes).toBeUndefined();
    const sourceLecturers = await u.t.run((ctx) => ctx.db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", u.sourceYearId)).collect());
    const adjusted = sourceLecturers.find((l) => l.contract_hours_adjustment !== undefined)!;
    const noted = sourceLecturers.find((l) => l.notes !== undefined)!;
    const readjusted = (await lecturerIn(u, adjusted.profile_id, next))!;
    expect(readjusted).toMatchObject({ version: 1, fte: adjusted.fte });
    expect([readjusted.contract_hours_adjustment, readjusted.adjustment_reason]).toEqual([undefined, undefined]);
    expect((await lecturerIn(u, noted.profile_id, next))!.notes).toBeUndefined();
    // Assessments lose their due dates.
    const assessments = await u.t.run((ctx) => ctx.db.query("module_iteration_assessments").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", next)).take(5));
    expect(assessments.every((a) => a.due_date === undefined && a.carried_from_id !== undefined)).toBe(true);

    // Recurring admin carries (100 h of programme leadership in the new totals); one-off does not.
    const leaderRow = await u.t.run(async (ctx) => {
      const admin = (await ctx.db.query("admin_allocations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", next)).first())!;
      const totals = (await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", admin.lecturer_id)).first())!;
      return { admin, totals };
    });
    expect(leaderRow.admin).toMatchObject({ hours: 100, recurring: true, version: 1 });
    expect(leaderRow.totals.category_hours.leadership).toBeGreaterThanOrEqual(100);
    // The new year's live totals agree with a recount from scratch.
    const verify = await u.admin.query(api.workload.verify.verifyTotals, { organisationId: u.organisationId, academicYearId: next });
    expect(verify.total_drift).toBe(0);
    expect(verify.lecturers_checked).toBe(u.expected.lecturers.created);
  });

  test("the options choose what carries: no teaching, no admin, no groups, reset student numbers", async () => {
    const u = await small();
    const { academicYearId: next, jobId } = await run(u, {
      carry_teaching_allocations: false,
      carry_recurring_admin: false,
      carry_groups_and_assessments: false,
      student_numbers: "reset",
    });
    const { job: done, result } = await resultOf(u, jobId);
    expect(done.phases.map((p) => p.name)).toEqual(["count", "lecturers", "iterations", "finish"]);
    expect(result.counts.groups).toEqual({ created: 0 });
    expect(await countInYear(u.t, "module_allocations", next)).toBe(0);
    expect(await countInYear(u.t, "admin_allocations", next)).toBe(0);
    expect(await countInYear(u.t, "module_iteration_groups", next)).toBe(0);
    const iterations = await u.t.run((ctx) => ctx.db.query("module_iterations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", next)).collect());
    expect(iterations.length).toBe(u.expected.iterations.created);
    expect(iterations.every((i) => i.student_count === 0)).toBe(true);
    expect(result.resets).toContain("Student numbers are reset to 0 for planners to enter.");
  });
});

describe("idempotent and resumable", () => {
  test("the same batch applied twice, and the whole job run twice, add nothing", async () => {
    const u = await small();
    const { academicYearId: next, jobId } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    const params = (await u.t.run((ctx) => ctx.db.get(jobId)))!.params;
    // The lecturers phase applied by hand, batch after batch, then all of it again (as retried steps would be without their tokens).
    const phase = async () => {
      const tally = { created: 0, existing: 0, batches: 0 };
      let cursor: string | null = null;
      do {
        const r: { cursor: string | null; result?: string } = await u.t.mutation(internal.structure.rollover.batch, { jobId, phase: "lecturers", cursor, params, dryRun: false });
        const counts = JSON.parse(r.result!).counts.lecturers;
        tally.created += counts.created ?? 0;
        tally.existing += counts.existing ?? 0;
        tally.batches += 1;
        cursor = r.cursor;
      } while (cursor !== null);
      return tally;
    };
    const once = await phase();
    const afterOnce = await countInYear(u.t, "lecturers", next);
    expect(once.batches).toBeGreaterThan(1);
    expect(afterOnce).toBe(u.expected.lecturers.created);
    const twice = await phase();
    expect(twice).toMatchObject({ created: 0, existing: u.expected.lecturers.created });
    expect(await countInYear(u.t, "lecturers", next)).toBe(afterOnce);
    await drain(u.t);
    expect((await job(u, jobId)).status).toBe("completed");
    const counts = {
      lecturers: await countInYear(u.t, "lecturers", next),
      iterations: await countInYear(u.t, "module_iterations", next),
      groups: await countInYear(u.t, "module_iteration_groups", next),
      allocations: await countInYear(u.t, "module_allocations", next),
      admin: await countInYear(u.t, "admin_allocations", next),
    };
    expect(counts).toEqual({
      lecturers: u.expected.lecturers.created,
      iterations: u.expected.iterations.created,
      groups: u.expected.groups,
      allocations: u.expected.allocations.created,
      admin: u.expected.admin.created,
    });

    // The whole job again, into the year it filled: everything is already there.
    const again = await run(u, {}, { kind: "existing", academicYearId: next });
    const { result } = await resultOf(u, again.jobId);
    expect(result.counts.lecturers.created ?? 0).toBe(0);
    expect(result.counts.iterations.created ?? 0).toBe(0);
    expect(result.counts.allocations.created ?? 0).toBe(0);
    expect(result.counts.allocations.existing).toBe(u.expected.allocations.created);
    expect(result.counts.admin_allocations.existing).toBe(u.expected.admin.created);
    expect(await countInYear(u.t, "module_allocations", next)).toBe(counts.allocations);
    expect(await countInYear(u.t, "module_iteration_groups", next)).toBe(counts.groups);
  });

  test("a cancelled run stops after its batch and resumes to the exact counts", async () => {
    const u = await small();
    const { academicYearId: next, jobId } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    // Count, then two batches, then cancel.
    for (let token = 0; token < 3; token++) await u.t.mutation(internal.jobs.runner.step, { jobId, token });
    await u.admin.mutation(api.jobs.jobs.cancel, { organisationId: u.organisationId, jobId });
    await drain(u.t);
    const stopped = await job(u, jobId);
    expect(stopped.status).toBe("cancelled");
    const partial = await countInYear(u.t, "lecturers", next);
    expect(partial).toBeGreaterThan(0);
    expect(await countInYear(u.t, "module_allocations", next)).toBe(0);

    await u.admin.mutation(api.jobs.jobs.resume, { organisationId: u.organisationId, jobId });
    await drain(u.t);
    const { job: done, result } = await resultOf(u, jobId);
    expect(done.status).toBe("completed");
    expect(result.counts).toEqual(expectedResult(u.expected, u.adminSkippedDeleted).counts);
    expect(await countInYear(u.t, "module_allocations", next)).toBe(u.expected.allocations.created);
  });

  test("discarding a stopped run into a new year removes the half-built year", async () => {
    const u = await small();
    const { academicYearId: next, jobId } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    for (let token = 0; token < 4; token++) await u.t.mutation(internal.jobs.runner.step, { jobId, token });
    await expectAppError(u.admin.mutation(api.structure.rollover.discard, { organisationId: u.organisationId, jobId }), "INVALID_ARGUMENT");
    await u.admin.mutation(api.jobs.jobs.cancel, { organisationId: u.organisationId, jobId });
    const discardId = await u.admin.mutation(api.structure.rollover.discard, { organisationId: u.organisationId, jobId });
    await drain(u.t);
    expect((await job(u, discardId)).status).toBe("completed");
    for (const table of ["lecturers", "module_iterations", "module_iteration_groups", "lecturer_year_totals", "organisation_settings", "workload_calculation_rules"]) {
      expect(await countInYear(u.t, table, next, true), table).toBe(0);
    }
    const years = await u.admin.query(api.structure.academicYears.all, { organisationId: u.organisationId });
    expect(years.map((y) => y.name)).toEqual(["2026/27"]);
    const overview = (await u.admin.query(api.structure.rollover.overview, { organisationId: u.organisationId }))!;
    expect(overview.discard?.status).toBe("completed");
    // The year's name is free again: a new run starts cleanly.
    const fresh = await run(u);
    expect((await job(u, fresh.jobId)).status).toBe("completed");
  });
});

describe("into an existing staging year", () => {
  test("fills it, keeps what it already holds, and a discard removes only what the run added", async () => {
    const u = await small();
    const staging = await u.admin.mutation(api.structure.academicYears.create, { organisationId: u.organisationId, ...NEXT_YEAR });
    // A planner already put one lecturer and one iteration into the staging year.
    const someone = u.specials.parttime;
    const moduleId = await u.t.run(async (ctx) => (await ctx.db.query("modules").withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", u.organisationId).eq("code", "CS104")).first())!._id);
    const kept = await u.t.run(async (ctx) => {
      const base = { organisation_id: u.organisationId, academic_year_id: staging, created_at: Date.now(), updated_at: Date.now() };
      const lecturerId = await ctx.db.insert("lecturers", { ...base, profile_id: someone.profileId, fte: 0.3, contract_family: "teaching_focused", version: 2 });
      const iterationId = await ctx.db.insert("module_iterations", { ...base, module_id: moduleId, code: "CS104-A", semester: "S1", student_count: 77, intakes: 1, version: 5 });
      return { lecturerId, iterationId };
    });
    const overview = (await u.admin.query(api.structure.rollover.overview, { organisationId: u.organisationId }))!;
    expect(overview.defaultTarget).toEqual({ kind: "existing", academicYearId: staging });

    const { jobId } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, {}, { kind: "existing", academicYearId: staging }));
    for (let token = 0; token < 6; token++) await u.t.mutation(internal.jobs.runner.step, { jobId, token });
    await u.admin.mutation(api.jobs.jobs.cancel, { organisationId: u.organisationId, jobId });
    await u.admin.mutation(api.jobs.jobs.resume, { organisationId: u.organisationId, jobId });
    await drain(u.t);
    const { result } = await resultOf(u, jobId);
    expect(result.target).toMatchObject({ id: staging, existing: true });
    expect(result.counts.lecturers.existing).toBe(1);
    expect(result.counts.iterations.existing).toBe(1);
    expect(await countInYear(u.t, "lecturers", staging)).toBe(u.expected.lecturers.created);
    expect(await countInYear(u.t, "module_iterations", staging)).toBe(u.expected.iterations.created);
    // The planner's rows stay as they were; carried allocations land on them.
    const rows = await u.t.run(async (ctx) => ({
      lecturer: (await ctx.db.get(kept.lecturerId))!,
      iteration: (await ctx.db.get(kept.iterationId))!,
      onIteration: await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", kept.iterationId)).collect(),
    }));
    expect(rows.lecturer).toMatchObject({ fte: 0.3, version: 2 });
    expect(rows.lecturer.rollover_job_id).toBeUndefined();
    expect(rows.iteration).toMatchObject({ student_count: 77, version: 5 });
    expect(rows.onIteration.length).toBeGreaterThan(0);

    // Discarding a run into an existing year takes away exactly its rows (this one completed: refused).
    await expectAppError(u.admin.mutation(api.structure.rollover.discard, { organisationId: u.organisationId, jobId }), "INVALID_ARGUMENT");
    await u.t.run((ctx) => ctx.db.patch(jobId, { status: "failed", error: "test" }));
    await u.admin.mutation(api.structure.rollover.discard, { organisationId: u.organisationId, jobId });
    await drain(u.t);
    expect(await countInYear(u.t, "lecturers", staging)).toBe(1);
    expect(await countInYear(u.t, "module_iterations", staging)).toBe(1);
    expect(await countInYear(u.t, "module_allocations", staging)).toBe(0);
    const years = await u.admin.query(api.structure.academicYears.all, { organisationId: u.organisationId });
    expect(years.map((y) => [y.name, y.status])).toEqual([["2026/27", "active"], ["2027/28", "staging"]]);
  });
});

describe("who may roll over, and into what", () => {
  test("refuses planners, scoped roles, bad dates, a year that is not staging, and a second run at once", async () => {
    const u = await small();
    const { client: planner } = await member(u.t, u.admin, u.organisationId, "planner@uni.example", "Planner");
    await expectAppError(planner.mutation(api.structure.rollover.start, rolloverArgs(u)), "FORBIDDEN");
    await expectAppError(planner.mutation(api.structure.rollover.preview, rolloverArgs(u)), "FORBIDDEN");
    await expectAppError(planner.query(api.structure.rollover.overview, { organisationId: u.organisationId }), "FORBIDDEN");
    // An Admin role scoped to one department: still not organisation-wide.
    await u.t.run(async (ctx) => {
      const now = Date.now();
      const base = { organisation_id: u.organisationId, created_at: now, updated_at: now };
      const role = (await ctx.db.query("roles").withIndex("by_organisation_id_and_name", (q) => q.eq("organisation_id", u.organisationId).eq("name", "Admin")).first())!;
      const userId = await ctx.db.insert("users", { ...base, email: "hod@uni.example", name: "Hod", status: "active", token_identifier: identity("hod@uni.example").tokenIdentifier });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: role._id, scope_department_id: u.departmentIds.CS });
    });
    const hod = u.t.withIdentity(identity("hod@uni.example"));
    const scoped = await expectAppError(hod.mutation(api.structure.rollover.start, rolloverArgs(u)), "FORBIDDEN");
    expect(scoped.message).toContain("organisation-wide");

    const early = await expectAppError(u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, {}, { kind: "new", name: "2027/28", start_date: "2027-01-01", end_date: "2027-12-31" })), "INVALID_ARGUMENT");
    expect(early.message).toBe("The new year must start after 2026/27 ends (2027-08-31).");
    await expectAppError(u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, {}, { kind: "existing", academicYearId: u.sourceYearId })), "INVALID_ARGUMENT");
    await expectAppError(u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, {}, { kind: "new", name: "2026/27", start_date: "2027-09-01", end_date: "2028-08-31" })), "CONFLICT");

    const { academicYearId: next } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
    const again = await expectAppError(u.admin.mutation(api.structure.rollover.start, rolloverArgs(u, {}, { kind: "existing", academicYearId: next })), "CONFLICT");
    expect(again.message).toBe('2027/28 is already being rolled over ("Rollover 2026/27 → 2027/28").');
    // Nothing else was made by the refusals.
    expect((await u.admin.query(api.structure.academicYears.all, { organisationId: u.organisationId })).map((y) => y.name)).toEqual(["2026/27", "2027/28"]);
  });
});

describe("automatic rollover", () => {
  test("on its date the cron rolls the year over with the saved options and tells the admins when it starts and ends", async () => {
    const u = await small();
    const today = new Date().toISOString().slice(0, 10);
    await expectAppError(
      u.admin.mutation(api.structure.rollover.saveOptions, { organisationId: u.organisationId, sourceYearId: u.sourceYearId, options: rolloverArgs(u).options, autoOn: "2020-01-01" }),
      "INVALID_ARGUMENT",
    );
    await u.admin.mutation(api.structure.rollover.saveOptions, {
      organisationId: u.organisationId,
      sourceYearId: u.sourceYearId,
      options: { ...rolloverArgs(u).options, carry_teaching_allocations: false },
      autoOn: today,
    });
    const saved = (await u.admin.query(api.structure.rollover.overview, { organisationId: u.organisationId }))!;
    expect(saved.autoOn).toBe(today);
    expect(saved.options.carry_teaching_allocations).toBe(false);

    expect(await u.t.mutation(internal.structure.rollover.autoStart, {})).toBe(1);
    // The date is used once.
    expect(await u.t.mutation(internal.structure.rollover.autoStart, {})).toBe(0);
    await drain(u.t);
    const overview = (await u.admin.query(api.structure.rollover.overview, { organisationId: u.organisationId }))!;
    expect(overview.autoOn).toBeNull();
    expect(overview.run).toMatchObject({ status: "completed", started_by_name: "automatic rollover", label: "Rollover 2026/27 → 2027/28" });
    const params = parseRolloverParams((await u.t.run((ctx) => ctx.db.get(overview.run!.id)))!.params);
    expect(params).toMatchObject({ automatic: true, options: { carry_teaching_allocations: false } });
    expect(await countInYear(u.t, "module_allocations", params.targetYearId!)).toBe(0);
    expect(await countInYear(u.t, "lecturers", params.targetYearId!)).toBe(u.expected.lecturers.created);
    const bell = await u.admin.query(api.account.notifications.list, { organisationId: u.organisationId });
    expect(bell.items.map((n) => n.title).sort()).toEqual([
      "Automatic rollover finished: 2027/28 is ready",
      "Automatic rollover started: 2026/27 → 2027/28",
    ]);
  });
});
