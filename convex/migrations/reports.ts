/**
 * The reports migration (issue #11): rewrites rows written before report
 * kinds, formats, local-time schedules and allocation-email choices existed,
 * on the one job mechanism, a page of each table per step, per organisation.
 * Idempotent: a row already in the new shape is left alone, so a second run
 * writes nothing. A dry run counts what it would change.
 *   npx convex run migrations/reports:start '{"dryRun": false}'
 * What it changes:
 *   report_templates    legacy kinds -> the new kinds (lecturer_summary and
 *                       team_summary -> workload_summary, coverage_gaps ->
 *                       coverage, allocations -> allocation_export); `format`
 *                       -> `formats` (json -> csv, html -> pdf); JSON `filters`
 *                       text -> the filters object
 *   scheduled_reports   `hour_utc` -> `local_time` "HH:00" in timezone "UTC"
 *                       (the same instant every day); weekday 0 -> 7 (Sunday);
 *                       plain address strings -> recipients (a member's
 *                       address becomes that member)
 *   workload_reports    `format` + `file_id` -> `files` (one entry) and
 *                       `formats`; JSON `filters` -> the object
 *   notification_settings  digest none/weekly + `email_allocation_changes` ->
 *                       digest immediate/daily/off (weekly -> daily; none ->
 *                       immediate if emails were on, else off)
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import { allocationEmailsOf } from "../account/settings";
import { internalMutation, jobMutation } from "../lib/functions";
import { startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import type { ReportFormat, ReportRecipient } from "../schema/validators";
import { normaliseFilters, templateShape } from "../reports/templates";

export const MIGRATION_KIND = "migration_reports_v2";
const PAGE = 200;
const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};
const LEGACY_FORMAT: Record<string, ReportFormat> = { csv: "csv", json: "csv", html: "pdf" };
const PHASES = [
  { name: "report_templates", label: "Report templates" },
  { name: "scheduled_reports", label: "Schedules" },
  { name: "workload_reports", label: "Report executions" },
  { name: "notification_settings", label: "Notification settings" },
] as const;

/** Starts the migration for every organisation; returns how many jobs started. */
export const start = internalMutation({
  args: { dryRun: v.optional(v.boolean()) },
  returns: v.number(),
  handler: async (ctx, { dryRun }) => {
    const organisations = await ctx.db.query("organisations").take(1000);
    let started = 0;
    for (const o of organisations) {
      await startJob(ctx, {
        organisationId: o._id,
        kind: MIGRATION_KIND,
        label: `Reports migration${dryRun ? " (dry run)" : ""}`,
        batch: internal.migrations.reports.batch,
        phases: PHASES.map((p) => ({ ...p })),
        dryRun: dryRun ?? false,
        actor: { kind: "system", name: "Reports migration" },
        permission: "organisation.manage",
        concurrencyKey: `${MIGRATION_KIND}:${o._id}`,
        exclusive: false,
      });
      started += 1;
    }
    return started;
  },
});

export const batch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, dryRun }) => {
    const table = phase as (typeof PHASES)[number]["name"];
    const page = await ctx.db
      .query(table)
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .paginate({ cursor, numItems: PAGE });
    let changed = 0;
    for (const row of page.page) {
      const patch = await rewrite(ctx, table, row as never);
      if (!patch) continue;
      changed += 1;
      if (!dryRun) await ctx.db.patch(row._id, patch as never);
    }
    return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor, result: JSON.stringify({ [table]: changed }) };
  },
});


/** The patch that brings one row to the new shape, or null when it is there already. */
async function rewrite(ctx: { db: any }, table: (typeof PHASES)[number]["name"], row: any): Promise<Record<string, unknown> | null> {
  switch (table) {
    case "report_templates": {
      const t = row as Doc<"report_templates">;
      if (t.formats && t.format === undefined && typeof t.filters !== "string" && templateShape(t).kind === t.kind) return null;
      const shape = templateShape(t);
      return { kind: shape.kind, formats: shape.formats, filters: shape.filters, format: undefined };
    }
    case "scheduled_reports": {
      const s = row as Doc<"scheduled_reports">;
      const legacyTime = s.local_time === undefined;
      const legacyRecipients = s.recipients.some((r) => typeof r === "string");
      const legacyWeekday = s.weekday === 0;
      if (!legacyTime && !legacyRecipients && !legacyWeekday && s.hour_utc === undefined) return null;
      const recipients: ReportRecipient[] = [];
      for (const r of s.recipients) {
        if (typeof r !== "string") {
          recipients.push(r);
          continue;
        }
        const address = r.trim().toLowerCase();
        const member = (await ctx.db
          .query("users")
          .withIndex("by_organisation_id_and_email", (q: any) => q.eq("organisation_id", s.organisation_id).eq("email", address))
          .first()) as Doc<"users"> | null;
        recipients.push(member ? { kind: "user", user_id: member._id } : { kind: "email", address });
      }
      return {
        local_time: s.local_time ?? `${String(s.hour_utc ?? 8).padStart(2, "0")}:00`,
        timezone: s.timezone ?? "UTC",
        hour_utc: undefined,
        weekday: s.weekday === 0 ? 7 : s.weekday,
        recipients,
      };
    }
    case "workload_reports": {
      const w = row as Doc<"workload_reports">;
      if (w.format === undefined && w.file_id === undefined && typeof w.filters !== "string") return null;
      const format = w.format ? LEGACY_FORMAT[w.format] : undefined;
      const files = [...(w.files ?? [])];
      if (w.file_id && format) {
        const meta = await ctx.db.system.get(w.file_id);
        files.push({ format, storage_id: w.file_id, file_name: `${w.name}.${w.format === "html" ? "html" : format}`, content_type: meta?.contentType ?? CONTENT_TYPES[format], size: meta?.size ?? 0 });
      }
      return {
        formats: w.formats ?? (format ? [format] : undefined),
        files,
        files_expire_at: w.files_expire_at ?? (files.length > 0 ? w.expires_at : undefined),
        filters: normaliseFilters(w.filters),
        format: undefined,
        file_id: undefined,
      };
    }
    case "notification_settings": {
      const n = row as Doc<"notification_settings">;
      const digest = allocationEmailsOf(n);
      if (n.digest === digest && n.email_allocation_changes === undefined) return null;
      return { digest, email_allocation_changes: undefined };
    }
  }
}
