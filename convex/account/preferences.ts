/**
 * A member's own key-value preferences (e.g. the academic year they last
 * chose). Any member may read and write their own; nobody else's.
 */
import { v } from "convex/values";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";

const KEY = /^[a-z][a-z0-9_.]{0,63}$/;

export const get = orgQuery({
  permission: null,
  args: { key: v.string() },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { key }) => {
    const row = await ctx.db
      .query("user_preferences")
      .withIndex("by_user_id_and_key", (q) => q.eq("user_id", ctx.viewer._id).eq("key", key))
      .unique();
    return row?.value ?? null;
  },
});

export const set = orgMutation({
  permission: null,
  args: { key: v.string(), value: v.string() },
  returns: v.null(),
  handler: async (ctx, { key, value }) => {
    if (!KEY.test(key)) throw appError("INVALID_ARGUMENT", "A preference key is lower-case letters, digits, _ and .");
    if (value.length > 4096) throw appError("INVALID_ARGUMENT", "A preference value is at most 4,096 characters.");
    const row = await ctx.db
      .query("user_preferences")
      .withIndex("by_user_id_and_key", (q) => q.eq("user_id", ctx.viewer._id).eq("key", key))
      .unique();
    if (row) {
      if (row.value !== value) await ctx.db.patch(row._id, { value, updated_at: ctx.now });
    } else {
      await ctx.db.insert("user_preferences", {
        organisation_id: ctx.organisationId,
        user_id: ctx.viewer._id,
        key,
        value,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    return null;
  },
});
