/** A member's own extended profile (job title, phone, bio, avatar). */
import { v } from "convex/values";
import { orgMutation, orgQuery } from "../lib/functions";
import { appError } from "../lib/errors";

const fields = {
  job_title: v.optional(v.string()),
  phone: v.optional(v.string()),
  bio: v.optional(v.string()),
  avatar_file_id: v.optional(v.id("_storage")),
};

export const get = orgQuery({
  permission: null,
  args: {},
  handler: async (ctx) =>
    await ctx.db.query("user_profiles").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).unique(),
});

export const update = orgMutation({
  permission: null,
  args: fields,
  returns: v.null(),
  handler: async (ctx, value) => {
    if ((value.bio?.length ?? 0) > 2000) throw appError("INVALID_ARGUMENT", "A bio is at most 2,000 characters.");
    const row = await ctx.db.query("user_profiles").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).unique();
    if (row) await ctx.db.patch(row._id, { ...value, updated_at: ctx.now });
    else
      await ctx.db.insert("user_profiles", {
        ...value,
        organisation_id: ctx.organisationId,
        user_id: ctx.viewer._id,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    return null;
  },
});
