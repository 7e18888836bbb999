/**
 * Academic years: exactly one active year per organisation (what everyone
 * sees by default), any number of staging years (planning the next one),
 * locked (published) and archived years. A new year starts with its own copy
 * of the settings and calculation rules, so planning it can never move the
 * active year's figures. Moving years between states belongs to the rollover
 * work; the function layer enforces what each state allows on every write.
 */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, unscopedDb } from "../lib/functions";
import { isIsoDate, requireName } from "../lib/validation";
import { createAcademicYear } from "../organisations/bootstrap";

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

/** A new staging year, its settings and rules copied from `copyFromId` (default: the active year). */
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
    requireName(args.name, "academic year");
    checkDates(args.start_date, args.end_date);
    const years = await ctx.db
      .query("academic_years")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .collect();
    if (years.some((y) => y.name === args.name.trim())) {
      throw appError("CONFLICT", `An academic year named ${args.name} already exists.`);
    }
    const source = args.copyFromId
      ? await getOrThrow(ctx.db, args.copyFromId, "academic year")
      : years.find((y) => y.status === "active");
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

/** Makes a year the active one; the previously active year is archived. */
export const setActive = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status === "active") return null;
    if (year.status === "archived") throw appError("CONFLICT", `${year.name} is archived; it cannot become the active year again.`);
    const active = await ctx.db
      .query("academic_years")
      .withIndex("by_organisation_id_and_status", (q) => q.eq("organisation_id", ctx.organisationId).eq("status", "active"))
      .collect();
    for (const a of active) await ctx.db.patch(a._id, { status: "archived", updated_at: ctx.now });
    await ctx.db.patch(id, { status: "active", updated_at: ctx.now });
    return null;
  },
});

/**
 * Deletes a year that holds nothing but its own configuration (semesters,
 * settings, rules), which goes with it. A year with lecturers, iterations or
 * anything else is refused with what still depends on it; the active year
 * would leave the organisation without one.
 */
export const remove = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status === "active") {
      throw appError("CONFLICT", "The active academic year cannot be deleted; make another year active first.");
    }
    const byYear = { index: "by_academic_year_id", eq: (q: any) => q.eq("academic_year_id", id) } as const;
    for (const s of await ctx.db.query("semester_periods").withIndex(byYear.index, byYear.eq).collect()) await ctx.db.patch(s._id, { deleted_at: ctx.now, updated_at: ctx.now });
    for (const r of await ctx.db.query("workload_calculation_rules").withIndex(byYear.index, byYear.eq).collect()) await ctx.db.patch(r._id, { deleted_at: ctx.now, updated_at: ctx.now });
    for (const s of await ctx.db.query("organisation_settings").withIndex(byYear.index, byYear.eq).collect()) await ctx.db.delete(s._id);
    await ctx.db.patch(id, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});
