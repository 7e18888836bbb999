/**
 * Report executions (`workload_reports`): a mutation records one (status,
 * requested by, for whom, filters, formats) and starts its job on the one job
 * mechanism; the job's action phase (reports/build.ts) reads in pages as the
 * person the report is for, writes the files to storage and records them
 * here; the job's settle hook records how it ended. Files are kept for the
 * organisation's retention period, then a daily cron deletes them.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { internalMutation, internalQuery, orgMutation, orgQuery, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { isActive, jobPercent, startJob } from "../lib/jobs";
import type { Permission } from "../lib/permissions";
import {
  vDeliveryStatus,
  vReportFile,
  vReportFilters,
  vReportFormat,
  vReportKind,
  vReportStatus,
  type ReportFilters,
  type ReportFormat,
  type ReportKind,
} from "../schema/validators";
import { DAY_MS, REPORT_RETENTION_DAYS_DEFAULT } from "./constants";
import { isCurrentYear } from "../lib/rollover/plan";
import { REPORT_KIND_LABELS } from "./model";
import { checkTemplateParts, normaliseFilters, templateShape } from "./templates";

export const REPORT_JOB_KIND = "report";

type Writer = Pick<MutationCtx, "db" | "scheduler">;

export type ExecutionSpec = {
  organisation: Doc<"organisations">;
  yearId: Id<"academic_years">;
  name: string;
  kind: ReportKind;
  formats: ReportFormat[];
  filters: ReportFilters;
  columns?: string[];
  templateId?: Id<"report_templates">;
  scheduleId?: Id<"scheduled_reports">;
  runKey?: string;
  requestedBy?: Id<"users">;
  /** Whose access decides what the report holds; the job acts as them. */
  forUser: Doc<"users">;
  /** The report also emails its deliveries once built. */
  deliver: boolean;
};

/** Records an execution and starts its job; reads none of the data it will report. */
export async function startExecution(ctx: Writer, spec: ExecutionSpec): Promise<Id<"workload_reports">> {
  const now = Date.now();
  const retentionDays = spec.organisation.report_retention_days ?? REPORT_RETENTION_DAYS_DEFAULT;
  const reportId = await ctx.db.insert("workload_reports", {
    organisation_id: spec.organisation._id,
    academic_year_id: spec.yearId,
    report_template_id: spec.templateId,
    scheduled_report_id: spec.scheduleId,
    run_key: spec.runKey,
    name: spec.name,
    kind: spec.kind,
    formats: spec.formats,
    status: "pending",
    filters: { ...spec.filters, academic_year_id: spec.yearId },
    columns: spec.columns,
    requested_by: spec.requestedBy,
    for_user_id: spec.forUser._id,
    expires_at: now + retentionDays * DAY_MS,
    created_at: now,
    updated_at: now,
  });
  // A lecturer's own statement needs only their own view; everything else needs reports.view.
  const ownStatement = spec.kind === "lecturer_statement" && !spec.filters.lecturer_id;
  const permission: Permission = ownStatement ? "allocations.view_own" : "reports.view";
  const jobId = await startJob(ctx, {
    organisationId: spec.organisation._id,
    academicYearId: spec.yearId,
    kind: REPORT_JOB_KIND,
    label: `${spec.name} (${spec.formats.map((f) => f.toUpperCase()).join(", ")})`,
    batch: internal.reports.executions.noBatch,
    phases: [
      { name: "build", label: "Building the report", action: internal.reports.build.run },
      ...(spec.deliver ? [{ name: "deliver", label: "Sending the emails", action: internal.reports.email.deliver }] : []),
    ],
    settle: internal.reports.executions.settle,
    params: { reportId },
    actor: { kind: "user", userId: spec.forUser._id },
    permission,
  });
  await ctx.db.patch(reportId, { job_id: jobId });
  return reportId;
}

/** Report jobs have only action phases; the runner never calls this. */
export const noBatch = internalMutation({
  args: { jobId: v.id("jobs"), phase: v.string(), cursor: v.union(v.string(), v.null()), params: v.string(), dryRun: v.boolean() },
  returns: v.object({ done: v.number(), cursor: v.null() }),
  handler: async () => ({ done: 0, cursor: null }),
});

/** The year a report is about: the one asked for, else the active year. */
export async function reportYear(ctx: { db: OrgQueryCtx["db"] }, organisationId: Id<"organisations">, filters: ReportFilters) {
  if (filters.academic_year_id) return await getOrThrow(ctx.db, filters.academic_year_id, "academic year");
  const active = await ctx.db
    .query("academic_years")
    .withIndex("by_organisation_id_and_status", (q) => q.eq("organisation_id", organisationId).eq("status", "active"))
    .first();
  if (!active) throw appError("NOT_FOUND", "The organisation has no active academic year; choose a year for the report.");
  return active;
}

/**
 * The year a year comparison sets beside the report's own: the one asked
 * for, else the current year (active or locked), else, when the report is
 * about the current year, the planning (staging) year that follows it.
 */
export async function comparedYear(
  db: GenericDatabaseReader<DataModel>,
  organisationId: Id<"organisations">,
  year: Doc<"academic_years">,
  askedId: Id<"academic_years"> | undefined,
): Promise<Doc<"academic_years">> {
  if (askedId) {
    const asked = await db.get(askedId);
    if (!asked) throw appError("NOT_FOUND", "The year to compare with no longer exists.");
    if (asked._id === year._id) throw appError("INVALID_ARGUMENT", "Choose two different years to compare.");
    return asked;
  }
  const years = await db
    .query("academic_years")
    .withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId))
    .collect();
  const current = years.find((y) => isCurrentYear(y.status) && y._id !== year._id);
  if (current) return current;
  const planning = years
    .filter((y) => y.status === "staging" && y.start_date > year.start_date)
    .sort((a, b) => a.start_date.localeCompare(b.start_date))[0];
  if (planning) return planning;
  throw appError("INVALID_ARGUMENT", `There is no other year to compare ${year.name} with: choose one.`);
}

// --- run now --------------------------------------------------------------------------

/** Runs a template now, or a report described in full; the caller downloads it when done. */
export const run = orgMutation({
  permission: "reports.view",
  args: {
    templateId: v.optional(v.id("report_templates")),
    report: v.optional(
      v.object({ name: v.optional(v.string()), kind: vReportKind, formats: v.array(vReportFormat), filters: vReportFilters, columns: v.optional(v.array(v.string())) }),
    ),
  },
  returns: v.id("workload_reports"),
  handler: async (ctx, args) => {
    if (!!args.templateId === !!args.report) throw appError("INVALID_ARGUMENT", "Run either a template or a report described in full.");
    let parts;
    let name: string;
    if (args.templateId) {
      const template = await getOrThrow(ctx.db, args.templateId, "report template");
      parts = await checkTemplateParts(ctx, templateShape(template));
      name = template.name;
    } else {
      parts = await checkTemplateParts(ctx, args.report!);
      name = args.report!.name?.trim() || REPORT_KIND_LABELS[parts.kind];
    }
    const year = await reportYear(ctx, ctx.organisationId, parts.filters);
    // Refused now rather than failing later (a schedule's run checks again: years change).
    if (parts.kind === "year_comparison") await comparedYear(ctx.db, ctx.organisationId, year, parts.filters.compare_year_id);
    return await startExecution(ctx, {
      organisation: ctx.organisation,
      yearId: year._id,
      name,
      kind: parts.kind,
      formats: parts.formats,
      filters: parts.filters,
      columns: parts.columns,
      templateId: args.templateId,
      requestedBy: ctx.viewer._id,
      forUser: ctx.viewer,
      deliver: false,
    });
  },
});

/** A lecturer's own statement of a year (My workload), as PDF and XLSX. */
export const runMyStatement = orgMutation({
  permission: "allocations.view_own",
  args: { academicYearId: v.id("academic_years") },
  returns: v.id("workload_reports"),
  handler: async (ctx, { academicYearId }) => {
    const year = await getOrThrow(ctx.db, academicYearId, "academic year");
    if (!ctx.viewer.lecturer_profile_id) throw appError("INVALID_ARGUMENT", "You have no lecturer record, so there is no statement to make.");
    return await startExecution(ctx, {
      organisation: ctx.organisation,
      yearId: year._id,
      name: `${REPORT_KIND_LABELS.lecturer_statement} ${year.name}`,
      kind: "lecturer_statement",
      formats: ["pdf", "xlsx"],
      filters: {},
      requestedBy: ctx.viewer._id,
      forUser: ctx.viewer,
      deliver: false,
    });
  },
});

// --- what people see ----------------------------------------------------------------------

export const vExecutionView = v.object({
  id: v.id("workload_reports"),
  name: v.string(),
  kind: v.union(vReportKind, v.null()),
  status: vReportStatus,
  percent: v.number(),
  phase: v.union(v.string(), v.null()),
  year_name: v.string(),
  requested_by_name: v.string(),
  for_user_name: v.string(),
  scheduled: v.boolean(),
  row_count: v.union(v.number(), v.null()),
  error: v.union(v.string(), v.null()),
  files: v.array(v.object({ format: vReportFormat, file_name: v.string(), size: v.number(), url: v.union(v.string(), v.null()) })),
  expired: v.boolean(),
  created_at: v.number(),
  completed_at: v.union(v.number(), v.null()),
  job_id: v.union(v.id("jobs"), v.null()),
  deliveries: v.object({ queued: v.number(), sent: v.number(), failed: v.number(), skipped: v.number() }),
});

/**
 * Whether the caller may see an execution: their own, or anyone's with an
 * organisation-wide reports.view (a report holds what its person may see, so
 * a scoped holder sees only their own: lib/scope.ts).
 */
function maySee(ctx: OrgQueryCtx, row: Doc<"workload_reports">): boolean {
  return row.for_user_id === ctx.viewer._id || row.requested_by === ctx.viewer._id || ctx.access.hasEverywhere("reports.view");
}

async function executionView(ctx: OrgQueryCtx, row: Doc<"workload_reports">) {
  const [job, year, requester, forUser] = await Promise.all([
    row.job_id ? ctx.db.get(row.job_id) : null,
    ctx.dbWithDeleted.get(row.academic_year_id),
    row.requested_by ? ctx.directory.userName(row.requested_by) : null,
    row.for_user_id ? ctx.directory.userName(row.for_user_id) : null,
  ]);
  const expired = row.expires_at !== undefined && row.expires_at <= ctx.now;
  const files = [];
  for (const f of row.files ?? []) {
    files.push({ format: f.format, file_name: f.file_name, size: f.size, url: expired ? null : await ctx.storage.getUrl(f.storage_id) });
  }
  const deliveries = { queued: 0, sent: 0, failed: 0, skipped: 0 };
  const rows = await ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", row._id)).take(500);
  for (const d of rows) deliveries[d.status] += 1;
  // While its job runs, the job is the truth (a resumed job after a failure, for one).
  const status = job && isActive(job) ? (job.status === "queued" ? "pending" : "processing") : row.status;
  return {
    id: row._id,
    name: row.name,
    kind: row.kind ?? null,
    status,
    percent: job ? jobPercent(job) : row.status === "completed" ? 100 : 0,
    phase: job && isActive(job) ? (job.phases[job.phase_index]?.label ?? null) : null,
    year_name: year?.name ?? "",
    // Names are directory information; the users table itself is for those who manage members.
    requested_by_name: requester ?? (row.scheduled_report_id ? "Schedule" : ""),
    for_user_name: forUser ?? "",
    scheduled: row.scheduled_report_id !== undefined,
    row_count: row.row_count ?? null,
    error: row.error ?? (job?.status === "failed" ? (job.error ?? null) : null),
    files,
    expired,
    created_at: row.created_at,
    completed_at: row.completed_at ?? null,
    job_id: row.job_id ?? null,
    deliveries,
  };
}

/** One execution with its progress and files (download URLs), live. */
export const get = orgQuery({
  permission: null,
  args: { reportId: v.id("workload_reports") },
  returns: vExecutionView,
  handler: async (ctx, { reportId }) => {
    const row = await getOrThrow(ctx.db, reportId, "report");
    if (!maySee(ctx, row)) throw appError("FORBIDDEN", "This report was made for someone else.");
    return await executionView(ctx, row);
  },
});

/** Recent executions, newest first: everyone's with reports.view, else the caller's own. */
export const list = orgQuery({
  permission: null,
  args: { limit: v.optional(v.number()), scheduleId: v.optional(v.id("scheduled_reports")), mine: v.optional(v.boolean()) },
  returns: v.array(vExecutionView),
  handler: async (ctx, args) => {
    const limit = Math.max(1, Math.min(100, Math.floor(args.limit ?? 25)));
    const all = ctx.access.hasEverywhere("reports.view") && !args.mine;
    const rows = args.scheduleId
      ? await ctx.db
          .query("workload_reports")
          .withIndex("by_scheduled_report_id", (q) => q.eq("scheduled_report_id", args.scheduleId))
          .order("desc")
          .take(limit)
      : all
        ? await ctx.db
            .query("workload_reports")
            .withIndex("by_organisation_id_and_created_at", (q) => q.eq("organisation_id", ctx.organisationId))
            .order("desc")
            .take(limit)
        : await ctx.db
            .query("workload_reports")
            .withIndex("by_for_user_id", (q) => q.eq("for_user_id", ctx.viewer._id))
            .order("desc")
            .take(limit);
    const out = [];
    for (const row of rows) if (maySee(ctx, row)) out.push(await executionView(ctx, row));
    return out;
  },
});

export const vDeliveryView = v.object({
  id: v.id("email_deliveries"),
  address: v.string(),
  user_name: v.union(v.string(), v.null()),
  subject: v.string(),
  status: vDeliveryStatus,
  attempts: v.number(),
  max_attempts: v.number(),
  next_attempt_at: v.union(v.number(), v.null()),
  last_response: v.union(v.string(), v.null()),
  error: v.union(v.string(), v.null()),
  sent_at: v.union(v.number(), v.null()),
  report_id: v.union(v.id("workload_reports"), v.null()),
  created_at: v.number(),
});

export async function deliveryView(ctx: OrgQueryCtx, d: Doc<"email_deliveries">) {
  const userName = d.user_id ? await ctx.directory.userName(d.user_id) : null;
  return {
    id: d._id,
    address: d.address,
    user_name: userName,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    max_attempts: d.max_attempts,
    next_attempt_at: d.next_attempt_at ?? null,
    last_response: d.last_response ?? null,
    error: d.error ?? null,
    sent_at: d.sent_at ?? null,
    report_id: d.workload_report_id ?? null,
    created_at: d.created_at,
  };
}

/** The deliveries of an execution, or of a schedule's recent runs. */
export const deliveries = orgQuery({
  permission: "reports.view",
  args: { reportId: v.optional(v.id("workload_reports")), scheduleId: v.optional(v.id("scheduled_reports")) },
  returns: v.array(vDeliveryView),
  handler: async (ctx, { reportId, scheduleId }) => {
    if (!reportId === !scheduleId) throw appError("INVALID_ARGUMENT", "Ask for the deliveries of one report or one schedule.");
    // A schedule's emails go to many people, each with their own report: an organisation-wide reader's to see.
    if (scheduleId && !ctx.access.hasEverywhere("reports.view")) {
      throw appError("FORBIDDEN", "A schedule's deliveries go to many people: seeing them needs an organisation-wide grant to view reports.", {
        permission: "reports.view",
      });
    }
    // A report's emails are as private as the report: its person's, or an organisation-wide reader's.
    if (reportId && !maySee(ctx, await getOrThrow(ctx.db, reportId, "report"))) {
      throw appError("FORBIDDEN", "This report was made for someone else.");
    }
    const rows = reportId
      ? await ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", reportId)).take(500)
      : await ctx.db
          .query("email_deliveries")
          .withIndex("by_scheduled_report_id", (q) => q.eq("scheduled_report_id", scheduleId))
          .order("desc")
          .take(200);
    const out = [];
    for (const d of rows) out.push(await deliveryView(ctx, d));
    return out;
  },
});

// --- recorded by the job ------------------------------------------------------------------

/** The build phase has started. */
export const markProcessing = internalMutation({
  args: { reportId: v.id("workload_reports") },
  returns: v.null(),
  handler: async (ctx, { reportId }) => {
    const row = await ctx.db.get(reportId);
    if (row && row.status === "pending") await ctx.db.patch(reportId, { status: "processing", started_at: Date.now(), updated_at: Date.now() });
    return null;
  },
});

/** The files the build wrote; dropped (and deleted) when the job stopped meanwhile. */
export const recordFiles = internalMutation({
  args: {
    jobId: v.id("jobs"),
    token: v.number(),
    attempt: v.number(),
    reportId: v.id("workload_reports"),
    files: v.array(vReportFile),
    rowCount: v.number(),
    summary: v.string(),
  },
  returns: v.boolean(),
  handler: async (ctx, args) => {
    const job = await ctx.db.get(args.jobId);
    const row = await ctx.db.get(args.reportId);
    const current = !!job && isActive(job) && job.step_token === args.token && job.action_launch === `${args.token}:${args.attempt}`;
    if (!current || !row || row.job_id !== args.jobId) {
      for (const f of args.files) await ctx.storage.delete(f.storage_id);
      return false;
    }
    for (const f of row.files ?? []) await ctx.storage.delete(f.storage_id); // an earlier attempt's
    await ctx.db.patch(args.reportId, {
      files: args.files,
      files_expire_at: row.expires_at,
      row_count: args.rowCount,
      summary: args.summary,
      updated_at: Date.now(),
    });
    return true;
  },
});

/** The job ended: the execution records how; deliveries still queued are skipped with the reason. */
export const settle = internalMutation({
  args: { jobId: v.id("jobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.db.get(jobId);
    const row = await ctx.db.query("workload_reports").withIndex("by_job_id", (q) => q.eq("job_id", jobId)).first();
    if (!job || !row || isActive(job)) return null;
    const now = Date.now();
    if (job.status === "completed") {
      await ctx.db.patch(row._id, { status: "completed", error: undefined, completed_at: now, updated_at: now });
    } else {
      const error = job.status === "cancelled" ? "Cancelled." : (job.error ?? "The report could not be made.");
      await ctx.db.patch(row._id, { status: "failed", error, completed_at: now, updated_at: now });
      const queued = await ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", row._id)).take(500);
      for (const d of queued) {
        if (d.status === "queued") await ctx.db.patch(d._id, { status: "skipped", error, next_attempt_at: undefined, updated_at: now });
      }
    }
    if (row.scheduled_report_id) await ctx.scheduler.runAfter(0, internal.reports.schedules.refreshStatus, { scheduleId: row.scheduled_report_id });
    return null;
  },
});

/** For the build action: the report's kind-independent facts. */
export const forBuild = internalQuery({
  args: { reportId: v.id("workload_reports") },
  handler: async (ctx, { reportId }) => {
    const row = await ctx.db.get(reportId);
    if (!row) return null;
    return { formats: row.formats ?? [], kind: row.kind ?? null, filters: normaliseFilters(row.filters) };
  },
});

/** Deletes the files of executions past their retention period (daily cron). */
export const purgeExpired = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const rows = await ctx.db
      .query("workload_reports")
      .withIndex("by_files_expire_at", (q) => q.gt("files_expire_at", 0).lt("files_expire_at", now))
      .take(200);
    let purged = 0;
    for (const row of rows) {
      for (const f of row.files ?? []) await ctx.storage.delete(f.storage_id);
      await ctx.db.patch(row._id, { files: [], files_expire_at: undefined, updated_at: now });
      purged += 1;
    }
    return purged;
  },
});

export type ExecutionCtx = OrgMutationCtx;
