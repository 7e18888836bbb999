"use node";
/**
 * Sending email over SMTP with nodemailer. The server comes from the
 * functions' environment (README, "Email"):
 *   SMTP_HOST, SMTP_PORT (default 587), SMTP_SECURE ("tls" for implicit TLS
 *   on 465, "starttls" to require STARTTLS, "none" for a plain loopback
 *   server; default "starttls"), SMTP_USER, SMTP_PASSWORD, SMTP_FROM.
 * The local backend points these at its development mailbox when none are set.
 *
 * Each delivery is claimed, sent once, and its outcome recorded with the
 * server's reply (reports/deliveries.ts decides about retries). A message
 * carries its delivery's idempotency key as its Message-ID, the same on every
 * attempt, so a server or reader can tell a retried message from a new one.
 */
import nodemailer from "nodemailer";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { internalAction, type ActionCtx } from "../_generated/server";
import { vJobActionArgs } from "../lib/jobs";

export type SmtpConfig = {
  host: string;
  port: number;
  mode: "tls" | "starttls" | "none";
  user?: string;
  password?: string;
  from: string;
};

/** The SMTP settings of the environment, or the reason there are none. */
export function smtpConfig(env: Record<string, string | undefined> = process.env): SmtpConfig | string {
  const host = env.SMTP_HOST?.trim();
  if (!host) return "No SMTP server is configured (set SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD and SMTP_FROM).";
  const mode = (env.SMTP_SECURE?.trim().toLowerCase() || "starttls") as SmtpConfig["mode"];
  if (!["tls", "starttls", "none"].includes(mode)) return `SMTP_SECURE must be tls, starttls or none, not "${env.SMTP_SECURE}".`;
  const port = Number(env.SMTP_PORT || (mode === "tls" ? 465 : 587));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return `SMTP_PORT must be a port number, not "${env.SMTP_PORT}".`;
  return {
    host,
    port,
    mode,
    user: env.SMTP_USER || undefined,
    password: env.SMTP_PASSWORD || undefined,
    from: env.SMTP_FROM || `WorkloadWizard <reports@${host}>`,
  };
}

function transportFor(config: SmtpConfig) {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.mode === "tls",
    requireTLS: config.mode === "starttls",
    ignoreTLS: config.mode === "none",
    auth: config.user ? { user: config.user, pass: config.password ?? "" } : undefined,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}

type Summary = { title: string; scope: string; year: string; headline: { label: string; value: string }[]; generated_label: string };

/** The report email's text and HTML bodies: the headline figures and what is attached. */
export function reportBodies(organisation: string, summary: Summary, files: { file_name: string; size: number }[]) {
  const lines = summary.headline.map((h) => `${h.label}: ${h.value}`);
  const attached = files.map((f) => `${f.file_name} (${Math.max(1, Math.round(f.size / 1024))} KB)`);
  const text = [
    `${summary.title}`,
    `${organisation} · ${summary.year} · ${summary.scope}`,
    "",
    ...lines,
    "",
    `Attached: ${attached.join(", ")}`,
    `Made ${summary.generated_label} by WorkloadWizard.`,
  ].join("\n");
  const rows = summary.headline
    .map((h) => `<tr><td style="padding:4px 16px 4px 0;color:#6b7280">${escapeHtml(h.label)}</td><td style="padding:4px 0;font-weight:600">${escapeHtml(h.value)}</td></tr>`)
    .join("");
  const html = `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937">
<h2 style="margin:0 0 4px">${escapeHtml(summary.title)}</h2>
<p style="margin:0 0 16px;color:#6b7280">${escapeHtml(organisation)} · ${escapeHtml(summary.year)} · ${escapeHtml(summary.scope)}</p>
<table style="border-collapse:collapse">${rows}</table>
<p>Attached: ${attached.map(escapeHtml).join(", ")}</p>
<p style="color:#6b7280;font-size:12px">Made ${escapeHtml(summary.generated_label)} by WorkloadWizard.</p>
</body></html>`;
  return { text, html };
}

function smtpReply(e: unknown): { response?: string; error: string } {
  const err = e as { response?: string; message?: string; code?: string };
  return { response: err.response, error: err.message ?? String(e) };
}

/** Sends one delivery's attempt `expectedAttempts + 1`, if this sender can claim it. */
export async function sendDelivery(ctx: ActionCtx, deliveryId: Id<"email_deliveries">, expectedAttempts: number): Promise<"sent" | "failed" | "skipped"> {
  const claimed = await ctx.runMutation(internal.reports.deliveries.claimAttempt, { deliveryId, expectedAttempts });
  if (!claimed) return "skipped";
  const record = (ok: boolean, response?: string, error?: string) =>
    ctx.runMutation(internal.reports.deliveries.recordAttempt, { deliveryId, expectedAttempts, ok, response, error });
  const found = await ctx.runQuery(internal.reports.deliveries.forSend, { deliveryId });
  if (!found) return "skipped";
  const { delivery, organisation, report } = found;
  const config = smtpConfig();
  if (typeof config === "string") {
    await record(false, undefined, config);
    return "failed";
  }
  let text = delivery.body_text ?? "";
  let html = delivery.body_html ?? undefined;
  const attachments: { filename: string; content: Buffer; contentType: string }[] = [];
  if (report) {
    for (const f of report.files) {
      const blob = await ctx.storage.get(f.storage_id);
      if (!blob) {
        await record(false, undefined, `The file ${f.file_name} is no longer kept.`);
        return "failed";
      }
      attachments.push({ filename: f.file_name, content: Buffer.from(await blob.arrayBuffer()), contentType: f.content_type });
    }
    const summary: Summary = report.summary
      ? (JSON.parse(report.summary) as Summary)
      : { title: report.name, scope: "", year: "", headline: [], generated_label: "" };
    ({ text, html } = reportBodies(organisation?.name ?? "", summary, report.files));
  }
  try {
    const info = await transportFor(config).sendMail({
      from: config.from,
      to: delivery.address,
      subject: delivery.subject,
      text,
      html,
      attachments,
      messageId: `<${delivery.idempotency_key}@workloadwizard>`,
      headers: { "X-WorkloadWizard-Delivery": delivery.idempotency_key },
    });
    const refused = (info.rejected ?? []).length > 0;
    await record(!refused, info.response, refused ? `The server refused ${delivery.address}.` : undefined);
    return refused ? "failed" : "sent";
  } catch (e) {
    const { response, error } = smtpReply(e);
    await record(false, response, error);
    return "failed";
  }
}

/** The deliver phase of a scheduled report's job: the first attempt for every recipient of the execution. */
export const deliver = internalAction({
  args: vJobActionArgs,
  returns: v.null(),
  handler: async (ctx, args) => {
    const { reportId } = JSON.parse(args.params) as { reportId: Id<"workload_reports"> };
    const ids = { jobId: args.jobId, token: args.token, attempt: args.attempt };
    const queued = await ctx.runQuery(internal.reports.deliveries.queuedOf, { reportId });
    const counts = { sent: 0, failed: 0, skipped: 0 };
    for (const [i, deliveryId] of queued.entries()) {
      counts[await sendDelivery(ctx, deliveryId, 0)] += 1;
      const goOn = await ctx.runMutation(internal.jobs.runner.actionProgress, { ...ids, done: i + 1, total: queued.length });
      if (!goOn) return null;
    }
    await ctx.runMutation(internal.jobs.runner.actionFinished, { ...ids, done: queued.length, result: JSON.stringify({ emails: counts }) });
    return null;
  },
});

/** A retry of one failed delivery (scheduled with backoff, or asked for). */
export const retry = internalAction({
  args: { deliveryId: v.id("email_deliveries"), expectedAttempts: v.number() },
  returns: v.null(),
  handler: async (ctx, { deliveryId, expectedAttempts }) => {
    await sendDelivery(ctx, deliveryId, expectedAttempts);
    return null;
  },
});

/** Sends a notification email delivery that has its body already (reports/notifyEmails.ts). */
export const sendQueued = internalAction({
  args: { deliveryIds: v.array(v.id("email_deliveries")) },
  returns: v.null(),
  handler: async (ctx, { deliveryIds }) => {
    for (const id of deliveryIds) await sendDelivery(ctx, id, 0);
    return null;
  },
});
