/**
 * Presence in the allocation editor: each open editor sends a heartbeat
 * (where it is, which cell it is editing); others list who is there. A row
 * whose heartbeat is older than the organisation's timeout counts as gone and
 * is swept by a cron (crons.ts), so a closed laptop does not linger.
 */
import { v } from "convex/values";
import { internalMutation, orgMutation, orgQuery } from "../lib/functions";
import { getOrThrow, checkRef } from "../lib/db";
import { DEFAULT_ORGANISATION_SETTINGS } from "../lib/referenceDefaults";

async function timeoutMs(ctx: { db: any }, academicYearId: string) {
  const settings = await ctx.db
    .query("organisation_settings")
    .withIndex("by_academic_year_id", (q: any) => q.eq("academic_year_id", academicYearId))
    .first();
  return 1000 * (settings?.presence_timeout_seconds ?? DEFAULT_ORGANISATION_SETTINGS.presence_timeout_seconds);
}

export const heartbeat = orgMutation({
  permission: null,
  args: {
    academicYearId: v.id("academic_years"),
    location: v.string(),
    moduleIterationId: v.optional(v.id("module_iterations")),
    editingCell: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    await checkRef(ctx.db, args.moduleIterationId, "module iteration");
    const mine = await ctx.db.query("presence").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).collect();
    const row = mine.find((p) => p.academic_year_id === args.academicYearId && p.location === args.location);
    const value = {
      module_iteration_id: args.moduleIterationId,
      editing_cell: args.editingCell,
      last_heartbeat: ctx.now,
    };
    if (row) await ctx.db.patch(row._id, value);
    else
      await ctx.db.insert("presence", {
        ...value,
        organisation_id: ctx.organisationId,
        academic_year_id: args.academicYearId,
        user_id: ctx.viewer._id,
        user_name: ctx.viewer.name,
        location: args.location,
        created_at: ctx.now,
      });
    return null;
  },
});

export const leave = orgMutation({
  permission: null,
  args: { academicYearId: v.id("academic_years"), location: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const mine = await ctx.db.query("presence").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).collect();
    for (const p of mine) if (p.academic_year_id === args.academicYearId && p.location === args.location) await ctx.db.delete(p._id);
    return null;
  },
});

/** Others present at `location` (heartbeat within the timeout), without the caller. */
export const list = orgQuery({
  permission: null,
  args: { academicYearId: v.id("academic_years"), location: v.string() },
  returns: v.array(
    v.object({
      userId: v.id("users"),
      name: v.string(),
      moduleIterationId: v.optional(v.id("module_iterations")),
      editingCell: v.optional(v.string()),
      lastHeartbeat: v.number(),
    }),
  ),
  handler: async (ctx, args) => {
    const cutoff = ctx.now - (await timeoutMs(ctx, args.academicYearId));
    const rows = await ctx.db
      .query("presence")
      .withIndex("by_academic_year_id_and_location", (q) => q.eq("academic_year_id", args.academicYearId).eq("location", args.location))
      .collect();
    return rows
      .filter((p) => p.last_heartbeat >= cutoff && p.user_id !== ctx.viewer._id)
      .map((p) => ({
        userId: p.user_id,
        name: p.user_name,
        moduleIterationId: p.module_iteration_id,
        editingCell: p.editing_cell,
        lastHeartbeat: p.last_heartbeat,
      }));
  },
});

/** Cron: removes presence older than ten minutes (well past any timeout). */
export const sweep = internalMutation({
  systemActor: "Presence sweep",
  args: {},
  handler: async (ctx) => {
    const stale = await ctx.db
      .query("presence")
      .withIndex("by_last_heartbeat", (q) => q.lt("last_heartbeat", Date.now() - 10 * 60_000))
      .take(500);
    for (const p of stale) await ctx.db.delete(p._id);
    return stale.length;
  },
});
