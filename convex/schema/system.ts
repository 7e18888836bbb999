/**
 * Reference category 7 — System tables: settings, RBAC, audit, integration,
 * reports scheduling, files, tags, events. Also the peers' contributions that
 * a live multi-user tool needs: in-app notifications with read state (BDC,
 * reference 004) and presence in the allocation editor.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import {
  vActor,
  vActorKind,
  vAllocationEmails,
  vAuditAction,
  vBandThresholds,
  vContractFamilySettings,
  vDeliveryStatus,
  vJobPhase,
  vJobState,
  vJobUsage,
  vLegacyReportFormat,
  vLegacyReportKind,
  vReportFilters,
  vReportFormat,
  vReportKind,
  vReportRecipient,
  vReportStatus,
  vRolloverOptions,
  vScheduleFrequency,
  vSemesterSplit,
} from "./validators";
import {
  vImportCounts,
  vImportFormat,
  vImportKind,
  vImportMapping,
  vImportMessage,
  vImportRowAction,
  vImportRowOutcome,
  vImportRowStatus,
  vImportStage,
  vImportTarget,
  vImportWrite,
} from "./importValidators";

export const systemTables = {
  /** The organisation's constants for one academic year; nothing in code repeats them. */
  organisation_settings: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    standard_fte_hours: v.number(),
    teaching_weeks: v.number(),
    default_max_group_size: v.number(),
    band_thresholds: vBandThresholds,
    contract_families: v.array(vContractFamilySettings),
    default_year_split: vSemesterSplit, // how a year-long iteration loads semesters
    lecturers_see_colleagues: v.boolean(),
    presence_timeout_seconds: v.number(),
    /** The options this year's rollover starts with, saved by an admin (the automatic rollover uses them). */
    rollover_options: v.optional(vRolloverOptions),
    /** ISO date on which a cron rolls this year over with `rollover_options`; cleared once started. */
    rollover_auto_on: v.optional(v.string()),
    version: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_rollover_auto_on", ["rollover_auto_on"])
    .index("by_created_at", ["created_at"]),

  notification_settings: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    in_app_allocation_changes: v.boolean(),
    email_reports: v.boolean(),
    /**
     * Emails about changes to one's allocations: immediate (coalesced over a
     * few minutes), a daily digest, or off. Rows written before issue #11 hold
     * none/weekly here and `email_allocation_changes`; the reports migration
     * rewrites them, and readers normalise them until it has run.
     */
    digest: v.union(vAllocationEmails, v.literal("none"), v.literal("weekly")),
    email_allocation_changes: v.optional(v.boolean()),
    /** An immediate email is waiting to carry what happened until then (coalescing). */
    email_flush_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_digest", ["digest"])
    .index("by_created_at", ["created_at"]),

  external_systems: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    /** "spreadsheet": files uploaded in the app's import wizard (one entry per organisation). */
    kind: v.union(v.literal("hr_feed"), v.literal("student_records"), v.literal("timetabling"), v.literal("smtp"), v.literal("spreadsheet")),
    base_url: v.optional(v.string()),
    config: v.record(v.string(), v.string()),
    enabled: v.boolean(),
    last_sync_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_created_at", ["created_at"]),

  /**
   * One import (issue #14): a file from an external system (or the wizard's
   * uploads), its dry run and its commit. The optional fields are the
   * import's: rows written before imports existed have none of them.
   */
  data_sync_logs: defineTable({
    organisation_id: v.id("organisations"),
    external_system_id: v.id("external_systems"),
    status: vReportStatus,
    records_processed: v.number(),
    records_failed: v.number(),
    message: v.optional(v.string()),
    kind: v.optional(vImportKind),
    stage: v.optional(vImportStage),
    academic_year_id: v.optional(v.id("academic_years")),
    file_name: v.optional(v.string()),
    format: v.optional(vImportFormat),
    storage_id: v.optional(v.id("_storage")),
    mapping: v.optional(vImportMapping),
    /** Fields no column of the file fills, as the dry run found them. */
    missing_fields: v.optional(v.array(v.string())),
    counts: v.optional(vImportCounts),
    started_by: v.optional(v.id("users")),
    check_job_id: v.optional(v.id("jobs")),
    commit_job_id: v.optional(v.id("jobs")),
    undo_job_id: v.optional(v.id("jobs")),
    /** A feed sent with an API key; `auto_commit`: commit once the dry run finds no errors. */
    api_key_id: v.optional(v.id("api_keys")),
    auto_commit: v.optional(v.boolean()),
    /** A staff file that is the full staff list: lecturers it leaves out become leavers once confirmed. */
    full_feed: v.optional(v.boolean()),
    checked_at: v.optional(v.number()),
    committed_at: v.optional(v.number()),
    started_at: v.number(),
    finished_at: v.optional(v.number()),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_created_at", ["organisation_id", "created_at"])
    .index("by_external_system_id", ["external_system_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_storage_id", ["storage_id"])
    .index("by_started_by", ["started_by"])
    .index("by_check_job_id", ["check_job_id"])
    .index("by_commit_job_id", ["commit_job_id"])
    .index("by_undo_job_id", ["undo_job_id"])
    .index("by_api_key_id", ["api_key_id"])
    .index("by_created_at", ["created_at"]),

  /** The column mapping an organisation last used for a kind of import (the wizard offers it again). */
  import_mappings: defineTable({
    organisation_id: v.id("organisations"),
    kind: vImportKind,
    mapping: vImportMapping,
    updated_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id_and_kind", ["organisation_id", "kind"])
    .index("by_updated_by", ["updated_by"]),

  /** A row of an import's file, as mapped to fields, with the dry run's verdict and the commit's outcome. */
  import_rows: defineTable({
    organisation_id: v.id("organisations"),
    sync_log_id: v.id("data_sync_logs"),
    /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
    position: v.number(),
    /** Field name -> the cell's text (escapes stripped). */
    cells: v.record(v.string(), v.string()),
    status: v.optional(vImportRowStatus),
    action: v.optional(vImportRowAction),
    messages: v.optional(v.array(vImportMessage)),
    /** "field: old -> new" for an update, what is created for a create. */
    changes: v.optional(v.array(v.string())),
    targets: v.optional(v.array(vImportTarget)),
    outcome: v.optional(vImportRowOutcome),
    outcome_message: v.optional(v.string()),
    written: v.optional(v.array(vImportWrite)),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_sync_log_id_and_position", ["sync_log_id", "position"])
    .index("by_sync_log_id_and_status_and_position", ["sync_log_id", "status", "position"]),

  /**
   * The natural keys an import's rows name (a staff email, a module code, an
   * iteration code, an allocation's lecturer and component), each with the
   * first row that names it: later rows are duplicates or refer to what that
   * row creates. `info` carries what a later row needs (a department, a running share).
   */
  import_keys: defineTable({
    organisation_id: v.id("organisations"),
    sync_log_id: v.id("data_sync_logs"),
    key: v.string(),
    position: v.number(),
    info: v.optional(v.string()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_sync_log_id_and_key", ["sync_log_id", "key"])
    .index("by_sync_log_id_and_position", ["sync_log_id", "position"]),

  /**
   * What to build: a kind, its filters, the columns where a kind has a choice,
   * and the formats. `format` and the legacy kinds and JSON `filters` text are
   * rows written before issue #11, rewritten by the reports migration.
   */
  report_templates: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    kind: v.union(vReportKind, vLegacyReportKind),
    formats: v.optional(v.array(vReportFormat)),
    filters: v.optional(v.union(vReportFilters, v.string())),
    /** Columns of the main table, in order (unset: the kind's default columns). */
    columns: v.optional(v.array(v.string())),
    format: v.optional(vLegacyReportFormat),
    created_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_created_by", ["created_by"])
    .index("by_created_at", ["created_at"]),

  /**
   * A template sent on a schedule: at a local time in an IANA timezone, daily,
   * weekly on an ISO weekday (1 = Monday) or monthly on a day (clamped to the
   * month's last day). `next_run_at` is the next firing in UTC, recomputed
   * after each run; the cron claims due rows through the index. `hour_utc` and
   * plain address strings in `recipients` are rows written before issue #11.
   */
  scheduled_reports: defineTable({
    organisation_id: v.id("organisations"),
    report_template_id: v.id("report_templates"),
    academic_year_id: v.optional(v.id("academic_years")), // unset: the active year at run time
    name: v.optional(v.string()),
    frequency: vScheduleFrequency,
    local_time: v.optional(v.string()), // "08:00"
    timezone: v.optional(v.string()), // "Europe/London"
    hour_utc: v.optional(v.number()),
    weekday: v.optional(v.number()),
    day_of_month: v.optional(v.number()),
    recipients: v.array(v.union(vReportRecipient, v.string())),
    enabled: v.boolean(),
    next_run_at: v.number(),
    last_run_at: v.optional(v.number()),
    /** The run that claimed the last slot (a workload_reports batch key), for "exactly once". */
    last_run_key: v.optional(v.string()),
    last_status: v.optional(v.union(v.literal("sent"), v.literal("partial"), v.literal("failed"), v.literal("running"))),
    last_error: v.optional(v.string()),
    created_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_report_template_id", ["report_template_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_created_by", ["created_by"])
    .index("by_enabled_and_next_run_at", ["enabled", "next_run_at"])
    .index("by_created_at", ["created_at"]),

  user_sessions: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    started_at: v.number(),
    last_seen_at: v.number(),
    ended_at: v.optional(v.number()),
    user_agent: v.optional(v.string()),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_created_at", ["created_at"]),

  /**
   * Written by the audit trigger only: one row per insert, update or delete.
   * It names its actor (a person, a named system actor or an API key) and
   * carries the place of the entity it describes, so a scoped reader's list
   * reads only their departments' rows (lib/scope.ts).
   */
  audit_logs: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.optional(v.id("academic_years")),
    user_id: v.optional(v.id("users")), // the person acting, or who started the job
    actor_kind: v.optional(vActorKind), // unset on rows written before actors were recorded
    actor_name: v.optional(v.string()),
    api_key_id: v.optional(v.id("api_keys")),
    entity_type: v.string(),
    entity_id: v.string(),
    action: vAuditAction,
    old_values: v.optional(v.string()), // JSON of the changed fields before
    new_values: v.optional(v.string()), // JSON of the changed fields after
    changed_fields: v.array(v.string()),
    /** Rows about organisation-level objects, readable by every holder of audit.view. */
    organisation_level: v.optional(v.boolean()),
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    lecturer_department_id: v.optional(v.id("departments")),
    lecturer_team_id: v.optional(v.id("teams")),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_created_at", ["organisation_id", "created_at"])
    .index("by_organisation_id_and_organisation_level_and_created_at", ["organisation_id", "organisation_level", "created_at"])
    .index("by_department_id_and_created_at", ["department_id", "created_at"])
    .index("by_team_id_and_created_at", ["team_id", "created_at"])
    .index("by_lecturer_department_id_and_created_at", ["lecturer_department_id", "created_at"])
    .index("by_lecturer_team_id_and_created_at", ["lecturer_team_id", "created_at"])
    .index("by_api_key_id", ["api_key_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_user_id", ["user_id"])
    .index("by_entity_type_and_entity_id", ["entity_type", "entity_id"])
    .index("by_created_at", ["created_at"]),

  data_migrations: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(), // a schema migration, e.g. "backfill employment_status" (long work is in `jobs`)
    kind: v.string(),
    status: vReportStatus,
    source_academic_year_id: v.optional(v.id("academic_years")),
    target_academic_year_id: v.optional(v.id("academic_years")),
    total: v.number(),
    processed: v.number(),
    error: v.optional(v.string()),
    started_by: v.optional(v.id("users")),
    /** Who the job acts as at each step (lib/functions.ts actor builders); unset on older rows. */
    actor: v.optional(vActor),
    started_at: v.number(),
    completed_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_source_academic_year_id", ["source_academic_year_id"])
    .index("by_target_academic_year_id", ["target_academic_year_id"])
    .index("by_started_by", ["started_by"])
    .index("by_created_at", ["created_at"]),

  /**
   * Long work (rollover, recompute, reports, imports...): one row per run of
   * the one job mechanism (convex/lib/jobs.ts). Steps are scheduled mutations
   * that each carry `step_token`; a step whose token is stale does nothing,
   * so a repeated or retried schedule never applies a batch twice.
   */
  jobs: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.optional(v.id("academic_years")),
    kind: v.string(), // "rollover", "workload_recompute", "report", "import"...
    label: v.string(), // what a person reads: "Rollover 2026/27 -> 2027/28"
    status: vJobState,
    dry_run: v.boolean(),
    /** The internal mutation that does one batch (a function name, "dir/module:export"). */
    batch_fn: v.string(),
    /** Kind-specific options, JSON. */
    params: v.string(),
    phases: v.array(vJobPhase),
    phase_index: v.number(),
    cursor: v.optional(v.string()),
    /** Incremented by every applied step; the next step is scheduled with it. */
    step_token: v.number(),
    scheduled_step_id: v.optional(v.id("_scheduled_functions")),
    /** Restarts by the watchdog after a step was lost (failed schedule, restart). */
    restarts: v.number(),
    /** Action phases: "<token>:<restarts>" of the action launched for the current phase. */
    action_launch: v.optional(v.string()),
    /** Internal mutation told (args `{ jobId }`) once the job is completed, failed or cancelled. */
    settle_fn: v.optional(v.string()),
    /** Summary built up by the batches (counts, capped lists), JSON; the dry run's answer. */
    result: v.optional(v.string()),
    error: v.optional(v.string()),
    /** Who the job acts as: the person who started it (re-checked at every step), or a system actor. */
    actor_kind: v.union(v.literal("user"), v.literal("system"), v.literal("api_key")),
    started_by: v.optional(v.id("users")),
    actor_name: v.optional(v.string()),
    external_system_id: v.optional(v.id("external_systems")),
    /** The key an API-key job acts with (its permissions and scope, re-checked at every step). */
    api_key_id: v.optional(v.id("api_keys")),
    /** Permission the starter must still hold at every step, and that lets others see the job. */
    permission: v.string(),
    /** At most one queued/running job per key (e.g. "rollover:<target year>"). */
    concurrency_key: v.optional(v.string()),
    /** The most one step used of each per-transaction limit (ctx.meta), to check batch sizing. */
    peak_usage: v.optional(vJobUsage),
    started_at: v.number(),
    finished_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_kind", ["organisation_id", "kind"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_status_and_updated_at", ["status", "updated_at"])
    .index("by_concurrency_key_and_status", ["concurrency_key", "status"])
    .index("by_started_by", ["started_by"])
    .index("by_external_system_id", ["external_system_id"])
    .index("by_api_key_id", ["api_key_id"])
    .index("by_scheduled_step_id", ["scheduled_step_id"])
    .index("by_created_at", ["created_at"]),

  /** RBAC roles hold permission codenames (TESC's role -> permission model). */
  roles: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    description: v.optional(v.string()),
    permissions: v.array(v.string()),
    is_system: v.boolean(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_name", ["organisation_id", "name"])
    .index("by_created_at", ["created_at"]),

  user_role_assignments: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    role_id: v.id("roles"),
    /** Optional scope: the role applies only within this department or team. */
    scope_department_id: v.optional(v.id("departments")),
    scope_team_id: v.optional(v.id("teams")),
    expires_at: v.optional(v.number()),
    granted_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_role_id", ["role_id"])
    .index("by_scope_department_id", ["scope_department_id"])
    .index("by_scope_team_id", ["scope_team_id"])
    .index("by_granted_by", ["granted_by"])
    .index("by_created_at", ["created_at"]),

  /**
   * Domain events (allocation created, changed, removed, restored, queried...)
   * for emails, feeds and integrations. `user_id` is who acted; `recipient_user_id`
   * the member the event is told to (the same people the in-app notice goes
   * to), with `notification_id` the notice; `emailed_at` is set once an
   * immediate or digest email has carried it.
   */
  events: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.optional(v.id("academic_years")),
    user_id: v.optional(v.id("users")),
    type: v.string(),
    entity_type: v.string(),
    entity_id: v.string(),
    payload: v.string(), // JSON
    recipient_user_id: v.optional(v.id("users")),
    notification_id: v.optional(v.id("notifications")),
    emailed_at: v.optional(v.number()),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_user_id", ["user_id"])
    .index("by_recipient_user_id_and_emailed_at", ["recipient_user_id", "emailed_at"])
    .index("by_notification_id", ["notification_id"])
    .index("by_created_at", ["created_at"]),

  /**
   * One email to one recipient: a report execution's files, or a notification
   * email (immediate batch or digest). Retried with exponential backoff, to
   * the failed recipients only; `idempotency_key` is the message's id, so a
   * retried send after an unclear failure is recognisable downstream.
   */
  email_deliveries: defineTable({
    organisation_id: v.id("organisations"),
    kind: v.union(v.literal("report"), v.literal("notifications")),
    workload_report_id: v.optional(v.id("workload_reports")),
    scheduled_report_id: v.optional(v.id("scheduled_reports")),
    /** The schedule run it belongs to (workload_reports.run_key). */
    run_key: v.optional(v.string()),
    user_id: v.optional(v.id("users")),
    address: v.string(),
    subject: v.string(),
    status: vDeliveryStatus,
    attempts: v.number(),
    max_attempts: v.number(),
    next_attempt_at: v.optional(v.number()),
    /** The SMTP server's reply to the last attempt (accepted or refused). */
    last_response: v.optional(v.string()),
    error: v.optional(v.string()),
    /** Notification emails: the events they carry, and the body to send. */
    event_ids: v.optional(v.array(v.id("events"))),
    body_text: v.optional(v.string()),
    body_html: v.optional(v.string()),
    idempotency_key: v.string(),
    /** A sender holds the row until then: two senders never send the same attempt. */
    claimed_until: v.optional(v.number()),
    sent_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_workload_report_id", ["workload_report_id"])
    .index("by_scheduled_report_id", ["scheduled_report_id"])
    .index("by_run_key_and_user_id", ["run_key", "user_id"])
    .index("by_user_id", ["user_id"])
    .index("by_status_and_next_attempt_at", ["status", "next_attempt_at"])
    .index("by_created_at", ["created_at"]),

  file_attachments: defineTable({
    organisation_id: v.id("organisations"),
    storage_id: v.id("_storage"),
    file_name: v.string(),
    content_type: v.string(),
    size: v.number(),
    entity_type: v.string(),
    entity_id: v.string(),
    uploaded_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_storage_id", ["storage_id"])
    .index("by_entity_type_and_entity_id", ["entity_type", "entity_id"])
    .index("by_uploaded_by", ["uploaded_by"])
    .index("by_created_at", ["created_at"]),

  /**
   * Which organisation a stored file belongs to: claimed by the first write
   * that stores its id (an attachment, an avatar), and refused to any other
   * organisation afterwards (lib/storage.ts).
   */
  stored_files: defineTable({
    organisation_id: v.id("organisations"),
    storage_id: v.id("_storage"),
    claimed_by: v.optional(v.id("users")),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_storage_id", ["storage_id"])
    .index("by_claimed_by", ["claimed_by"])
    .index("by_created_at", ["created_at"]),

  /**
   * Keys with which an external system calls the API (the feeds of
   * convex/http.ts): a request with a key acts as that system, with the
   * key's permissions and optional department or team scope (lib/functions.ts,
   * the API-key actor). Shown once when created, kept as its SHA-256 hash,
   * revocable; `kinds` are the imports it may run.
   */
  api_keys: defineTable({
    organisation_id: v.id("organisations"),
    external_system_id: v.id("external_systems"),
    name: v.string(),
    key_hash: v.string(),
    /** The key's first characters, to tell keys apart in lists. */
    prefix: v.string(),
    kinds: v.array(vImportKind),
    permissions: v.array(v.string()),
    last_used_at: v.optional(v.number()),
    scope_department_id: v.optional(v.id("departments")),
    scope_team_id: v.optional(v.id("teams")),
    expires_at: v.optional(v.number()),
    revoked_at: v.optional(v.number()),
    created_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_external_system_id", ["external_system_id"])
    .index("by_key_hash", ["key_hash"])
    .index("by_scope_department_id", ["scope_department_id"])
    .index("by_scope_team_id", ["scope_team_id"])
    .index("by_created_by", ["created_by"])
    .index("by_created_at", ["created_at"]),

  tags: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    colour: v.string(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_created_at", ["created_at"]),

  taggables: defineTable({
    organisation_id: v.id("organisations"),
    tag_id: v.id("tags"),
    entity_type: v.string(),
    entity_id: v.string(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_tag_id", ["tag_id"])
    .index("by_entity_type_and_entity_id", ["entity_type", "entity_id"])
    .index("by_created_at", ["created_at"]),

  /** In-app notifications with read state (BDC peer). */
  notifications: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    kind: v.string(),
    title: v.string(),
    body: v.string(),
    entity_type: v.optional(v.string()),
    entity_id: v.optional(v.string()),
    read_at: v.optional(v.number()),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_user_id_and_read_at", ["user_id", "read_at"])
    .index("by_created_at", ["created_at"]),

  /** Who is viewing or editing what in the allocation editor; expires by heartbeat age. */
  presence: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    user_id: v.id("users"),
    user_name: v.string(),
    location: v.string(), // e.g. "editor"
    module_iteration_id: v.optional(v.id("module_iterations")),
    editing_cell: v.optional(v.string()),
    last_heartbeat: v.number(),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_academic_year_id_and_location", ["academic_year_id", "location"])
    .index("by_user_id", ["user_id"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    .index("by_last_heartbeat", ["last_heartbeat"])
    .index("by_created_at", ["created_at"]),
};
