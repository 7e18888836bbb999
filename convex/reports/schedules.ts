/**
 * Scheduled reports: a template sent at a local time in an IANA timezone to
 * its recipients. A cron claims each due schedule exactly once (the claim
 * moves `next_run_at` past now in the same transaction that read it, so an
 * overlapping or repeated cron run finds nothing due; runs missed while the
 * backend was down are made up once, as the next run is computed after now,
 * not after the missed slot) and starts a run: a job on the one job mechanism
 * that resolves the recipients in batches into "audiences" (a person and what
 * they may see) and starts one report execution per audience, each emailing
 * its deliveries once built. People who turned scheduled reports off get a
 * skipped delivery, visible to the owner; a head whose grant was revoked gets
 * a report that fails at its first read, so they receive nothing.
 */
import { v, type ObjectType } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { internalMutation, jobMutation, orgMutation, orgQuery, type OrgMutationCtx } from "../lib/functions";
import { startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import { vReportRecipient, vScheduleFrequency, type ReportFormat, type ReportRecipient } from "../schema/validators";
import { SCHEDULES_PER_CRON } from "./constants";
import { queueDelivery } from "./deliveries";
import { reportYear, startExecution } from "./executions";
import { KIND_FORMATS, REPORT_KIND_LABELS } from "./model";
import { describeTiming, localLabel, nextRunAfter, timingProblem, type ScheduleTiming } from "./scheduleTime";
import { checkTemplateParts, templateShape } from "./templates";

export const SCHEDULE_RUN_JOB_KIND = "report_schedule_run";
/** Audiences (executions) started per batch of a run: each schedules a job step. */
const AUDIENCES_PER_BATCH = 40;
/** Role holders or lecturers read per batch of a run. */
const PEOPLE_PER_BATCH = 200;

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

function timingOf(s: Doc<"scheduled_reports">, organisation: Doc<"organisations">): ScheduleTiming {
  // Rows from before issue #11 hold an hour in UTC: the same instant in UTC.
  return {
    frequency: s.frequency,
    local_time: s.local_time ?? `${String(s.hour_utc ?? 8).padStart(2, "0")}:00`,
    timezone: s.timezone ?? (s.local_time ? organisation.timezone : "UTC"),
    weekday: s.weekday === 0 ? 7 : s.weekday,
    day_of_month: s.day_of_month,
  };
}

/** A recipient of a row: the object form, or a plain address of rows written before issue #11. */
export function recipientOf(r: ReportRecipient | string): ReportRecipient {
  return typeof r === "string" ? { kind: "email", address: r.trim().toLowerCase() } : r;
}

export function allowedDomains(organisation: Doc<"organisations">): string[] {
  return (organisation.email_domains ?? (organisation.domain ? [organisation.domain] : [])).map((d) => d.toLowerCase());
}

async function checkRecipients(ctx: OrgMutationCtx, recipients: ReportRecipient[]): Promise<ReportRecipient[]> {
  if (recipients.length === 0) throw appError("INVALID_ARGUMENT", "A schedule needs at least one recipient.");
  if (recipients.length > 100) throw appError("INVALID_ARGUMENT", "A schedule has at most 100 recipient entries; use a role for more people.");
  const domains = allowedDomains(ctx.organisation);
  const out: ReportRecipient[] = [];
  for (const r of recipients) {
    if (r.kind === "user") {
      const user = await getOrThrow(ctx.db, r.user_id, "user");
      if (user.status === "suspended") throw appError("INVALID_ARGUMENT", `${user.name} is suspended and cannot receive reports.`);
      out.push(r);
    } else if (r.kind === "role") {
      await getOrThrow(ctx.db, r.role_id, "role");
      out.push(r);
    } else if (r.kind === "lecturers") {
      out.push(r);
    } else {
      const address = r.address.trim().toLowerCase();
      const match = EMAIL.exec(address);
      if (!match) throw appError("INVALID_ARGUMENT", `"${r.address}" is not an email address.`);
      if (!domains.includes(match[1])) {
        throw appError(
          "INVALID_ARGUMENT",
          domains.length > 0
            ? `Reports can be sent only to addresses at ${domains.join(", ")}; ${address} is not.`
            : "This organisation allows no email domains for reports; add members as recipients instead.",
        );
      }
      out.push({ kind: "email", address });
    }
  }
  return out;
}

// --- what people see ---------------------------------------------------------------------

const vRecipientView = v.object({ recipient: vReportRecipient, label: v.string() });

export const vScheduleView = v.object({
  id: v.id("scheduled_reports"),
  name: v.string(),
  template_id: v.id("report_templates"),
  template_name: v.string(),
  kind_label: v.string(),
  frequency: vScheduleFrequency,
  local_time: v.string(),
  timezone: v.string(),
  weekday: v.union(v.number(), v.null()),
  day_of_month: v.union(v.number(), v.null()),
  description: v.string(),
  recipients: v.array(vRecipientView),
  enabled: v.boolean(),
  next_run_at: v.number(),
  next_run_local: v.string(),
  last_run_at: v.union(v.number(), v.null()),
  last_status: v.union(v.string(), v.null()),
  last_error: v.union(v.string(), v.null()),
  owner_name: v.string(),
  is_owner: v.boolean(),
});

export const list = orgQuery({
  permission: "reports.view",
  args: {},
  returns: v.array(vScheduleView),
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("scheduled_reports")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .take(500);
    const out = [];
    for (const s of rows) {
      const template = await ctx.dbWithDeleted.get(s.report_template_id);
      const owner = s.created_by ? await ctx.dbWithDeleted.get(s.created_by) : null;
      const timing = timingOf(s, ctx.organisation);
      const recipients = [];
      for (const raw of s.recipients) {
        const r = recipientOf(raw);
        let label: string;
        if (r.kind === "user") label = (await ctx.dbWithDeleted.get(r.user_id))?.name ?? "A removed member";
        else if (r.kind === "role") label = `Every ${(await ctx.dbWithDeleted.get(r.role_id))?.name ?? "removed role"} (their own scope)`;
        else if (r.kind === "lecturers") label = "Every lecturer (their own statement)";
        else label = r.address;
        recipients.push({ recipient: r, label });
      }
      out.push({
        id: s._id,
        name: s.name ?? template?.name ?? "Schedule",
        template_id: s.report_template_id,
        template_name: template?.name ?? "",
        kind_label: template ? REPORT_KIND_LABELS[templateShape(template).kind] : "",
        frequency: s.frequency,
        local_time: timing.local_time,
        timezone: timing.timezone,
        weekday: timing.weekday ?? null,
        day_of_month: timing.day_of_month ?? null,
        description: describeTiming(timing),
        recipients,
        enabled: s.enabled,
        next_run_at: s.next_run_at,
        next_run_local: localLabel(s.next_run_at, timing.timezone),
        last_run_at: s.last_run_at ?? null,
        last_status: s.last_status ?? null,
        last_error: s.last_error ?? null,
        owner_name: owner?.name ?? "",
        is_owner: s.created_by === ctx.viewer._id,
      });
    }
    return out.sort((a, b) => a.next_run_at - b.next_run_at);
  },
});

// --- managing ---------------------------------------------------------------------------

const vScheduleInput = {
  templateId: v.id("report_templates"),
  name: v.optional(v.string()),
  academicYearId: v.optional(v.id("academic_years")),
  frequency: vScheduleFrequency,
  localTime: v.string(),
  timezone: v.optional(v.string()),
  weekday: v.optional(v.number()),
  dayOfMonth: v.optional(v.number()),
  recipients: v.array(vReportRecipient),
  enabled: v.boolean(),
};

type ScheduleInput = ObjectType<typeof vScheduleInput>;

async function scheduleFields(ctx: OrgMutationCtx, args: ScheduleInput) {
  const template = await getOrThrow(ctx.db, args.templateId, "report template");
  await checkTemplateParts(ctx, templateShape(template));
  if (args.academicYearId) await getOrThrow(ctx.db, args.academicYearId, "academic year");
  const timing: ScheduleTiming = {
    frequency: args.frequency,
    local_time: args.localTime.trim(),
    timezone: args.timezone?.trim() || ctx.organisation.timezone,
    weekday: args.frequency === "weekly" ? args.weekday : undefined,
    day_of_month: args.frequency === "monthly" ? args.dayOfMonth : undefined,
  };
  const problem = timingProblem(timing);
  if (problem) throw appError("INVALID_ARGUMENT", problem);
  const name = args.name?.trim();
  if (name !== undefined && name.length > 120) throw appError("INVALID_ARGUMENT", "A schedule's name has at most 120 characters.");
  return {
    report_template_id: template._id,
    name: name || undefined,
    academic_year_id: args.academicYearId,
    frequency: timing.frequency,
    local_time: timing.local_time,
    timezone: timing.timezone,
    hour_utc: undefined,
    weekday: timing.weekday,
    day_of_month: timing.day_of_month,
    recipients: await checkRecipients(ctx, args.recipients),
    enabled: args.enabled,
    next_run_at: nextRunAfter(timing, ctx.now),
  };
}

export const create = orgMutation({
  permission: "reports.manage",
  args: vScheduleInput,
  returns: v.id("scheduled_reports"),
  handler: async (ctx, args) => {
    const fields = await scheduleFields(ctx, args);
    return await ctx.db.insert("scheduled_reports", {
      organisation_id: ctx.organisationId,
      ...fields,
      created_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

export const update = orgMutation({
  permission: "reports.manage",
  args: { id: v.id("scheduled_reports"), ...vScheduleInput },
  returns: v.null(),
  handler: async (ctx, { id, ...args }) => {
    await getOrThrow(ctx.db, id, "schedule");
    await ctx.db.patch(id, { ...(await scheduleFields(ctx, args)), updated_at: ctx.now });
    return null;
  },
});

export const setEnabled = orgMutation({
  permission: "reports.manage",
  args: { id: v.id("scheduled_reports"), enabled: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { id, enabled }) => {
    const s = await getOrThrow(ctx.db, id, "schedule");
    // Re-enabling starts from now: the runs missed while it was off are not made up.
    await ctx.db.patch(id, { enabled, next_run_at: enabled ? nextRunAfter(timingOf(s, ctx.organisation), ctx.now) : s.next_run_at, updated_at: ctx.now });
    return null;
  },
});

export const remove = orgMutation({
  permission: "reports.manage",
  args: { id: v.id("scheduled_reports") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    await getOrThrow(ctx.db, id, "schedule");
    await ctx.db.patch(id, { enabled: false, deleted_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});

/** Runs a schedule now, to its recipients, without moving its next run. */
export const sendNow = orgMutation({
  permission: "reports.manage",
  args: { id: v.id("scheduled_reports") },
  returns: v.id("jobs"),
  handler: async (ctx, { id }) => {
    const s = await getOrThrow(ctx.db, id, "schedule");
    const runKey = `${s._id}:now:${ctx.now}`;
    await ctx.db.patch(id, { last_run_at: ctx.now, last_run_key: runKey, last_status: "running", last_error: undefined, updated_at: ctx.now });
    return await startRun(ctx, s, runKey, { kind: "user", userId: ctx.viewer._id });
  },
});

// --- the cron -------------------------------------------------------------------------------

/** Claims every due schedule once and starts its run (a cron, every minute). */
export const tick = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const due = await ctx.db
      .query("scheduled_reports")
      .withIndex("by_enabled_and_next_run_at", (q) => q.eq("enabled", true).lte("next_run_at", now))
      .take(SCHEDULES_PER_CRON);
    let started = 0;
    for (const s of due) {
      const organisation = await ctx.db.get(s.organisation_id);
      if (s.deleted_at !== undefined || !organisation || organisation.deleted_at !== undefined) {
        await ctx.db.patch(s._id, { enabled: false, updated_at: now });
        continue;
      }
      const runKey = `${s._id}:${s.next_run_at}`;
      // The claim: after this write no other tick sees the slot as due.
      await ctx.db.patch(s._id, {
        next_run_at: nextRunAfter(timingOf(s, organisation), now),
        last_run_at: now,
        last_run_key: runKey,
        last_status: "running",
        last_error: undefined,
        updated_at: now,
      });
      await startRun(ctx, s, runKey, { kind: "system", name: "Report scheduler" });
      started += 1;
    }
    return started;
  },
});

async function startRun(
  ctx: Pick<MutationCtx, "db" | "scheduler">,
  s: Doc<"scheduled_reports">,
  runKey: string,
  actor: { kind: "user"; userId: Id<"users"> } | { kind: "system"; name: string },
): Promise<Id<"jobs">> {
  return await startJob(ctx, {
    organisationId: s.organisation_id,
    kind: SCHEDULE_RUN_JOB_KIND,
    label: `Scheduled report run ${new Date(Number(runKey.split(":").pop())).toISOString().slice(0, 16)}`,
    batch: internal.reports.schedules.runBatch,
    phases: [
      { name: "direct", label: "Members and addresses" },
      { name: "roles", label: "Role holders" },
      { name: "lecturers", label: "Lecturers' statements" },
    ],
    params: { scheduleId: s._id, runKey },
    actor,
    permission: "reports.manage",
    concurrencyKey: `schedule-run:${runKey}`,
  });
}

type RunParams = { scheduleId: Id<"scheduled_reports">; runKey: string };

/**
 * One batch of a schedule run. "direct": the listed members, and one
 * execution as the owner for every listed address. "roles": every holder of
 * each listed role, in pages. "lecturers": every lecturer of the report's
 * year and filters with a member account, each their own statement.
 */
export const runBatch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, params }) => {
    const { scheduleId, runKey } = JSON.parse(params) as RunParams;
    const s = await ctx.db.get(scheduleId);
    const template = s ? await ctx.dbWithDeleted.get(s.report_template_id) : null;
    const organisation = await ctx.db.get(ctx.organisationId);
    if (!s || !template || !organisation) return { done: 0, cursor: null, result: JSON.stringify({ skipped_run: 1 }) };
    const shape = templateShape(template);
    const recipients = s.recipients.map(recipientOf);
    const run = new RunAudiences(ctx, s, organisation, shape, runKey, s.name ?? template.name);

    if (phase === "direct") {
      for (const r of recipients) if (r.kind === "user") await run.addUser(r.user_id, shape.kind);
      const addresses = recipients.filter((r): r is { kind: "email"; address: string } => r.kind === "email").map((r) => r.address);
      if (addresses.length > 0) {
        const owner = s.created_by ? await ctx.db.get(s.created_by) : null;
        if (owner) await run.addAddresses(owner, addresses);
      }
      return { done: run.count, cursor: null, result: JSON.stringify({ executions: run.count }) };
    }

    if (phase === "roles") {
      // The cursor is "<role index>|<cursor within the role>".
      const roles = recipients.filter((r): r is { kind: "role"; role_id: Id<"roles"> } => r.kind === "role");
      const [indexText, inner] = cursor ? [cursor.slice(0, cursor.indexOf("|")), cursor.slice(cursor.indexOf("|") + 1)] : ["0", ""];
      const index = Number(indexText);
      if (index >= roles.length) return { done: 0, cursor: null };
      const page = await ctx.db
        .query("user_role_assignments")
        .withIndex("by_role_id", (q) => q.eq("role_id", roles[index].role_id))
        .paginate({ cursor: inner || null, numItems: Math.min(PEOPLE_PER_BATCH, AUDIENCES_PER_BATCH) });
      for (const a of page.page) {
        if (a.expires_at !== undefined && a.expires_at <= ctx.now) continue;
        await run.addUser(a.user_id, shape.kind);
      }
      const next = page.isDone ? (index + 1 < roles.length ? `${index + 1}|` : null) : `${index}|${page.continueCursor}`;
      return { done: run.count, cursor: next, result: JSON.stringify({ executions: run.count }) };
    }

    if (!recipients.some((r) => r.kind === "lecturers")) return { done: 0, cursor: null };
    const year = await reportYear(ctx, ctx.organisationId, { ...shape.filters, academic_year_id: s.academic_year_id ?? shape.filters.academic_year_id });
    const page = await ctx.db
      .query("lecturers")
      .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", year._id))
      .paginate({ cursor, numItems: AUDIENCES_PER_BATCH });
    const faculty = shape.filters.faculty_id;
    for (const l of page.page) {
      if (shape.filters.department_id && l.department_id !== shape.filters.department_id) continue;
      if (shape.filters.team_id && l.team_id !== shape.filters.team_id) continue;
      if (faculty) {
        const department = l.department_id ? await ctx.db.get(l.department_id) : null;
        if (department?.faculty_id !== faculty) continue;
      }
      const members = await ctx.db.query("users").withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", l.profile_id)).collect();
      for (const m of members) await run.addUser(m._id, "lecturer_statement");
    }
    return { done: run.count, cursor: page.isDone ? null : page.continueCursor, result: JSON.stringify({ executions: run.count }) };
  },
});

/** The executions of one run: one per person (and kind), deduplicated across the run's batches. */
class RunAudiences {
  count = 0;
  constructor(
    private readonly ctx: Pick<MutationCtx, "db" | "scheduler">,
    private readonly s: Doc<"scheduled_reports">,
    private readonly organisation: Doc<"organisations">,
    private readonly shape: ReturnType<typeof templateShape>,
    private readonly runKey: string,
    private readonly title: string,
  ) {}

  private async existing(userId: Id<"users">) {
    return await this.ctx.db
      .query("workload_reports")
      .withIndex("by_run_key_and_for_user_id", (q) => q.eq("run_key", this.runKey).eq("for_user_id", userId))
      .collect();
  }

  private subject(kindLabel: string) {
    return `${kindLabel === REPORT_KIND_LABELS.lecturer_statement && this.shape.kind !== "lecturer_statement" ? kindLabel : this.title}: ${this.organisation.name}`;
  }

  private async execution(forUser: Doc<"users">, kind: "lecturer_statement" | typeof this.shape.kind) {
    const found = (await this.existing(forUser._id)).find((r) => r.kind === kind);
    if (found) return found._id;
    const year = await reportYear(this.ctx, this.organisation._id, { ...this.shape.filters, academic_year_id: this.s.academic_year_id ?? this.shape.filters.academic_year_id });
    const statement = kind === "lecturer_statement" && this.shape.kind !== "lecturer_statement";
    const formats: ReportFormat[] = statement
      ? this.shape.formats.filter((f) => KIND_FORMATS.lecturer_statement.includes(f))
      : this.shape.formats;
    this.count += 1;
    return await startExecution(this.ctx, {
      organisation: this.organisation,
      yearId: year._id,
      name: statement ? `${REPORT_KIND_LABELS.lecturer_statement} ${year.name}` : this.title,
      kind,
      formats: formats.length > 0 ? formats : ["pdf"],
      // Their own statement: the lecturer is whoever the report is for.
      filters: statement ? {} : this.shape.filters,
      columns: statement ? undefined : (this.shape.columns ?? undefined),
      templateId: this.s.report_template_id,
      scheduleId: this.s._id,
      runKey: this.runKey,
      forUser,
      deliver: true,
    });
  }

  /** A member: their own report, unless they turned scheduled reports off or cannot receive mail. */
  async addUser(userId: Id<"users">, kind: typeof this.shape.kind | "lecturer_statement") {
    const user = await this.ctx.db.get(userId);
    if (!user || user.deleted_at !== undefined || user.organisation_id !== this.organisation._id) return;
    const prefs = await this.ctx.db.query("notification_settings").withIndex("by_user_id", (q) => q.eq("user_id", userId)).unique();
    const base = { organisation_id: this.organisation._id, kind: "report" as const, scheduled_report_id: this.s._id, run_key: this.runKey, user_id: userId, address: user.email };
    if (user.status !== "active" || (prefs && !prefs.email_reports)) {
      // Recorded once per run, so the owner sees who was skipped and why.
      const already = await this.ctx.db
        .query("email_deliveries")
        .withIndex("by_run_key_and_user_id", (q) => q.eq("run_key", this.runKey).eq("user_id", userId))
        .first();
      if (already) return;
      await queueDelivery(this.ctx, {
        ...base,
        subject: this.subject(REPORT_KIND_LABELS[kind]),
        status: "skipped",
        error: user.status !== "active" ? `${user.name} is not an active member.` : `${user.name} turned scheduled reports off.`,
      });
      return;
    }
    const reportId = await this.execution(user, kind);
    const deliveries = await this.ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", reportId)).collect();
    if (deliveries.some((d) => d.address === user.email)) return;
    await queueDelivery(this.ctx, { ...base, workload_report_id: reportId, subject: this.subject(REPORT_KIND_LABELS[kind]) });
  }

  /** Addresses outside the organisation receive what the owner may see. */
  async addAddresses(owner: Doc<"users">, addresses: string[]) {
    if (owner.deleted_at !== undefined || owner.status !== "active") return;
    const reportId = await this.execution(owner, this.shape.kind);
    const deliveries = await this.ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", reportId)).collect();
    for (const address of addresses) {
      if (deliveries.some((d) => d.address === address)) continue;
      await queueDelivery(this.ctx, {
        organisation_id: this.organisation._id,
        kind: "report",
        scheduled_report_id: this.s._id,
        run_key: this.runKey,
        workload_report_id: reportId,
        address,
        subject: this.subject(REPORT_KIND_LABELS[this.shape.kind]),
      });
    }
  }
}

/** The schedule's last run as its owner reads it: sent, partly sent, failed, or still running. */
export const refreshStatus = internalMutation({
  args: { scheduleId: v.id("scheduled_reports") },
  returns: v.null(),
  handler: async (ctx, { scheduleId }) => {
    const s = await ctx.db.get(scheduleId);
    if (!s?.last_run_key) return null;
    const runKey = s.last_run_key;
    const executions = await ctx.db
      .query("workload_reports")
      .withIndex("by_run_key_and_for_user_id", (q) => q.eq("run_key", runKey))
      .take(1000);
    let pending = 0;
    let sent = 0;
    let failed = 0;
    let error: string | undefined;
    for (const e of executions) {
      if (e.status === "failed") error ??= e.error;
      const ds = await ctx.db.query("email_deliveries").withIndex("by_workload_report_id", (q) => q.eq("workload_report_id", e._id)).collect();
      for (const d of ds) {
        if (d.status === "sent") sent += 1;
        else if (d.status === "queued" || (d.status === "failed" && d.next_attempt_at !== undefined)) pending += 1;
        else if (d.status === "failed" || d.status === "skipped") {
          if (d.status === "failed") failed += 1;
          error ??= d.error;
        }
      }
      if (e.status === "pending" || e.status === "processing") pending += 1;
    }
    const status = pending > 0 ? "running" : failed === 0 && !executions.some((e) => e.status === "failed") ? "sent" : sent > 0 ? "partial" : "failed";
    await ctx.db.patch(scheduleId, { last_status: status, last_error: status === "sent" ? undefined : error });
    return null;
  },
});

/** Who a schedule can be sent to: the organisation's roles, members and allowed email domains. */
export const recipientChoices = orgQuery({
  permission: "reports.manage",
  args: {},
  returns: v.object({
    roles: v.array(v.object({ id: v.id("roles"), name: v.string() })),
    members: v.array(v.object({ id: v.id("users"), name: v.string(), email: v.string() })),
    domains: v.array(v.string()),
    timezone: v.string(),
  }),
  handler: async (ctx) => {
    const roles = await ctx.db.query("roles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).take(200);
    const users = await ctx.db.query("users").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).take(1000);
    return {
      roles: roles.map((r) => ({ id: r._id, name: r.name })).sort((a, b) => a.name.localeCompare(b.name)),
      members: users
        .filter((u) => u.status === "active")
        .map((u) => ({ id: u._id, name: u.name, email: u.email }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      domains: allowedDomains(ctx.organisation),
      timezone: ctx.organisation.timezone,
    };
  },
});
