/**
 * Allocation suggestions: a planner asks for a proposal that fills the
 * year's gaps (components not covered to 100%) within what they may edit;
 * a Node action (suggestionsSolver.ts) solves it with HiGHS on the pure
 * model of convex/lib/suggestions; the planner reviews the diff and accepts
 * all, some or none of its lines. Accepted lines become ordinary
 * allocations through `createAllocation`, the allocation editor's own path
 * (audit rows, live totals, notices, warnings), in batches on the one job
 * mechanism. Every run is kept: strategy, settings, input size, result and
 * which lines were accepted, by whom and when.
 *
 * Scope: the iterations of modules whose department the planner may edit
 * allocations in, and the lecturers whose records they may read and edit
 * allocations for, re-resolved when the solver loads the year (it reads as
 * the run's starter through the scoped database) and again for every
 * accepted line (the accept job acts as them). A line sits in its module's
 * department (lib/scope.ts): a planner sees and accepts only the lines of
 * departments they may change allocations in. A run is its starter's
 * bookkeeping: seen by them, or by a planner without a department or team scope.
 */
import { doc } from "convex-helpers/validators";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError, isAppError } from "../lib/errors";
import { actorQuery, internalMutation, jobMutation, orgMutation, orgQuery, unscopedDb, type OrgQueryCtx } from "../lib/functions";
import { startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import {
  ACCEPT_BATCH_LINES,
  MAX_SUGGESTION_LINES,
  MAX_SUGGESTION_TIME_LIMIT_S,
  SUGGESTION_RUN_GRACE_MS,
  SUGGESTION_STEPS,
  type SuggestionInput,
  type SuggestionIteration,
  type SuggestionLecturer,
} from "../lib/suggestions";
import { cleanHours, iterationCoverage, type CalculationRule } from "../lib/workload";
import schema from "../schema";
import { vActor } from "../schema/validators";
import { vSuggestionInputSize, vSuggestionLinePart, vSuggestionResult, vSuggestionStrategy } from "../schema/suggestionValidators";
import { createAllocation } from "./allocations";
import { totalsRowOf } from "./liveTotals";
import { WorkloadLoader } from "./loader";

export const ACCEPT_JOB_KIND = "allocation_suggestions_accept";

const vRunView = v.object({
  ...doc(schema, "allocation_suggestion_runs").fields,
  /** Still "running" long after its time limit: its action died. */
  lost: v.boolean(),
  started_by_name: v.string(),
});
const vLineView = doc(schema, "allocation_suggestion_lines");

// --- public -------------------------------------------------------------------

/** Starts a run: records it and schedules the solver; the UI follows the run row. */
export const start = orgMutation({
  permission: "allocations.edit",
  args: {
    academicYearId: v.id("academic_years"),
    strategy: vSuggestionStrategy,
    stepPercent: v.number(),
    timeLimitSeconds: v.number(),
    departmentId: v.optional(v.id("departments")),
    iterationIds: v.optional(v.array(v.id("module_iterations"))),
  },
  returns: v.id("allocation_suggestion_runs"),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    if (!(SUGGESTION_STEPS as readonly number[]).includes(args.stepPercent)) {
      throw appError("INVALID_ARGUMENT", `Shares are suggested in steps of ${SUGGESTION_STEPS.join(", ")}% (got ${args.stepPercent}).`);
    }
    if (!Number.isFinite(args.timeLimitSeconds) || args.timeLimitSeconds < 1 || args.timeLimitSeconds > MAX_SUGGESTION_TIME_LIMIT_S) {
      throw appError("INVALID_ARGUMENT", `The time limit is 1 to ${MAX_SUGGESTION_TIME_LIMIT_S} seconds (got ${args.timeLimitSeconds}).`);
    }
    if (args.departmentId) {
      await getOrThrow(ctx.db, args.departmentId, "department");
      ctx.access.require("allocations.edit", { department_id: args.departmentId });
    }
    if (args.iterationIds) {
      if (args.iterationIds.length === 0 || args.iterationIds.length > 1000) {
        throw appError("INVALID_ARGUMENT", "Name between 1 and 1,000 iterations, or none for the whole year.");
      }
      for (const id of args.iterationIds) {
        const iteration = await getOrThrow(ctx.db, id, "module iteration");
        if (iteration.academic_year_id !== args.academicYearId) {
          throw appError("INVALID_ARGUMENT", `${iteration.code} belongs to another academic year.`);
        }
      }
    }
    const mine = await ctx.db
      .query("allocation_suggestion_runs")
      .withIndex("by_started_by", (q) => q.eq("started_by", ctx.viewer._id))
      .order("desc")
      .take(5);
    const busy = mine.find((r) => r.academic_year_id === args.academicYearId && (r.status === "queued" || r.status === "running") && !isLost(r, ctx.now));
    if (busy) throw appError("CONFLICT", "Your previous suggestion run for this year is still working; wait for it to finish.", { runId: busy._id });

    const runId = await ctx.db.insert("allocation_suggestion_runs", {
      organisation_id: ctx.organisationId,
      academic_year_id: args.academicYearId,
      started_by: ctx.viewer._id,
      strategy: args.strategy,
      settings: {
        step_percent: args.stepPercent,
        time_limit_seconds: args.timeLimitSeconds,
        department_id: args.departmentId,
        iteration_ids: args.iterationIds,
      },
      status: "queued",
      line_count: 0,
      accepted_count: 0,
      skipped_count: 0,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await ctx.scheduler.runAfter(0, internal.workload.suggestionsSolver.solve, { runId });
    return runId;
  },
});

/** The year's runs, newest first: one's own, or everyone's for an organisation-wide planner. */
export const listRuns = orgQuery({
  permission: "allocations.edit",
  args: { academicYearId: v.id("academic_years") },
  returns: v.array(vRunView),
  handler: async (ctx, { academicYearId }) => {
    const runs = await ctx.db
      .query("allocation_suggestion_runs")
      .withIndex("by_academic_year_id_and_created_at", (q) => q.eq("academic_year_id", academicYearId))
      .order("desc")
      .take(50);
    const out = [];
    for (const run of runs) if (maySee(ctx, run)) out.push(await runView(ctx, run));
    return out.slice(0, 20);
  },
});

/** One run with its lines, live (the accept job flips lines as it goes). */
export const getRun = orgQuery({
  permission: "allocations.edit",
  args: { runId: v.id("allocation_suggestion_runs") },
  returns: v.object({ run: vRunView, lines: v.array(vLineView) }),
  handler: async (ctx, { runId }) => {
    const run = await getOrThrow(ctx.db, runId, "suggestion run");
    if (!maySee(ctx, run)) throw appError("FORBIDDEN", "This suggestion run was made by someone else.");
    const lines = await ctx.db
      .query("allocation_suggestion_lines")
      .withIndex("by_run_id_and_position", (q) => q.eq("run_id", runId))
      .collect();
    return { run: await runView(ctx, run), lines };
  },
});

/** Accepts the ticked lines: they are queued and a job creates their allocations in batches. */
export const accept = orgMutation({
  permission: "allocations.edit",
  args: { runId: v.id("allocation_suggestion_runs"), lineIds: v.array(v.id("allocation_suggestion_lines")) },
  returns: v.object({ jobId: v.id("jobs"), queued: v.number() }),
  handler: async (ctx, { runId, lineIds }) => {
    const run = await getOrThrow(ctx.db, runId, "suggestion run");
    if (run.started_by !== ctx.viewer._id) throw appError("FORBIDDEN", "Only the planner who ran these suggestions can accept them.");
    if (run.status !== "completed") throw appError("INVALID_ARGUMENT", "This run has no proposal to accept yet.");
    if (lineIds.length === 0) throw appError("INVALID_ARGUMENT", "Tick at least one line to accept.");
    if (lineIds.length > MAX_SUGGESTION_LINES) throw appError("INVALID_ARGUMENT", `Accept at most ${MAX_SUGGESTION_LINES} lines at once.`);
    const unique = [...new Set(lineIds)];
    for (const id of unique) {
      const line = await getOrThrow(ctx.db, id, "suggestion line");
      if (line.run_id !== runId) throw appError("INVALID_ARGUMENT", "A ticked line belongs to another run.");
      if (line.status !== "proposed") {
        throw appError("CONFLICT", `${line.iteration_code} for ${line.lecturer_name} is already ${line.status}.`, { lineId: id });
      }
    }
    for (const id of unique) await ctx.db.patch(id, { status: "queued", updated_at: ctx.now });
    const jobId = await startJob(ctx, {
      organisationId: ctx.organisationId,
      academicYearId: run.academic_year_id,
      kind: ACCEPT_JOB_KIND,
      label: `Accept ${unique.length} suggested allocation${unique.length === 1 ? "" : "s"}`,
      batch: internal.workload.suggestions.acceptBatch,
      phases: [{ name: "accept", label: "Creating allocations", total: unique.length }],
      params: { runId },
      actor: { kind: "user", userId: ctx.viewer._id },
      permission: "allocations.edit",
      concurrencyKey: `suggestions-accept:${runId}`,
    });
    await ctx.db.patch(runId, { accept_job_id: jobId, updated_at: ctx.now });
    return { jobId, queued: unique.length };
  },
});

// --- the accept job -------------------------------------------------------------

/**
 * One batch of queued lines, in proposal order (the order the proposal's
 * "after" figures assume). A line whose gap was covered meanwhile, or that
 * the planner may no longer create, is skipped with the reason.
 */
export const acceptBatch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { params }) => {
    const { runId } = JSON.parse(params) as { runId: Id<"allocation_suggestion_runs"> };
    const run = await ctx.db.get(runId);
    if (!run || !ctx.viewer) return { done: 0, cursor: null };
    const viewer = ctx.viewer;
    // The run's queued lines, whatever the planner may still see: one out of reach now (its module moved
    // department, their grant was narrowed) is not left queued but skipped with the reason.
    const book = unscopedDb(ctx);
    const lines = await book
      .query("allocation_suggestion_lines")
      .withIndex("by_run_id_and_status_and_position", (q) => q.eq("run_id", runId).eq("status", "queued"))
      .take(ACCEPT_BATCH_LINES);
    const loader = new WorkloadLoader(ctx.db);
    const writer = { ...ctx, viewer };
    let accepted = 0;
    let skipped = 0;
    for (const line of lines) {
      const outOfReach = ctx.access.has("allocations.edit", { department_id: line.department_id })
        ? null
        : `${line.department_id ? await ctx.directory.placeName({ department_id: line.department_id }) : "This module's department"} is outside your scope now: you cannot create allocations there.`;
      const refusal = outOfReach ?? (await coverageRefusal(ctx.db, loader, line));
      if (refusal) {
        await book.patch(line._id, { status: "skipped", outcome: refusal, updated_at: ctx.now });
        skipped++;
        continue;
      }
      const ids: Id<"module_allocations">[] = [];
      const warnings: string[] = [];
      let failure: string | null = null;
      for (const part of line.parts) {
        try {
          const result = await createAllocation(
            writer,
            {
              iterationId: line.module_iteration_id,
              lecturerId: line.lecturer_id,
              allocationTypeId: part.allocation_type_id,
              groupId: line.group_id,
              share: line.share,
              firstTime: line.first_time,
            },
            loader,
          );
          ids.push(result.id);
          for (const w of result.warnings) if (!warnings.includes(w.message)) warnings.push(w.message);
        } catch (e) {
          if (!isAppError(e)) throw e;
          failure = `${part.allocation_type_name}: ${e.data.message}`;
          break;
        }
      }
      if (ids.length === 0) {
        await book.patch(line._id, { status: "skipped", outcome: failure ?? "Nothing was created.", updated_at: ctx.now });
        skipped++;
        continue;
      }
      await book.patch(line._id, {
        status: "accepted",
        allocation_ids: ids,
        outcome: failure ? `Partly created; ${failure}` : undefined,
        warnings,
        accepted_by: viewer._id,
        accepted_at: ctx.now,
        updated_at: ctx.now,
      });
      accepted++;
    }
    await ctx.db.patch(runId, {
      accepted_count: run.accepted_count + accepted,
      skipped_count: run.skipped_count + skipped,
      updated_at: ctx.now,
    });
    const more = lines.length === ACCEPT_BATCH_LINES;
    return { done: lines.length, cursor: more ? "more" : null, result: JSON.stringify({ accepted, skipped }) };
  },
});

/** Why a line's gap cannot take its share any more (someone covered it since the run), or null. */
async function coverageRefusal(db: OrgQueryCtx["db"], loader: WorkloadLoader, line: Doc<"allocation_suggestion_lines">): Promise<string | null> {
  const iteration = await db.get(line.module_iteration_id);
  if (!iteration) return "The iteration was deleted since the suggestion was made.";
  const bundle = await loader.iteration(line.module_iteration_id);
  const rows = await db
    .query("module_allocations")
    .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", line.module_iteration_id))
    .collect();
  for (const part of line.parts) {
    const type = await loader.allocationType(part.allocation_type_id);
    const same = rows.filter((r) => r.allocation_type_id === part.allocation_type_id);
    const coverage = iterationCoverage(
      bundle.groups.map((g) => ({ id: g._id })),
      same.map((r) => ({ allocation_type_code: type.code, basis: type.basis, group_id: r.group_id, share: r.share })),
    );
    const covered = line.group_id
      ? (coverage.components.find((c) => c.group_id === line.group_id)?.covered_percent ?? 0)
      : Math.max(0, ...coverage.components.map((c) => c.covered_percent));
    if (cleanHours(covered + line.share) > 100) {
      return `${type.name} on ${line.iteration_code}${line.group_name ? ` ${line.group_name}` : ""} is ${covered}% covered since the suggestion was made; ${line.share}% more would exceed 100%.`;
    }
    if (same.some((r) => r.lecturer_id === line.lecturer_id)) {
      return `${line.lecturer_name} has been given ${type.name} on ${line.iteration_code} since the suggestion was made.`;
    }
  }
  return null;
}

// --- the solver's side (suggestionsSolver.ts) ----------------------------------

/** Marks a queued run running and returns what the solver needs of it; null when it is not queued. */
export const claimRun = internalMutation({
  args: { runId: v.id("allocation_suggestion_runs") },
  returns: v.union(
    v.null(),
    v.object({ strategy: vSuggestionStrategy, step_percent: v.number(), time_limit_seconds: v.number(), actor: vActor }),
  ),
  handler: async (ctx, { runId }) => {
    const run = await ctx.db.get(runId);
    if (!run || run.status !== "queued") return null;
    const now = Date.now();
    await ctx.db.patch(runId, { status: "running", started_at: now, updated_at: now });
    return {
      strategy: run.strategy,
      step_percent: run.settings.step_percent,
      time_limit_seconds: run.settings.time_limit_seconds,
      // The solver reads the year as the person who started the run.
      actor: { kind: "user" as const, organisationId: run.organisation_id, userId: run.started_by },
    };
  },
});

/**
 * The year as the solver sees it, read as the run's starter (their access
 * re-resolved now; a person who lost `allocations.edit` stops the run with
 * FORBIDDEN) through the scoped database: iterations of modules whose
 * department they may edit allocations in (and the run's department or
 * iterations), lecturers whose records they may read and allocate, each
 * lecturer's live totals, specialisations, availability and tags, and each
 * module's history (who taught it before, who held what last year).
 */
export const loadInput = actorQuery({
  permission: "allocations.edit",
  args: { runId: v.id("allocation_suggestion_runs") },
  handler: async (ctx, { runId }): Promise<SuggestionInput> => {
    const run = await ctx.db.get(runId);
    if (!run) throw appError("NOT_FOUND", "This suggestion run no longer exists.");
    const access = ctx.access;
    const year = await ctx.db.get(run.academic_year_id);
    if (!year || year.organisation_id !== run.organisation_id) throw appError("NOT_FOUND", "This academic year no longer exists.");
    const loader = new WorkloadLoader(ctx.db);
    const settings = await loader.settings(year._id);
    const rules = await loader.rules(year._id);
    const live = <T extends { deleted_at?: number }>(rows: T[]) => rows.filter((r) => r.deleted_at === undefined);

    const types = live(
      await ctx.db.query("allocation_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", run.organisation_id)).collect(),
    ).map((t) => ({ id: t._id as string, code: t.code, name: t.name, work_category: t.work_category, basis: t.basis, sort_order: t.sort_order }));

    const tagsOf = async (entityType: string, entityId: string) =>
      live(
        await ctx.db
          .query("taggables")
          .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", entityId))
          .collect(),
      ).map((t) => t.tag_id as string);

    // Lecturers the planner may allocate (the reader leaves out those whose records they may not see).
    const lecturers: SuggestionLecturer[] = [];
    const yearLecturers = live(await ctx.db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", year._id)).collect());
    for (const lecturer of yearLecturers) {
      if (!access.has("allocations.edit", lecturer)) continue;
      if (run.settings.department_id && lecturer.department_id !== run.settings.department_id) continue;
      const [profile, totals, team] = await Promise.all([
        ctx.db.get(lecturer.profile_id),
        totalsRowOf(ctx.db, lecturer._id),
        lecturer.team_id ? ctx.db.get(lecturer.team_id) : null,
      ]);
      if (!profile || !totals) continue;
      const specialisations = live(
        await ctx.db.query("lecturer_specialisations").withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", profile._id)).collect(),
      );
      const availability = live(
        await ctx.db.query("lecturer_availability").withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", profile._id)).collect(),
      );
      lecturers.push({
        id: lecturer._id,
        profile_id: profile._id,
        name: profile.full_name,
        team_id: lecturer.team_id ?? null,
        team_name: team?.name ?? null,
        sums: { category_hours: totals.category_hours, semester_hours: totals.semester_hours, allocation_count: totals.allocation_count },
        contract_hours: totals.contract_hours,
        max_teaching_hours: totals.max_teaching_hours,
        specialisations: specialisations.map((s) => ({ subject: s.subject, level: s.level })),
        tag_ids: await tagsOf("lecturer_profiles", profile._id),
        availability: availability.map((a) => ({
          academic_year_id: a.academic_year_id,
          semester: a.semester,
          weekday: a.weekday,
          start_time: a.start_time,
          end_time: a.end_time,
          available: a.available,
          reason: a.reason,
        })),
      });
    }
    lecturers.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

    // Earlier years, for first deliveries and continuity.
    const years = await ctx.db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", run.organisation_id)).collect();
    const earlier = live(years).filter((y) => y.start_date < year.start_date);
    const earlierIds = new Set(earlier.map((y) => y._id as string));
    const lastYear = earlier.sort((a, b) => b.start_date.localeCompare(a.start_date))[0] ?? null;
    const profileOf = new Map<string, string | null>();
    // Who taught a module before may be of another department: who they are is directory information.
    const profileOfLecturer = async (id: Id<"lecturers">) => {
      if (!profileOf.has(id)) profileOf.set(id, (await ctx.directory.lecturer(id))?.profile_id ?? null);
      return profileOf.get(id)!;
    };
    const typeCode = new Map(types.map((t) => [t.id, t.code]));

    const iterations: SuggestionIteration[] = [];
    const wanted = run.settings.iteration_ids ? new Set<string>(run.settings.iteration_ids) : null;
    const yearIterations = live(
      await ctx.db.query("module_iterations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", year._id)).collect(),
    );
    for (const iteration of yearIterations) {
      if (wanted && !wanted.has(iteration._id)) continue;
      const bundle = await loader.iteration(iteration._id);
      const module = bundle.module;
      if (module.deleted_at !== undefined) continue;
      if (!access.has("allocations.edit", { department_id: module.department_id })) continue;
      if (run.settings.department_id && module.department_id !== run.settings.department_id) continue;
      const allocations = live(
        await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect(),
      );
      const history: { profile_id: string; allocation_type_code: string; last: boolean }[] = [];
      const moduleIterations = await ctx.db.query("module_iterations").withIndex("by_module_id", (q) => q.eq("module_id", module._id)).collect();
      for (const past of live(moduleIterations)) {
        if (!earlierIds.has(past.academic_year_id)) continue;
        const rows = live(
          await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", past._id)).collect(),
        );
        for (const row of rows) {
          const profileId = await profileOfLecturer(row.lecturer_id);
          if (profileId) {
            history.push({ profile_id: profileId, allocation_type_code: typeCode.get(row.allocation_type_id) ?? "", last: past.academic_year_id === lastYear?._id });
          }
        }
      }
      iterations.push({
        id: iteration._id,
        code: iteration.code,
        module_id: module._id,
        module_title: module.title,
        subject_area: module.subject_area ?? null,
        tag_ids: [...new Set([...(await tagsOf("modules", module._id)), ...(await tagsOf("module_iterations", iteration._id))])],
        facts: bundle.facts,
        groups: bundle.groups.map((g) => ({ id: g._id, name: g.name, weekday: g.weekday, start_time: g.start_time, end_time: g.end_time })),
        allocations: allocations.map((a) => ({ allocation_type_id: a.allocation_type_id, lecturer_id: a.lecturer_id, group_id: a.group_id ?? null, share: a.share })),
        last_year: history.filter((h) => h.last).map(({ profile_id, allocation_type_code }) => ({ profile_id, allocation_type_code })),
        taught_before: [...new Set(history.map((h) => h.profile_id))],
      });
    }
    const { source: _source, row: _row, ...workloadSettings } = settings;
    return {
      academic_year_id: year._id,
      settings: workloadSettings,
      rules: rules as unknown as CalculationRule[],
      types,
      lecturers,
      iterations,
    };
  },
});

/** Writes the solver's answer: the result on the run, one row per line. */
export const recordResult = internalMutation({
  args: {
    runId: v.id("allocation_suggestion_runs"),
    inputSize: vSuggestionInputSize,
    result: vSuggestionResult,
    lines: v.array(
      v.object({
        position: v.number(),
        module_iteration_id: v.id("module_iterations"),
        iteration_code: v.string(),
        module_title: v.string(),
        group_id: v.union(v.id("module_iteration_groups"), v.null()),
        group_name: v.union(v.string(), v.null()),
        lecturer_id: v.id("lecturers"),
        lecturer_name: v.string(),
        share: v.number(),
        first_time: v.boolean(),
        parts: v.array(vSuggestionLinePart),
        hours: v.number(),
        teaching_hours: v.number(),
        expertise: v.number(),
        continuity: v.number(),
      }),
    ),
  },
  returns: v.null(),
  handler: async (ctx, { runId, inputSize, result, lines }) => {
    const run = await ctx.db.get(runId);
    if (!run || run.status !== "running") return null;
    const now = Date.now();
    for (const line of lines.slice(0, MAX_SUGGESTION_LINES)) {
      await ctx.db.insert("allocation_suggestion_lines", {
        organisation_id: run.organisation_id,
        academic_year_id: run.academic_year_id,
        run_id: runId,
        ...line,
        group_id: line.group_id ?? undefined,
        group_name: line.group_name ?? undefined,
        status: "proposed",
        created_at: now,
        updated_at: now,
      });
    }
    await ctx.db.patch(runId, {
      status: "completed",
      input_size: inputSize,
      result,
      line_count: Math.min(lines.length, MAX_SUGGESTION_LINES),
      finished_at: now,
      updated_at: now,
    });
    return null;
  },
});

export const recordFailure = internalMutation({
  args: { runId: v.id("allocation_suggestion_runs"), error: v.string() },
  returns: v.null(),
  handler: async (ctx, { runId, error }) => {
    const run = await ctx.db.get(runId);
    if (!run || run.status === "completed") return null;
    const now = Date.now();
    await ctx.db.patch(runId, { status: "failed", error, finished_at: now, updated_at: now });
    return null;
  },
});

// --- shared -------------------------------------------------------------------

function isLost(run: Doc<"allocation_suggestion_runs">, now: number): boolean {
  if (run.status !== "running" && run.status !== "queued") return false;
  const since = run.started_at ?? run.created_at;
  return now - since > run.settings.time_limit_seconds * 1000 + SUGGESTION_RUN_GRACE_MS;
}

/** One's own runs; everyone's for a planner without a department or team scope. */
function maySee(ctx: OrgQueryCtx, run: Doc<"allocation_suggestion_runs">): boolean {
  return run.started_by === ctx.viewer._id || ctx.access.scope("allocations.edit") === null;
}

async function runView(ctx: OrgQueryCtx, run: Doc<"allocation_suggestion_runs">) {
  return { ...run, lost: isLost(run, ctx.now), started_by_name: (await ctx.directory.userName(run.started_by)) ?? "" };
}
