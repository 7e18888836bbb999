/**
 * Academic years and their states (decisions.md, "Years"): staging years
 * are being planned; exactly one year is current, active (editable) or
 * locked (published: its records change only with `years.edit_locked`);
 * past years are archived and read-only. The function layer enforces what
 * each state allows on every write; this module owns the transitions:
 * promote a staging year (the previous current year is archived), lock and
 * unlock the current year, archive a staging year, delete a year (refused
 * while rows point at it, or an explicit cascade with its own preview).
 *
 * A new year starts with its own copy of the settings and calculation
 * rules, so planning it can never move the current year's figures.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { crud } from "../lib/crud";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, unscopedDb, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { requireName } from "../lib/validation";
import { activeJobWithKey } from "../lib/jobs";
import { createAcademicYear } from "../organisations/bootstrap";
import { isCurrentYear, isIsoDate, rolloverKey } from "../lib/rollover/plan";
import { startYearCleanup, YEAR_CONTENT_TABLES, YEAR_DELETE_JOB_KIND } from "./yearCleanup";

function checkDates(start: string, end: string) {
  if (!isIsoDate(start) || !isIsoDate(end) || start >= end) {
    throw appError("INVALID_ARGUMENT", "Give start and end dates as YYYY-MM-DD, the end after the start.");
  }
}

const yearCrud = crud({
  table: "academic_years",
  label: "academic year",
  view: "structure.view",
  fields: { name: v.string(), start_date: v.string(), end_date: v.string() },
  sortBy: "start_date",
  validate: async (_ctx, value) => {
    requireName(value.name, "academic year");
    checkDates(value.start_date, value.end_date);
  },
});

export const { list, all, get, update, restore } = yearCrud;

/** Changing a year's state is an organisation-level change: it needs an organisation-wide grant. */
function requireOrganisationWide(ctx: OrgQueryCtx) {
  if (ctx.access.scope("organisation.manage") !== null) {
    throw appError("FORBIDDEN", "Academic years belong to the whole organisation: changing them needs an organisation-wide role.");
  }
}

async function yearsOf(ctx: OrgQueryCtx) {
  return await ctx.db
    .query("academic_years")
    .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
    .collect();
}

/** A new staging year, its settings and rules copied from `copyFromId` (default: the current year). */
export const create = orgMutation({
  permission: "organisation.manage",
  args: {
    name: v.string(),
    start_date: v.string(),
    end_date: v.string(),
    copyFromId: v.optional(v.id("academic_years")),
  },
  returns: v.id("academic_years"),
  handler: async (ctx, args) => {
    requireOrganisationWide(ctx);
    requireName(args.name, "academic year");
    checkDates(args.start_date, args.end_date);
    const years = await yearsOf(ctx);
    if (years.some((y) => y.name === args.name.trim())) {
      throw appError("CONFLICT", `An academic year named ${args.name} already exists.`);
    }
    const source = args.copyFromId ? await getOrThrow(ctx.db, args.copyFromId, "academic year") : years.find((y) => isCurrentYear(y.status));
    // A new year comes with its semesters, settings and rules: managing the organisation's years grants them.
    return await createAcademicYear(
      unscopedDb(ctx),
      ctx.organisationId,
      { name: args.name.trim(), start_date: args.start_date, end_date: args.end_date, status: "staging" },
      ctx.now,
      source?._id,
      ctx.viewer._id,
    );
  },
});

/** A rollover still running into `year` blocks changing its state. */
async function refuseWhileRollingOver(ctx: OrgMutationCtx, year: Doc<"academic_years">, what: string) {
  const running = await activeJobWithKey(ctx.db, rolloverKey(year._id));
  if (running) {
    throw appError("CONFLICT", `${year.name} is still being rolled over ("${running.label}"); let it finish or cancel it before you ${what}.`, {
      jobId: running._id,
    });
  }
}

const vPromotion = v.object({
  year: v.object({ id: v.id("academic_years"), name: v.string(), status: v.string() }),
  current: v.union(v.object({ id: v.id("academic_years"), name: v.string(), status: v.string() }), v.null()),
  /** What promoting changes, in the words the confirmation shows. */
  changes: v.array(v.string()),
  /** Why it cannot be promoted now (empty: it can). */
  blockers: v.array(v.string()),
});

/** What promoting `id` would change, for the confirmation (nothing is changed). */
export const promotion = orgQuery({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: vPromotion,
  handler: async (ctx, { id }) => {
    const year = await getOrThrow(ctx.db, id, "academic year");
    const current = (await yearsOf(ctx)).find((y) => isCurrentYear(y.status) && y._id !== id) ?? null;
    const blockers: string[] = [];
    if (year.status !== "staging") blockers.push(`${year.name} is ${year.status}; only a staging year can be promoted.`);
    const running = await activeJobWithKey(ctx.db, rolloverKey(year._id));
    if (running) blockers.push(`"${running.label}" is still running into ${year.name}.`);
    const changes = [
      `${year.name} becomes the active year: everyone sees it by default, and it is edited as the current year.`,
      ...(current
        ? [
            `${current.name} is archived: it stays readable in the year picker, but nobody can change it any more${current.status === "locked" ? " (it was locked)" : ""}.`,
          ]
        : []),
      `Staging marks disappear from ${year.name}; other staging years stay as they are.`,
    ];
    const brief = (y: Doc<"academic_years">) => ({ id: y._id, name: y.name, status: y.status });
    return { year: brief(year), current: current ? brief(current) : null, changes, blockers };
  },
});

/** Makes a staging year the active one; the previous current year (active or locked) is archived. */
export const promote = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    requireOrganisationWide(ctx);
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status !== "staging") throw appError("INVALID_ARGUMENT", `${year.name} is ${year.status}; only a staging year can be promoted.`);
    await refuseWhileRollingOver(ctx, year, "promote it");
    for (const y of await yearsOf(ctx)) {
      if (y._id !== id && isCurrentYear(y.status)) await ctx.db.patch(y._id, { status: "archived", updated_at: ctx.now });
    }
    await ctx.db.patch(id, { status: "active", updated_at: ctx.now });
    return null;
  },
});

/** Locks (publishes) the active year: its records change only for holders of `years.edit_locked`. */
export const lock = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    requireOrganisationWide(ctx);
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status !== "active") throw appError("INVALID_ARGUMENT", `${year.name} is ${year.status}; only the active year can be locked.`);
    await ctx.db.patch(id, { status: "locked", updated_at: ctx.now });
    return null;
  },
});

/** Unlocks the locked year: it is editable again as the active year. */
export const unlock = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    requireOrganisationWide(ctx);
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status !== "locked") throw appError("INVALID_ARGUMENT", `${year.name} is ${year.status}; only a locked year can be unlocked.`);
    await ctx.db.patch(id, { status: "active", updated_at: ctx.now });
    return null;
  },
});

/** Archives a staging year that will not be used (a plan set aside): it stays readable, read-only. */
export const archive = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    requireOrganisationWide(ctx);
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status !== "staging") {
      throw appError(
        "INVALID_ARGUMENT",
        isCurrentYear(year.status)
          ? `${year.name} is the current year; promote its successor instead, which archives it.`
          : `${year.name} is already archived.`,
      );
    }
    await refuseWhileRollingOver(ctx, year, "archive it");
    await ctx.db.patch(id, { status: "archived", updated_at: ctx.now });
    return null;
  },
});

/** The kinds of rows that still point at a year (one read each), in words. */
async function contents(ctx: OrgQueryCtx, yearId: Id<"academic_years">): Promise<string[]> {
  const found: string[] = [];
  for (const { table, label } of YEAR_CONTENT_TABLES) {
    const row = await (ctx.dbWithDeleted.query(table) as any).withIndex("by_academic_year_id", (q: any) => q.eq("academic_year_id", yearId)).first();
    if (row) found.push(label);
  }
  return found;
}

function listWords(items: string[]) {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function deletable(year: Doc<"academic_years">) {
  if (isCurrentYear(year.status)) {
    throw appError("CONFLICT", `${year.name} is the current year and cannot be deleted; promote another year first.`);
  }
}

/** What still points at a year (the delete dialog shows it before anything is removed). */
export const deletionCheck = orgQuery({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.object({ contents: v.array(v.string()), current: v.boolean() }),
  handler: async (ctx, { id }) => {
    const year = await getOrThrow(ctx.db, id, "academic year");
    return { contents: await contents(ctx, id), current: isCurrentYear(year.status) };
  },
});

/**
 * Deletes an empty year (soft delete, restorable). A year that still holds
 * lecturers, iterations or allocations is refused with what points at it:
 * delete it with everything in it (`previewDelete`, then `deleteWithContents`).
 */
export const remove = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    requireOrganisationWide(ctx);
    const year = await getOrThrow(ctx.db, id, "academic year");
    deletable(year);
    await refuseWhileRollingOver(ctx, year, "delete it");
    const found = await contents(ctx, id);
    if (found.length) {
      throw appError(
        "CONFLICT",
        `${year.name} still has ${listWords(found)}. Remove them first, or delete the year with everything in it (a preview shows what goes).`,
        { contents: found },
      );
    }
    // Its own configuration (semesters, rules, settings) goes with it; they belong to the organisation's year management.
    const config = unscopedDb(ctx);
    const byYear = (q: any) => q.eq("academic_year_id", id);
    for (const r of await config.query("semester_periods").withIndex("by_academic_year_id", byYear).collect()) await config.patch(r._id, { deleted_at: ctx.now, updated_at: ctx.now });
    for (const r of await config.query("workload_calculation_rules").withIndex("by_academic_year_id", byYear).collect()) await config.patch(r._id, { deleted_at: ctx.now, updated_at: ctx.now });
    for (const r of await config.query("organisation_settings").withIndex("by_academic_year_id", byYear).collect()) await config.delete(r._id);
    await ctx.db.patch(id, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});

async function startDelete(ctx: OrgMutationCtx, id: Id<"academic_years">, dryRun: boolean) {
  requireOrganisationWide(ctx);
  const year = await getOrThrow(ctx.db, id, "academic year");
  deletable(year);
  await refuseWhileRollingOver(ctx, year, "delete it");
  return await startYearCleanup(ctx, {
    organisationId: ctx.organisationId,
    params: { mode: "year", yearId: id },
    kind: YEAR_DELETE_JOB_KIND,
    label: dryRun ? `Preview: delete ${year.name} and everything in it` : `Delete ${year.name} and everything in it`,
    dryRun,
    actor: { kind: "user", userId: ctx.viewer._id },
    concurrencyKey: dryRun ? undefined : `${YEAR_DELETE_JOB_KIND}:${id}`,
  });
}

/** The cascade's preview: a dry run of the deletion job, counting per table what would go. */
export const previewDelete = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.id("jobs"),
  handler: async (ctx, { id }): Promise<Id<"jobs">> => await startDelete(ctx, id, true),
});

/** The explicit cascade: removes everything in the year (audited row by row), then the year. */
export const deleteWithContents = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.id("jobs"),
  handler: async (ctx, { id }): Promise<Id<"jobs">> => await startDelete(ctx, id, false),
});
