/**
 * In-app notifications (the bell): a member's own, newest first, with read
 * state. `notifyLecturer` is how other features tell a lecturer something
 * changed about their work; it respects their notification settings.
 */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { recordNoticeEvent } from "../reports/notifyEmails";

export const list = orgQuery({
  permission: null,
  args: { limit: v.optional(v.number()) },
  returns: v.object({ items: v.array(doc(schema, "notifications")), unreadCount: v.number() }),
  handler: async (ctx, { limit }) => {
    const rows = await ctx.db
      .query("notifications")
      .withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id))
      .order("desc")
      .take(Math.min(limit ?? 30, 100));
    const unread = await ctx.db
      .query("notifications")
      .withIndex("by_user_id_and_read_at", (q) => q.eq("user_id", ctx.viewer._id).eq("read_at", undefined))
      .take(100);
    return { items: rows, unreadCount: unread.length };
  },
});

export const markRead = orgMutation({
  permission: null,
  args: { id: v.optional(v.id("notifications")) },
  returns: v.number(),
  handler: async (ctx, { id }) => {
    if (id) {
      const n = await getOrThrow(ctx.db, id, "notification");
      if (n.user_id !== ctx.viewer._id) throw appError("NOT_FOUND", "This notification does not exist.");
      if (!n.read_at) await ctx.db.patch(id, { read_at: ctx.now });
      return 1;
    }
    const unread = await ctx.db
      .query("notifications")
      .withIndex("by_user_id_and_read_at", (q) => q.eq("user_id", ctx.viewer._id).eq("read_at", undefined))
      .take(500);
    for (const n of unread) await ctx.db.patch(n._id, { read_at: ctx.now });
    return unread.length;
  },
});

type Notice = { kind: string; title: string; body: string; entityType: string; entityId: string };

/**
 * Notifies one member: the in-app notice unless they turned it off, and the
 * domain event (events) the email channel makes their immediate or daily
 * emails from (reports/notifyEmails.ts), so both channels tell the same people.
 */
export async function notifyUser(ctx: Pick<MutationCtx, "db" | "scheduler">, user: Doc<"users">, notice: Notice) {
  if (user.deleted_at !== undefined || user.status !== "active") return;
  const prefs = await ctx.db.query("notification_settings").withIndex("by_user_id", (q) => q.eq("user_id", user._id)).unique();
  let notificationId: Id<"notifications"> | undefined;
  if (!prefs || prefs.in_app_allocation_changes) notificationId = await insertNotice(ctx, user, notice);
  await recordNoticeEvent(ctx, user, prefs, notice, notificationId);
}

async function insertNotice(ctx: Pick<MutationCtx, "db">, user: Doc<"users">, notice: Notice) {
  return await ctx.db.insert("notifications", {
    organisation_id: user.organisation_id,
    user_id: user._id,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    entity_type: notice.entityType,
    entity_id: notice.entityId,
    created_at: Date.now(),
  });
}

/**
 * Notifies the member(s) linked to a lecturer profile, unless they turned
 * in-app allocation notices off or they made the change themselves.
 */
export async function notifyLecturer(
  ctx: Pick<MutationCtx, "db" | "scheduler">,
  args: {
    organisationId: Id<"organisations">;
    lecturerProfileId: Id<"lecturer_profiles">;
    actorUserId?: Id<"users">;
    kind: string;
    title: string;
    body: string;
    entityType: string;
    entityId: string;
  },
) {
  const members = await ctx.db
    .query("users")
    .withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", args.lecturerProfileId))
    .collect();
  for (const m of members) {
    if (m.organisation_id !== args.organisationId || m._id === args.actorUserId) continue;
    await notifyUser(ctx, m, args);
  }
}
