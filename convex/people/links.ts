/**
 * Linking members to lecturer records, so "My workload" finds a person's
 * allocations. Three ways: an admin links a member directly
 * (`users:update`), an invitation names the record (`users:invite`), or a
 * member whose email matches an unlinked record is offered the link on
 * signing in, asks for it here, and an admin confirms or declines. A record
 * is linked to at most one member.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, unscopedDb, type OrgQueryCtx } from "../lib/functions";
import { noticeLinkDecision, noticeLinkRequest } from "../workload/notices";

const vProfileSummary = v.object({
  profileId: v.id("lecturer_profiles"),
  full_name: v.string(),
  email: v.string(),
  department_name: v.string(),
});

async function summary(ctx: OrgQueryCtx, profile: Doc<"lecturer_profiles">) {
  const department = profile.department_id ? await ctx.db.get(profile.department_id) : null;
  return { profileId: profile._id, full_name: profile.full_name, email: profile.email, department_name: department?.name ?? "" };
}

/** The member linked to a lecturer record, if any (other than `except`). */
export async function linkedMember(ctx: Pick<OrgQueryCtx, "db">, profileId: Id<"lecturer_profiles">, except?: Id<"users">) {
  const users = await ctx.db.query("users").withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", profileId)).collect();
  return users.find((u) => u._id !== except) ?? null;
}

/** Refuses a link to a record another member already holds. */
export async function requireProfileFree(ctx: OrgQueryCtx, profileId: Id<"lecturer_profiles">, userId?: Id<"users">) {
  const profile = await getOrThrow(ctx.db, profileId, "lecturer profile");
  const holder = await linkedMember(ctx, profileId, userId);
  if (holder) throw appError("CONFLICT", `${profile.full_name}'s lecturer record is already linked to ${holder.name} (${holder.email}).`);
  return profile;
}

/**
 * For the signed-in member without a lecturer record: the unlinked record
 * with their email, offered to them, and whether they already asked.
 */
export const offer = orgQuery({
  permission: null,
  args: {},
  returns: v.object({
    linked: v.boolean(),
    offer: v.union(vProfileSummary, v.null()),
    requested: v.union(vProfileSummary, v.null()),
  }),
  handler: async (ctx) => {
    if (ctx.viewer.lecturer_profile_id) return { linked: true, offer: null, requested: null };
    // The record is usually outside a new member's scope: the directory reads it for them, by their own email only.
    const mine = await ctx.directory.recordWithMyEmail();
    const shown = mine && { profileId: mine._id, full_name: mine.full_name, email: mine.email, department_name: mine.department_name };
    if (ctx.viewer.link_request_profile_id) {
      if (shown && mine._id === ctx.viewer.link_request_profile_id) return { linked: false, offer: null, requested: shown };
      const requested = await ctx.db.get(ctx.viewer.link_request_profile_id);
      if (requested) return { linked: false, offer: null, requested: await summary(ctx, requested) };
    }
    if (!shown || mine.heldBy) return { linked: false, offer: null, requested: null };
    return { linked: false, offer: shown, requested: null };
  },
});

/** The member asks to be linked to the record with their email; those who manage users hear. */
export const request = orgMutation({
  permission: null,
  args: { profileId: v.id("lecturer_profiles") },
  returns: v.null(),
  handler: async (ctx, { profileId }) => {
    if (ctx.viewer.lecturer_profile_id) throw appError("INVALID_ARGUMENT", "You are already linked to a lecturer record.");
    const mine = await ctx.directory.recordWithMyEmail();
    if (!mine || mine._id !== profileId) {
      throw appError("FORBIDDEN", "You can only ask for the lecturer record with your own email address; ask an administrator to link you to another.");
    }
    if (mine.heldBy) throw appError("CONFLICT", `${mine.full_name}'s lecturer record is already linked to ${mine.heldBy.name} (${mine.heldBy.email}).`);
    // Their own row: users.manage guards it against everyone else; this one change is the member's to make.
    await unscopedDb(ctx).patch(ctx.viewer._id, { link_request_profile_id: profileId, link_requested_at: ctx.now, updated_at: ctx.now });
    await noticeLinkRequest(ctx, ctx.viewer, mine);
    return null;
  },
});

/** Members waiting for an admin to confirm their link, oldest first. */
export const pending = orgQuery({
  permission: "users.manage",
  args: {},
  returns: v.array(
    v.object({ userId: v.id("users"), name: v.string(), email: v.string(), requested_at: v.number(), profile: vProfileSummary }),
  ),
  handler: async (ctx) => {
    const users = await ctx.db
      .query("users")
      .withIndex("by_organisation_id_and_link_requested_at", (q) => q.eq("organisation_id", ctx.organisationId).gt("link_requested_at", 0))
      .collect();
    const out = [];
    for (const u of users) {
      const profile = u.link_request_profile_id ? await ctx.db.get(u.link_request_profile_id) : null;
      if (!profile || !ctx.access.has("users.manage", profile)) continue;
      out.push({ userId: u._id, name: u.name, email: u.email, requested_at: u.link_requested_at!, profile: await summary(ctx, profile) });
    }
    return out;
  },
});

/** An admin confirms (links) or declines a member's request; the member hears. */
export const decide = orgMutation({
  permission: "users.manage",
  args: { userId: v.id("users"), approve: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { userId, approve }) => {
    const user = await getOrThrow(ctx.db, userId, "member");
    if (!user.link_request_profile_id) throw appError("INVALID_ARGUMENT", `${user.name} has not asked to be linked to a lecturer record.`);
    const profile = await getOrThrow(ctx.db, user.link_request_profile_id, "lecturer profile");
    ctx.access.require("users.manage", profile);
    if (approve) await requireProfileFree(ctx, profile._id, user._id);
    await ctx.db.patch(user._id, {
      ...(approve ? { lecturer_profile_id: profile._id } : {}),
      link_request_profile_id: undefined,
      link_requested_at: undefined,
      updated_at: ctx.now,
    });
    await noticeLinkDecision(ctx, user, profile, approve);
    return null;
  },
});
