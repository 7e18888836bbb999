/** A member's own extended profile (job title, phone, bio, avatar). */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { columns } from "../lib/columns";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { getOwnRow, upsertOwnRow } from "../lib/ownRows";

export const get = orgQuery({
  permission: null,
  args: {},
  returns: v.union(doc(schema, "user_profiles"), v.null()),
  handler: async (ctx) => await getOwnRow(ctx, "user_profiles"),
});

export const update = orgMutation({
  permission: null,
  args: columns("user_profiles", ["job_title", "phone", "bio", "avatar_file_id"]),
  returns: v.null(),
  handler: async (ctx, value) => {
    if ((value.bio?.length ?? 0) > 2000) throw appError("INVALID_ARGUMENT", "A bio is at most 2,000 characters.");
    await upsertOwnRow(ctx, "user_profiles", value);
    return null;
  },
});
