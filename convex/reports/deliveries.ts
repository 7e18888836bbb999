/**
 * Email deliveries: one row per recipient of a report execution or of a
 * notification email, with its attempts and the SMTP server's reply. The
 * sending itself is a Node action (reports/email.ts); these are the reads it
 * needs and the mutation that records each attempt, retrying a failure with
 * exponential backoff (plus jitter) to that recipient only, up to the row's
 * limit, then telling the schedule's owner in the app.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { internalMutation, internalQuery, orgMutation } from "../lib/functions";
import { EMAIL_MAX_ATTEMPTS, EMAIL_RETRY_BASE_MS, EMAIL_RETRY_JITTER } from "./constants";

/** The delay before attempt `attempts + 1`: base × 2^(attempts − 1), with up to 20% jitter. */
export function retryDelay(attempts: number, random = Math.random()): number {
  const base = EMAIL_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1);
  return Math.round(base * (1 + EMAIL_RETRY_JITTER * random));
}

/** Adds a queued delivery. */
export async function queueDelivery(
  ctx: Pick<MutationCtx, "db">,
  row: Pick<Doc<"email_deliveries">, "organisation_id" | "kind" | "address" | "subject"> &
    Partial<Pick<Doc<"email_deliveries">, "workload_report_id" | "scheduled_report_id" | "run_key" | "user_id" | "event_ids" | "body_text" | "body_html" | "status" | "error">>,
): Promise<Id<"email_deliveries">> {
  const now = Date.now();
  const id = await ctx.db.insert("email_deliveries", {
    status: "queued",
    attempts: 0,
    max_attempts: EMAIL_MAX_ATTEMPTS,
    idempotency_key: "",
    ...row,
    address: row.address.trim().toLowerCase(),
    created_at: now,
    updated_at: now,
  });
  await ctx.db.patch(id, { idempotency_key: `ww-${id}` });
  return id;
}

/** What the sender needs for one delivery: the row, and for a report its files and headline. */
export const forSend = internalQuery({
  args: { deliveryId: v.id("email_deliveries") },
  handler: async (ctx, { deliveryId }) => {
    const delivery = await ctx.db.get(deliveryId);
    if (!delivery) return null;
    const report = delivery.workload_report_id ? await ctx.db.get(delivery.workload_report_id) : null;
    const organisation = await ctx.db.get(delivery.organisation_id);
    return {
      delivery,
      organisation: organisation ? { name: organisation.name } : null,
      report: report ? { name: report.name, status: report.status, files: report.files ?? [], summary: report.summary ?? null } : null,
    };
  },
});

/** The deliveries of an execution that are waiting for their first attempt. */
export const queuedOf = internalQuery({
  args: { reportId: v.id("workload_reports") },
  handler: async (ctx, { reportId }) => {
    const rows = await ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", reportId)).take(1000);
    return rows.filter((d) => d.status === "queued" && d.attempts === 0).map((d) => d._id);
  },
});

/** How long a sender may hold a delivery while it talks to the SMTP server. */
const CLAIM_MS = 5 * 60_000;

/** Claims attempt `expectedAttempts + 1` for one sender; false if it was made, or another sender holds it. */
export const claimAttempt = internalMutation({
  args: { deliveryId: v.id("email_deliveries"), expectedAttempts: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { deliveryId, expectedAttempts }) => {
    const d = await ctx.db.get(deliveryId);
    const now = Date.now();
    if (!d || d.attempts !== expectedAttempts || d.status === "sent" || d.status === "skipped") return false;
    if (d.claimed_until !== undefined && d.claimed_until > now) return false;
    await ctx.db.patch(deliveryId, { claimed_until: now + CLAIM_MS });
    return true;
  },
});

/**
 * Records one attempt. `expectedAttempts` is how many attempts the sender saw
 * before it sent: a duplicated attempt (a retry that raced another) records
 * nothing, so no recipient is counted twice.
 */
export const recordAttempt = internalMutation({
  args: {
    deliveryId: v.id("email_deliveries"),
    expectedAttempts: v.number(),
    ok: v.boolean(),
    response: v.optional(v.string()),
    error: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { deliveryId, expectedAttempts, ok, response, error }) => {
    const d = await ctx.db.get(deliveryId);
    if (!d || d.attempts !== expectedAttempts || d.status === "sent" || d.status === "skipped") return null;
    const now = Date.now();
    const attempts = d.attempts + 1;
    if (ok) {
      await ctx.db.patch(deliveryId, { status: "sent", attempts, claimed_until: undefined, last_response: response, error: undefined, next_attempt_at: undefined, sent_at: now, updated_at: now });
      if (d.event_ids) for (const id of d.event_ids) await ctx.db.patch(id, { emailed_at: now });
    } else if (attempts < d.max_attempts) {
      const delay = retryDelay(attempts);
      await ctx.db.patch(deliveryId, { status: "failed", attempts, claimed_until: undefined, last_response: response, error, next_attempt_at: now + delay, updated_at: now });
      await ctx.scheduler.runAfter(delay, internal.reports.email.retry, { deliveryId, expectedAttempts: attempts });
    } else {
      await ctx.db.patch(deliveryId, { status: "failed", attempts, claimed_until: undefined, last_response: response, error, next_attempt_at: undefined, updated_at: now });
      await tellOwner(ctx, d, error ?? response ?? "the server refused it");
    }
    if (d.scheduled_report_id) await ctx.scheduler.runAfter(0, internal.reports.schedules.refreshStatus, { scheduleId: d.scheduled_report_id });
    return null;
  },
});

/** The schedule's owner hears in the app that a delivery was given up. */
async function tellOwner(ctx: Pick<MutationCtx, "db">, d: Doc<"email_deliveries">, reason: string) {
  if (!d.scheduled_report_id) return;
  const schedule = await ctx.db.get(d.scheduled_report_id);
  const owner = schedule?.created_by ? await ctx.db.get(schedule.created_by) : null;
  if (!schedule || !owner || owner.deleted_at !== undefined || owner.status !== "active") return;
  await ctx.db.insert("notifications", {
    organisation_id: d.organisation_id,
    user_id: owner._id,
    kind: "report_delivery_failed",
    title: "A scheduled report could not be emailed",
    body: `"${d.subject}" to ${d.address} failed after ${d.attempts + 1} attempts: ${reason}`,
    entity_type: "scheduled_reports",
    entity_id: schedule._id,
    created_at: Date.now(),
  });
}

/** Tries a failed delivery again now (the Reports page's "Retry"); one more attempt beyond its limit if it was given up. */
export const retry = orgMutation({
  permission: "reports.manage",
  args: { deliveryId: v.id("email_deliveries") },
  returns: v.null(),
  handler: async (ctx, { deliveryId }) => {
    // Deliveries carry other people's reports and addresses: retrying one is an organisation-wide manager's.
    if (!ctx.access.hasEverywhere("reports.manage")) {
      throw appError("FORBIDDEN", "Retrying an email needs an organisation-wide grant to manage reports.", { permission: "reports.manage" });
    }
    const d = await getOrThrow(ctx.db, deliveryId, "delivery");
    if (d.status !== "failed") throw appError("INVALID_ARGUMENT", `This email is ${d.status}; only a failed one can be retried.`);
    await ctx.db.patch(deliveryId, { max_attempts: Math.max(d.max_attempts, d.attempts + 1), next_attempt_at: ctx.now, updated_at: ctx.now });
    await ctx.scheduler.runAfter(0, internal.reports.email.retry, { deliveryId, expectedAttempts: d.attempts });
    return null;
  },
});
