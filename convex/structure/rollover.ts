/**
 * Rolling an academic year over into the next, as the reference's "Academic
 * Year Creation" describes it: the new year gets its own settings and rules,
 * every active lecturer profile an instance, every active module its
 * iterations, and (as the admin chooses) last year's teaching and recurring
 * admin allocations, marked as carried; year-specific values reset.
 *
 * It runs on the one job mechanism (lib/jobs.ts): `preview` is a dry run of
 * the same batched job (its answer in the job's result), `start` the run;
 * progress, cancel and resume are the jobs module's (jobs/jobs.ts), and a
 * stopped run can be discarded. The batches are in rolloverCopy.ts. An
 * organisation can have the cron start the rollover on a date of its
 * choosing (`saveOptions`, `autoStart`); admins are told when it starts and
 * ends.
 *
 * The target is the next staging year when the organisation has made one
 * already (it is populated, rows already there kept), or a new year.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { notifyUser } from "../account/notifications";
import { loadAccess } from "../lib/access";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { internalMutation, jobMutation, orgMutation, orgQuery, unscopedDb, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { activeJobWithKey, finishJob, isActive, startJob, vJobBatchResult, vJobBatchStepArgs, type JobActor } from "../lib/jobs";
import type { Permission } from "../lib/permissions";
import { createAcademicYear } from "../organisations/bootstrap";
import { vRolloverOptions, type RolloverOptions } from "../schema/validators";
import { jobView, vJobView } from "../jobs/jobs";
import { rolloverBatch } from "./rolloverCopy";
import {
  DEFAULT_ROLLOVER_OPTIONS,
  DISCARD_JOB_KIND,
  followingYear,
  isIsoDate,
  parseRolloverParams,
  previewKey,
  ROLLOVER_JOB_KIND,
  rolloverKey,
  rolloverPhases,
  rolloverResets,
  type RolloverParams,
} from "../lib/rollover/plan";
import { startYearCleanup } from "./yearCleanup";

/** Into an existing staging year, or a new one with these name and dates. */
export const vRolloverTarget = v.union(
  v.object({ kind: v.literal("existing"), academicYearId: v.id("academic_years") }),
  v.object({ kind: v.literal("new"), name: v.string(), start_date: v.string(), end_date: v.string() }),
);
type RolloverTarget = typeof vRolloverTarget.type;

type Ctx = Pick<OrgMutationCtx, "db" | "organisationId"> & { now: number };
type ReadCtx = Pick<OrgQueryCtx, "db" | "organisationId">;

/** Organisation-level work needs an organisation-wide grant (decisions.md, "Scope"). */
function requireOrganisationWide(ctx: { access: OrgQueryCtx["access"] }, permission: Permission, what: string) {
  ctx.access.require(permission);
  if (ctx.access.scope(permission) !== null) {
    throw appError("FORBIDDEN", `${what} changes the whole organisation, so it needs an organisation-wide role, not one scoped to a department or team.`, {
      permission,
    });
  }
}

async function yearsOf(ctx: ReadCtx) {
  return await ctx.db
    .query("academic_years")
    .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
    .collect();
}

/** The staging year after `source` a planner would roll into, else the year that follows it. */
async function defaultTarget(ctx: ReadCtx, source: Doc<"academic_years">): Promise<RolloverTarget> {
  const next = (await yearsOf(ctx))
    .filter((y) => y.status === "staging" && y._id !== source._id && y.start_date >= source.end_date)
    .sort((a, b) => a.start_date.localeCompare(b.start_date))[0];
  if (next) return { kind: "existing", academicYearId: next._id };
  return { kind: "new", ...followingYear(source) };
}

/** Checks a rollover's source and target; returns what the job's parameters need. */
async function checkRollover(ctx: Ctx, sourceYearId: Id<"academic_years">, target: RolloverTarget) {
  const source = await getOrThrow(ctx.db, sourceYearId, "academic year");
  if (target.kind === "existing") {
    const year = await getOrThrow(ctx.db, target.academicYearId, "academic year");
    if (year._id === source._id) throw appError("INVALID_ARGUMENT", "A year cannot be rolled over into itself.");
    if (year.status !== "staging") {
      throw appError("INVALID_ARGUMENT", `${year.name} is ${year.status}; a rollover fills a staging year (one being planned).`);
    }
    if (year.start_date < source.end_date) {
      throw appError("INVALID_ARGUMENT", `${year.name} starts before ${source.name} ends (${source.end_date}); roll over into a later year.`);
    }
    return { source, year, name: year.name, start: year.start_date, end: year.end_date };
  }
  const name = target.name.trim();
  if (!name) throw appError("INVALID_ARGUMENT", "Name the new year, e.g. 2028/29.");
  if (!isIsoDate(target.start_date) || !isIsoDate(target.end_date) || target.start_date >= target.end_date) {
    throw appError("INVALID_ARGUMENT", "Give start and end dates as YYYY-MM-DD, the end after the start.");
  }
  if (target.start_date < source.end_date) {
    throw appError("INVALID_ARGUMENT", `The new year must start after ${source.name} ends (${source.end_date}).`);
  }
  if ((await yearsOf(ctx)).some((y) => y.name === name)) {
    throw appError("CONFLICT", `An academic year named ${name} already exists; roll over into it instead.`);
  }
  return { source, year: null, name, start: target.start_date, end: target.end_date };
}

function initialResult(p: RolloverParams, sourceName: string, existing: boolean) {
  return {
    source: { id: p.sourceYearId, name: sourceName },
    target: { id: p.targetYearId ?? null, name: p.targetName, start_date: p.targetStart, end_date: p.targetEnd, existing },
    options: p.options,
    resets: rolloverResets(p.options, p.targetName),
  };
}

/** Saves the admin's choice on the source year's settings (an explicit settings change): the cron starts from it. */
async function saveOptionsOn(ctx: Ctx, yearId: Id<"academic_years">, fields: { rollover_options?: RolloverOptions; rollover_auto_on?: string | undefined }) {
  const row = await ctx.db
    .query("organisation_settings")
    .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", yearId))
    .first();
  if (!row) throw appError("NOT_FOUND", "This academic year has no settings yet; open its settings once and save them.");
  const changed =
    ("rollover_options" in fields && JSON.stringify(fields.rollover_options) !== JSON.stringify(row.rollover_options)) ||
    ("rollover_auto_on" in fields && fields.rollover_auto_on !== row.rollover_auto_on);
  if (changed) await ctx.db.patch(row._id, { ...fields, version: row.version + 1, updated_at: ctx.now });
}

/**
 * Starts a run: creates the target year when it is new (its settings and
 * rules copied from the source), then the job. Reads nothing of the years'
 * contents; the batches do that.
 */
async function startRollover(ctx: Ctx & { scheduler: MutationCtx["scheduler"] }, args: {
  sourceYearId: Id<"academic_years">;
  target: RolloverTarget;
  options: RolloverOptions;
  actor: JobActor;
  createdBy?: Id<"users">;
  automatic?: boolean;
}): Promise<{ academicYearId: Id<"academic_years">; jobId: Id<"jobs">; params: RolloverParams }> {
  const checked = await checkRollover(ctx, args.sourceYearId, args.target);
  if (checked.year) {
    const running = await activeJobWithKey(ctx.db, rolloverKey(checked.year._id));
    if (running) throw appError("CONFLICT", `${checked.year.name} is already being rolled over ("${running.label}").`, { jobId: running._id });
  }
  const targetYearId =
    checked.year?._id ??
    // Rolling over creates the year with its configuration: that is what the organisation-wide permission grants.
    (await createAcademicYear(
      unscopedDb(ctx),
      ctx.organisationId,
      { name: checked.name, start_date: checked.start, end_date: checked.end, status: "staging" },
      ctx.now,
      checked.source._id,
      args.createdBy,
    ));
  const params: RolloverParams = {
    sourceYearId: checked.source._id,
    targetYearId,
    targetName: checked.name,
    targetStart: checked.start,
    targetEnd: checked.end,
    createdTarget: checked.year === null,
    options: args.options,
    automatic: args.automatic,
  };
  const jobId = await startJob(ctx, {
    organisationId: ctx.organisationId,
    academicYearId: targetYearId,
    kind: ROLLOVER_JOB_KIND,
    label: `Rollover ${checked.source.name} → ${checked.name}`,
    batch: internal.structure.rollover.batch,
    phases: rolloverPhases(args.options),
    params,
    actor: args.actor,
    permission: "years.rollover",
    concurrencyKey: rolloverKey(targetYearId),
    initialResult: initialResult(params, checked.source.name, checked.year !== null),
    settle: internal.structure.rollover.settle,
  });
  // Nothing of the source year is written: its rows, totals and audit trail stay as they were.
  return { academicYearId: targetYearId, jobId, params };
}

const rolloverArgs = { sourceYearId: v.id("academic_years"), target: vRolloverTarget, options: vRolloverOptions };

/** The preview: a dry run of the same job; its result says what the run would do. */
export const preview = orgMutation({
  permission: "years.rollover",
  args: rolloverArgs,
  returns: v.id("jobs"),
  handler: async (ctx, args): Promise<Id<"jobs">> => {
    requireOrganisationWide(ctx, "years.rollover", "A rollover");
    const checked = await checkRollover(ctx, args.sourceYearId, args.target);
    // A new preview of the same year supersedes one still counting (the options may have changed).
    const previous = await activeJobWithKey(ctx.db, previewKey(checked.source._id));
    if (previous) await finishJob(ctx, previous, "cancelled");
    const params: RolloverParams = {
      sourceYearId: checked.source._id,
      targetYearId: checked.year?._id,
      targetName: checked.name,
      targetStart: checked.start,
      targetEnd: checked.end,
      createdTarget: checked.year === null,
      options: args.options,
    };
    return await startJob(ctx, {
      organisationId: ctx.organisationId,
      academicYearId: checked.year?._id ?? checked.source._id,
      kind: ROLLOVER_JOB_KIND,
      label: `Preview: rollover ${checked.source.name} → ${checked.name}`,
      batch: internal.structure.rollover.batch,
      phases: rolloverPhases(args.options),
      params,
      dryRun: true,
      actor: { kind: "user", userId: ctx.viewer._id },
      permission: "years.rollover",
      concurrencyKey: previewKey(checked.source._id),
      initialResult: initialResult(params, checked.source.name, checked.year !== null),
    });
  },
});

/** The run. A second run into the same year adds only what is new since (nothing, if nothing changed). */
export const start = orgMutation({
  permission: "years.rollover",
  args: rolloverArgs,
  returns: v.object({ academicYearId: v.id("academic_years"), jobId: v.id("jobs") }),
  handler: async (ctx, args): Promise<{ academicYearId: Id<"academic_years">; jobId: Id<"jobs"> }> => {
    requireOrganisationWide(ctx, "years.rollover", "A rollover");
    const { academicYearId, jobId } = await startRollover(ctx, {
      ...args,
      actor: { kind: "user", userId: ctx.viewer._id },
      createdBy: ctx.viewer._id,
    });
    return { academicYearId, jobId };
  },
});

/**
 * Removes what a cancelled or failed run made: the whole year when the run
 * created it, otherwise exactly the rows it added (rows that were in the year
 * before stay). Runs as a job; its progress is the jobs module's.
 */
export const discard = orgMutation({
  permission: "years.rollover",
  args: { jobId: v.id("jobs") },
  returns: v.id("jobs"),
  handler: async (ctx, { jobId }): Promise<Id<"jobs">> => {
    requireOrganisationWide(ctx, "years.rollover", "Discarding a rollover");
    const job = await getOrThrow(ctx.db, jobId, "rollover");
    if (job.kind !== ROLLOVER_JOB_KIND || job.dry_run) throw appError("INVALID_ARGUMENT", "Only a rollover run can be discarded.");
    if (job.status !== "cancelled" && job.status !== "failed") {
      throw appError("INVALID_ARGUMENT", `"${job.label}" is ${job.status}; only a cancelled or failed rollover can be discarded.`);
    }
    const p = parseRolloverParams(job.params);
    const year = await getOrThrow(ctx.dbWithDeleted, p.targetYearId!, "academic year");
    if (year.deleted_at !== undefined) throw appError("INVALID_ARGUMENT", `${year.name} has already been removed.`);
    if (p.createdTarget && year.status !== "staging") {
      throw appError("CONFLICT", `${year.name} is ${year.status} now; it can no longer be discarded as a half-built year.`);
    }
    return await startYearCleanup(ctx, {
      organisationId: ctx.organisationId,
      params: p.createdTarget ? { mode: "year", yearId: year._id } : { mode: "rollover", yearId: year._id, rolloverJobId: job._id },
      kind: DISCARD_JOB_KIND,
      label: p.createdTarget ? `Discard ${year.name} (built by "${job.label}")` : `Discard what "${job.label}" added to ${year.name}`,
      dryRun: false,
      actor: { kind: "user", userId: ctx.viewer._id },
      concurrencyKey: `${DISCARD_JOB_KIND}:${job._id}`,
    });
  },
});

/** Saves the options the next rollover starts with, and the date (or none) on which the cron starts it. */
export const saveOptions = orgMutation({
  permission: "years.rollover",
  args: { sourceYearId: v.id("academic_years"), options: vRolloverOptions, autoOn: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    requireOrganisationWide(ctx, "years.rollover", "A rollover");
    const source = await getOrThrow(ctx.db, args.sourceYearId, "academic year");
    if (args.autoOn !== null) {
      if (!isIsoDate(args.autoOn)) throw appError("INVALID_ARGUMENT", "Give the date of the automatic rollover as YYYY-MM-DD.");
      if (args.autoOn < new Date(ctx.now).toISOString().slice(0, 10)) {
        throw appError("INVALID_ARGUMENT", "The automatic rollover date has passed; choose today or a later day, or run it now.");
      }
      if (source.status === "archived") throw appError("INVALID_ARGUMENT", `${source.name} is archived; roll over the current year instead.`);
    }
    await saveOptionsOn(ctx, source._id, { rollover_options: args.options, rollover_auto_on: args.autoOn ?? undefined });
    return null;
  },
});

const vOverview = v.object({
  source: v.object({ id: v.id("academic_years"), name: v.string(), status: v.string(), start_date: v.string(), end_date: v.string() }),
  defaultTarget: vRolloverTarget,
  targets: v.array(v.object({ id: v.id("academic_years"), name: v.string(), start_date: v.string(), end_date: v.string() })),
  options: vRolloverOptions,
  autoOn: v.union(v.string(), v.null()),
  preview: v.union(vJobView, v.null()),
  run: v.union(vJobView, v.null()),
  discard: v.union(vJobView, v.null()),
});

/** Rollover jobs read per overview (newest first): enough for the latest preview, run and discard. */
const OVERVIEW_JOBS = 30;

/**
 * Everything the wizard shows for rolling `sourceYearId` (default: the
 * current year) over: where to, the saved options and date, the latest
 * preview and run from this year, and the discard of that run if any.
 */
export const overview = orgQuery({
  permission: "years.rollover",
  args: { sourceYearId: v.optional(v.id("academic_years")) },
  returns: v.union(vOverview, v.null()),
  handler: async (ctx, args) => {
    const years = await yearsOf(ctx);
    const source = args.sourceYearId
      ? await getOrThrow(ctx.db, args.sourceYearId, "academic year")
      : (years.find((y) => y.status === "active") ?? years.find((y) => y.status === "locked"));
    if (!source) return null;
    const settings = await ctx.db
      .query("organisation_settings")
      .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", source._id))
      .first();
    const jobs = await ctx.db
      .query("jobs")
      .withIndex("by_organisation_id_and_kind", (q) => q.eq("organisation_id", ctx.organisationId).eq("kind", ROLLOVER_JOB_KIND))
      .order("desc")
      .take(OVERVIEW_JOBS);
    const fromSource = jobs.filter((j) => parseRolloverParams(j.params).sourceYearId === source._id);
    const preview = fromSource.find((j) => j.dry_run) ?? null;
    const run = fromSource.find((j) => !j.dry_run) ?? null;
    const discard = run
      ? await ctx.db
          .query("jobs")
          .withIndex("by_concurrency_key_and_status", (q) => q.eq("concurrency_key", `${DISCARD_JOB_KIND}:${run._id}`))
          .order("desc")
          .first()
      : null;
    return {
      source: { id: source._id, name: source.name, status: source.status, start_date: source.start_date, end_date: source.end_date },
      defaultTarget: await defaultTarget(ctx, source),
      targets: years
        .filter((y) => y.status === "staging" && y._id !== source._id && y.start_date >= source.end_date)
        .sort((a, b) => a.start_date.localeCompare(b.start_date))
        .map((y) => ({ id: y._id, name: y.name, start_date: y.start_date, end_date: y.end_date })),
      // Saved options first (the automatic rollover uses them), else the last choice made in the wizard.
      options: { ...DEFAULT_ROLLOVER_OPTIONS, ...(settings?.rollover_options ?? (fromSource[0] ? parseRolloverParams(fromSource[0].params).options : {})) },
      autoOn: settings?.rollover_auto_on ?? null,
      preview: preview ? await jobView(ctx, preview) : null,
      run: run ? await jobView(ctx, run) : null,
      discard: discard ? await jobView(ctx, discard) : null,
    };
  },
});

export const batch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, params, dryRun }) => {
    const p = parseRolloverParams(params);
    // Rolling over copies every department's records (what the organisation-wide `years.rollover`, re-checked at
    // every step, is for), so the copy writes with the unscoped writer, audited as the job's actor.
    const copyCtx = { ...ctx, db: unscopedDb(ctx), dbWithDeleted: unscopedDb(ctx, { includeDeleted: true }) };
    return await rolloverBatch(copyCtx, p, phase as Parameters<typeof rolloverBatch>[2], cursor, dryRun);
  },
});

// --- the automatic rollover ------------------------------------------------------------

/** Settings rows whose rollover date has come, per cron run. */
const AUTO_BATCH = 20;
const AUTO_ACTOR = "automatic rollover";

/** Everyone who may roll years over organisation-wide: they hear about automatic rollovers. */
async function rolloverAdmins(ctx: MutationCtx, organisationId: Id<"organisations">): Promise<Doc<"users">[]> {
  const users = await ctx.db.query("users").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
  const out: Doc<"users">[] = [];
  const now = Date.now();
  for (const user of users) {
    if (user.deleted_at !== undefined || user.status !== "active") continue;
    const access = await loadAccess(ctx, user, now);
    if (access.has("years.rollover") && access.scope("years.rollover") === null) out.push(user);
  }
  return out;
}

async function tellAdmins(ctx: MutationCtx, organisationId: Id<"organisations">, notice: { kind: string; title: string; body: string; jobId: Id<"jobs"> }) {
  for (const user of await rolloverAdmins(ctx, organisationId)) {
    await notifyUser(ctx, user, { kind: notice.kind, title: notice.title, body: notice.body, entityType: "jobs", entityId: notice.jobId });
  }
}

/**
 * The cron: every year whose rollover date has come is rolled over with its
 * saved options into its default target, acting as the system. The date is
 * cleared first, so a failure is reported once and not retried every hour.
 */
export const autoStart = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx): Promise<number> => {
    const today = new Date().toISOString().slice(0, 10);
    const due = await ctx.db
      .query("organisation_settings")
      .withIndex("by_rollover_auto_on", (q) => q.gte("rollover_auto_on", "").lte("rollover_auto_on", today))
      .take(AUTO_BATCH);
    let started = 0;
    for (const settings of due) {
      await ctx.db.patch(settings._id, { rollover_auto_on: undefined, updated_at: Date.now() });
      const organisationId = settings.organisation_id;
      const source = await ctx.db.get(settings.academic_year_id);
      if (!source || source.deleted_at !== undefined) continue;
      const tenant = { db: ctx.db, organisationId, now: Date.now(), scheduler: ctx.scheduler };
      try {
        const { jobId, params } = await startRollover(tenant, {
          sourceYearId: source._id,
          target: await defaultTarget(tenant, source),
          options: { ...DEFAULT_ROLLOVER_OPTIONS, ...settings.rollover_options },
          actor: { kind: "system", name: AUTO_ACTOR },
          automatic: true,
        });
        started += 1;
        await tellAdmins(ctx, organisationId, {
          kind: "rollover_started",
          title: `Automatic rollover started: ${source.name} → ${params.targetName}`,
          body: `The rollover set for ${settings.rollover_auto_on} has started with the saved options. You will be told when it ends.`,
          jobId,
        });
      } catch (e) {
        const message = (e as { data?: { message?: string } }).data?.message ?? (e instanceof Error ? e.message : String(e));
        console.warn(`automatic rollover of ${source.name} did not start: ${message}`);
      }
    }
    return started;
  },
});

/** The job's settle hook, told when a rollover run ends: admins hear how an automatic one went. */
export const settle = internalMutation({
  args: { jobId: v.id("jobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.db.get(jobId);
    if (!job || isActive(job) || job.dry_run) return null;
    const p = parseRolloverParams(job.params);
    if (!p.automatic) return null;
    const ended =
      job.status === "completed"
        ? { title: `Automatic rollover finished: ${p.targetName} is ready`, body: `${p.targetName} has been populated. Review what needs attention in the rollover summary.` }
        : { title: `Automatic rollover ${job.status}: ${p.targetName}`, body: `${job.error ?? "It was stopped."} Resume or discard it from the rollover page.` };
    await tellAdmins(ctx, job.organisation_id, { kind: `rollover_${job.status}`, ...ended, jobId });
    return null;
  },
});
