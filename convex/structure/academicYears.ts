/**
 * Academic years: exactly one active year per organisation (what everyone
 * sees by default), any number of staging years (planning the next one) and
 * archived years. A new year starts with its own copy of the settings and
 * calculation rules, so planning it can never move the active year's figures.
 */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation } from "../lib/functions";
import { createAcademicYear } from "../organisations/bootstrap";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const yearCrud = crud({
  table: "academic_years",
  label: "academic year",
  view: "structure.view",
  edit: "organisation.manage",
  fields: { name: v.string(), start_date: v.string(), end_date: v.string() },
  sortBy: "start_date",
  validate: async (_ctx, value) => {
    if (!ISO_DATE.test(value.start_date) || !ISO_DATE.test(value.end_date) || value.start_date >= value.end_date) {
      throw appError("INVALID_ARGUMENT", "Give start and end dates as YYYY-MM-DD, the end after the start.");
    }
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
    if (!ISO_DATE.test(args.start_date) || !ISO_DATE.test(args.end_date) || args.start_date >= args.end_date) {
      throw appError("INVALID_ARGUMENT", "Give start and end dates as YYYY-MM-DD, the end after the start.");
    }
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
    return await createAcademicYear(
      ctx.db,
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
    const active = await ctx.db
      .query("academic_years")
      .withIndex("by_organisation_id_and_status", (q) => q.eq("organisation_id", ctx.organisationId).eq("status", "active"))
      .collect();
    for (const a of active) await ctx.db.patch(a._id, { status: "archived", updated_at: ctx.now });
    await ctx.db.patch(id, { status: "active", updated_at: ctx.now });
    return null;
  },
});

/** Deleting the active year would leave the organisation without one. */
export const remove = orgMutation({
  permission: "organisation.manage",
  args: { id: v.id("academic_years") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const year = await getOrThrow(ctx.db, id, "academic year");
    if (year.status === "active") {
      throw appError("CONFLICT", "The active academic year cannot be deleted; make another year active first.");
    }
    await ctx.db.patch(id, { deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});
