/**
 * The email channel over the in-app notices. Every notice a member is given
 * (who is told is decided where the notice is made) is also a domain event
 * (`events`: allocation created, changed, removed, restored, queried) with
 * that member as its recipient. Their notification settings choose:
 *   immediate  one email a few minutes after the first event, carrying
 *              everything that happened meanwhile (300 edits in an
 *              afternoon of planning make one email, not 300);
 *   daily      one digest a day, at DIGEST_LOCAL_HOUR in the organisation's
 *              timezone, of the day's events;
 *   off        no email.
 * An email is a delivery (reports/deliveries.ts) sent by reports/email.ts,
 * retried like any other; its events are marked as emailed when it is queued.
 */
import { v } from "convex/values";
import { DateTime } from "luxon";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { allocationEmailsOf } from "../account/settings";
import { internalMutation } from "../lib/functions";
import { DIGEST_LOCAL_HOUR, NOTIFICATION_COALESCE_MS, NOTIFICATION_EMAIL_LIST_CAP } from "./constants";
import { queueDelivery } from "./deliveries";

type Notice = { kind: string; title: string; body: string; entityType: string; entityId: string };

/** Records the notice as an event for `user` and, for immediate emails, makes sure an email will carry it. */
export async function recordNoticeEvent(
  ctx: Pick<MutationCtx, "db" | "scheduler">,
  user: Doc<"users">,
  prefs: Doc<"notification_settings"> | null,
  notice: Notice,
  notificationId: Id<"notifications"> | undefined,
) {
  const now = Date.now();
  await ctx.db.insert("events", {
    organisation_id: user.organisation_id,
    type: notice.kind,
    entity_type: notice.entityType,
    entity_id: notice.entityId,
    payload: JSON.stringify({ title: notice.title, body: notice.body }),
    recipient_user_id: user._id,
    notification_id: notificationId,
    created_at: now,
  });
  if (!prefs || allocationEmailsOf(prefs) !== "immediate") return;
  // One email per coalescing window: the first event of a window schedules it.
  if (prefs.email_flush_at !== undefined && prefs.email_flush_at > now) return;
  await ctx.db.patch(prefs._id, { email_flush_at: now + NOTIFICATION_COALESCE_MS });
  await ctx.scheduler.runAfter(NOTIFICATION_COALESCE_MS, internal.reports.notifyEmails.flushUser, { userId: user._id, kind: "immediate" });
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}

/** The email of a batch of events: a line per event (capped), the rest counted. */
export function noticeEmail(organisation: string, events: Doc<"events">[], kind: "immediate" | "daily") {
  const items = events.map((e) => JSON.parse(e.payload) as { title: string; body: string });
  const shown = items.slice(0, NOTIFICATION_EMAIL_LIST_CAP);
  const more = items.length - shown.length;
  const subject =
    kind === "daily"
      ? `Your daily digest: ${items.length} change${items.length === 1 ? "" : "s"} to your allocations (${organisation})`
      : items.length === 1
        ? `${items[0].title} (${organisation})`
        : `${items.length} changes to your allocations (${organisation})`;
  const text = [...shown.map((i) => `- ${i.title}: ${i.body}`), ...(more > 0 ? [`…and ${more} more in the app.`] : []), "", "Open My workload in WorkloadWizard to see them."].join("\n");
  const html = `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937"><h3>${escapeHtml(subject)}</h3><ul>${shown
    .map((i) => `<li><strong>${escapeHtml(i.title)}</strong>: ${escapeHtml(i.body)}</li>`)
    .join("")}</ul>${more > 0 ? `<p>…and ${more} more in the app.</p>` : ""}<p style="color:#6b7280">Open My workload in WorkloadWizard to see them.</p></body></html>`;
  return { subject, text, html };
}

/** Events per email read at once; a member with more gets the rest in the next email. */
const FLUSH_READ = 1000;

async function flush(ctx: Pick<MutationCtx, "db" | "scheduler">, user: Doc<"users">, kind: "immediate" | "daily"): Promise<Id<"email_deliveries"> | null> {
  const events = await ctx.db
    .query("events")
    .withIndex("by_recipient_user_id_and_emailed_at", (q) => q.eq("recipient_user_id", user._id).eq("emailed_at", undefined))
    .take(FLUSH_READ);
  if (events.length === 0) return null;
  const organisation = await ctx.db.get(user.organisation_id);
  const email = noticeEmail(organisation?.name ?? "", events, kind);
  const now = Date.now();
  const deliveryId = await queueDelivery(ctx, {
    organisation_id: user.organisation_id,
    kind: "notifications",
    user_id: user._id,
    address: user.email,
    subject: email.subject,
    body_text: email.text,
    body_html: email.html,
    event_ids: events.map((e) => e._id),
  });
  for (const e of events) await ctx.db.patch(e._id, { emailed_at: now });
  await ctx.scheduler.runAfter(0, internal.reports.email.sendQueued, { deliveryIds: [deliveryId] });
  return deliveryId;
}

/** The coalescing window of an immediate email has passed: one email with everything since. */
export const flushUser = internalMutation({
  args: { userId: v.id("users"), kind: v.union(v.literal("immediate"), v.literal("daily")) },
  returns: v.union(v.id("email_deliveries"), v.null()),
  handler: async (ctx, { userId, kind }) => {
    const user = await ctx.db.get(userId);
    const prefs = await ctx.db.query("notification_settings").withIndex("by_user_id", (q) => q.eq("user_id", userId)).unique();
    if (prefs?.email_flush_at !== undefined) await ctx.db.patch(prefs._id, { email_flush_at: undefined });
    if (!user || user.deleted_at !== undefined || user.status !== "active" || !prefs || allocationEmailsOf(prefs) !== kind) return null;
    return await flush(ctx, user, kind);
  },
});

/** Members with daily digests per cron run; more wait for the next run of the hour. */
const DIGESTS_PER_RUN = 200;

/**
 * Daily digests (a cron, hourly): members choosing "daily" whose
 * organisation's local time is DIGEST_LOCAL_HOUR now get one email with
 * their unemailed events.
 */
export const dailyDigests = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const rows = await ctx.db
      .query("notification_settings")
      .withIndex("by_digest", (q) => q.eq("digest", "daily"))
      .take(DIGESTS_PER_RUN);
    const zones = new Map<string, string>();
    let sent = 0;
    for (const prefs of rows) {
      let zone = zones.get(prefs.organisation_id);
      if (!zone) {
        zone = (await ctx.db.get(prefs.organisation_id))?.timezone ?? "UTC";
        zones.set(prefs.organisation_id, zone);
      }
      if (DateTime.fromMillis(now, { zone }).hour !== DIGEST_LOCAL_HOUR) continue;
      const user = await ctx.db.get(prefs.user_id);
      if (!user || user.deleted_at !== undefined || user.status !== "active") continue;
      if (await flush(ctx, user, "daily")) sent += 1;
    }
    return sent;
  },
});
