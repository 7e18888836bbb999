/**
 * Rolling an academic year over into a new staging year, as the reference's
 * "Academic Year Creation" flow: the new year gets its own settings and rules
 * (copied), every lecturer gets an instance (FTE, family, team carried over),
 * every module iteration is carried with its groups and assessments, and
 * year-specific values are reset (versions, allocations are not copied).
 * The copying is a scheduled job in batches, so a large department never hits
 * a transaction limit; its progress is a `data_migrations` row the UI watches.
 * Each batch acts as the person who started the rollover, re-resolved: if
 * they no longer hold `years.rollover` the job stops and says why. Rolling
 * over copies every department's records (that is what the organisation-wide
 * permission is for), so the copy writes with the unscoped writer, audited as them.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { actAs, internalMutation, migrationActor, orgMutation, orgQuery, unscopedDb } from "../lib/functions";
import { isIsoDate } from "../lib/validation";
import { createAcademicYear } from "../organisations/bootstrap";

/** Rows copied per scheduled step: an iteration brings its groups and assessments (~10 writes). */
const BATCH = 40;

export const start = orgMutation({
  permission: "years.rollover",
  args: {
    sourceYearId: v.id("academic_years"),
    name: v.string(),
    start_date: v.string(),
    end_date: v.string(),
  },
  returns: v.object({ academicYearId: v.id("academic_years"), migrationId: v.id("data_migrations") }),
  handler: async (ctx, args) => {
    const source = await getOrThrow(ctx.db, args.sourceYearId, "academic year");
    if (!isIsoDate(args.start_date) || !isIsoDate(args.end_date) || args.start_date >= args.end_date) {
      throw appError("INVALID_ARGUMENT", "Give start and end dates as YYYY-MM-DD, the end after the start.");
    }
    if (args.start_date < source.end_date) {
      throw appError("INVALID_ARGUMENT", `The new year must start after ${source.name} ends (${source.end_date}).`);
    }
    const years = await ctx.db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
    if (years.some((y) => y.name === args.name.trim())) throw appError("CONFLICT", `An academic year named ${args.name} already exists.`);
    const running = await ctx.db.query("data_migrations").withIndex("by_source_academic_year_id", (q) => q.eq("source_academic_year_id", source._id)).collect();
    if (running.some((m) => m.kind === "rollover" && (m.status === "pending" || m.status === "processing"))) {
      throw appError("CONFLICT", `${source.name} is already being rolled over.`);
    }
    // Rolling over creates the year with its configuration: that is what the organisation-wide permission grants.
    const academicYearId = await createAcademicYear(
      unscopedDb(ctx),
      ctx.organisationId,
      { name: args.name.trim(), start_date: args.start_date, end_date: args.end_date, status: "staging" },
      ctx.now,
      source._id,
      ctx.viewer._id,
    );
    const lecturers = await ctx.db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", source._id)).collect();
    const iterations = await ctx.db.query("module_iterations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", source._id)).collect();
    const migrationId = await ctx.db.insert("data_migrations", {
      organisation_id: ctx.organisationId,
      name: `Rollover ${source.name} -> ${args.name.trim()}`,
      kind: "rollover",
      status: "processing",
      source_academic_year_id: source._id,
      target_academic_year_id: academicYearId,
      total: lecturers.length + iterations.length,
      processed: 0,
      started_by: ctx.viewer._id,
      actor: ctx.actorRef,
      started_at: ctx.now,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await ctx.scheduler.runAfter(0, internal.structure.rollover.step, { migrationId, phase: "lecturers", cursor: null });
    return { academicYearId, migrationId };
  },
});

/** One batch of the copy; schedules the next until both phases are done. */
export const step = internalMutation({
  systemActor: "Rollover job",
  args: {
    migrationId: v.id("data_migrations"),
    phase: v.union(v.literal("lecturers"), v.literal("iterations")),
    cursor: v.union(v.string(), v.null()),
  },
  handler: async (ctx, { migrationId, phase, cursor }) => {
    const migration = await ctx.db.get(migrationId);
    if (!migration || migration.status !== "processing") return;
    let db;
    try {
      db = unscopedDb(await actAs(ctx, migrationActor(migration), "years.rollover"));
    } catch (e) {
      const now = Date.now();
      const error = (e as { data?: { message?: string } }).data?.message ?? String(e);
      await ctx.db.patch(migrationId, { status: "failed", error, completed_at: now, updated_at: now });
      return;
    }
    const source = migration.source_academic_year_id!;
    const target = migration.target_academic_year_id!;
    const now = Date.now();
    const stamp = { organisation_id: migration.organisation_id, created_at: now, updated_at: now };
    let copied = 0;
    let next: { phase: "lecturers" | "iterations"; cursor: string | null } | null;
    if (phase === "lecturers") {
      const page = await db
        .query("lecturers")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", source))
        .paginate({ cursor, numItems: BATCH });
      for (const l of page.page) {
        copied++;
        if (l.deleted_at !== undefined) continue;
        const exists = await db
          .query("lecturers")
          .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", l.profile_id).eq("academic_year_id", target))
          .first();
        if (exists) continue;
        await db.insert("lecturers", {
          ...stamp,
          academic_year_id: target,
          profile_id: l.profile_id,
          status_id: l.status_id,
          department_id: l.department_id,
          team_id: l.team_id,
          fte: l.fte,
          contract_family: l.contract_family,
          version: 1,
        });
      }
      next = page.isDone ? { phase: "iterations", cursor: null } : { phase, cursor: page.continueCursor };
    } else {
      const page = await db
        .query("module_iterations")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", source))
        .paginate({ cursor, numItems: BATCH });
      for (const it of page.page) {
        copied++;
        if (it.deleted_at !== undefined) continue;
        const { _id, _creationTime, version: _v, academic_year_id: _y, created_at: _c, updated_at: _u, ...carried } = it;
        const iterationId: Id<"module_iterations"> = await db.insert("module_iterations", {
          ...carried,
          ...stamp,
          academic_year_id: target,
          version: 1,
        });
        const groups = await db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", _id)).collect();
        for (const g of groups) {
          if (g.deleted_at !== undefined) continue;
          const { _id: _g, _creationTime: _gc, academic_year_id: _gy, module_iteration_id: _gi, created_at: _a, updated_at: _b, ...rest } = g;
          await db.insert("module_iteration_groups", { ...rest, ...stamp, academic_year_id: target, module_iteration_id: iterationId });
        }
        const assessments = await db
          .query("module_iteration_assessments")
          .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", _id))
          .collect();
        for (const a of assessments) {
          if (a.deleted_at !== undefined) continue;
          const { _id: _x, _creationTime: _xc, academic_year_id: _xy, module_iteration_id: _xi, created_at: _d, updated_at: _e, ...rest } = a;
          await db.insert("module_iteration_assessments", { ...rest, ...stamp, academic_year_id: target, module_iteration_id: iterationId });
        }
      }
      next = page.isDone ? null : { phase, cursor: page.continueCursor };
    }
    const processed = migration.processed + copied;
    if (next) {
      await ctx.db.patch(migrationId, { processed, updated_at: now });
      await ctx.scheduler.runAfter(0, internal.structure.rollover.step, { migrationId, ...next });
    } else {
      await ctx.db.patch(migrationId, { processed, status: "completed", completed_at: now, updated_at: now });
    }
  },
});

/** Progress of rollovers (newest first), for the UI's progress bar. */
export const progress = orgQuery({
  permission: "structure.view",
  args: {},
  returns: v.array(
    v.object({
      id: v.id("data_migrations"),
      name: v.string(),
      status: v.string(),
      processed: v.number(),
      total: v.number(),
      percent: v.number(),
      targetAcademicYearId: v.optional(v.id("academic_years")),
      error: v.optional(v.string()),
      startedAt: v.number(),
      completedAt: v.optional(v.number()),
    }),
  ),
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("data_migrations")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .order("desc")
      .take(20);
    return rows
      .filter((m) => m.kind === "rollover")
      .map((m) => ({
        id: m._id,
        name: m.name,
        status: m.status,
        processed: m.processed,
        total: m.total,
        percent: m.total ? Math.round((100 * m.processed) / m.total) : 100,
        targetAcademicYearId: m.target_academic_year_id,
        error: m.error,
        startedAt: m.started_at,
        completedAt: m.completed_at,
      }));
  },
});
