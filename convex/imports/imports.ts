/**
 * Spreadsheet imports as people use them (issue #14): upload a file, start a
 * dry run with a column mapping (remembered per organisation and kind on the
 * wizard's `external_systems` entry), read the verdict of every row, commit,
 * and see the history. Each import is one `data_sync_logs` row; its dry run
 * and commit are jobs (pipeline.ts) acting as the person who started them.
 *
 * An import needs the permission its kind writes under (lecturers.edit,
 * modules.edit, allocations.edit), checked again for every row's department
 * or team by the dry run and the commit.
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { internal } from "../_generated/api";
import { loadAccess, type Access } from "../lib/access";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { internalQuery, orgMutation, orgQuery, unscopedDb, type OrgMutationCtx, type OrgQueryCtx } from "../lib/functions";
import { importYearVerdict } from "../lib/imports/closedYear";
import { IMPORT_FIELDS, IMPORT_KIND_PERMISSION } from "../lib/imports/fields";
import { jobPercent, startJob, type JobActor } from "../lib/jobs";
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
  type ImportKind,
  type ImportMapping,
} from "../schema/importValidators";
import { IMPORT_JOB_KIND } from "./constants";
import { WorkloadLoader } from "../workload/loader";
import { EMPTY_COUNTS, processRow } from "./pipeline";
import { Refs } from "./rowContext";

/** The wizard's own external system: files people upload in the app (created, and audited, once per organisation). */
const UPLOADS_SYSTEM = { name: "Spreadsheet uploads", kind: "spreadsheet" as const };

async function uploadsSystem(ctx: OrgMutationCtx): Promise<Doc<"external_systems">> {
  const systems = await ctx.db.query("external_systems").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
  const found = systems.find((s) => s.kind === UPLOADS_SYSTEM.kind);
  if (found) return found;
  // The wizard's own entry is bookkeeping of imports, made for whoever imports first (not an admin's change of systems).
  const id = await unscopedDb(ctx).insert("external_systems", {
    organisation_id: ctx.organisationId,
    ...UPLOADS_SYSTEM,
    config: {},
    enabled: true,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  return (await unscopedDb(ctx).get(id))!;
}

function requireKind(ctx: OrgQueryCtx | OrgMutationCtx, kind: ImportKind) {
  ctx.access.require(IMPORT_KIND_PERMISSION[kind]);
}

export const generateUploadUrl = orgMutation({
  permission: null,
  args: { kind: vImportKind },
  returns: v.string(),
  handler: async (ctx, { kind }) => {
    requireKind(ctx, kind);
    return await ctx.storage.generateUploadUrl();
  },
});

/** The mapping an organisation last used for a kind (for `parse:inspect`). */
export const rememberedMapping = internalQuery({
  args: { organisationId: v.id("organisations"), kind: vImportKind },
  returns: vImportMapping,
  handler: async (ctx, { organisationId, kind }) => {
    const row = await ctx.db
      .query("import_mappings")
      .withIndex("by_organisation_id_and_kind", (q) => q.eq("organisation_id", organisationId).eq("kind", kind))
      .first();
    return row?.mapping ?? [];
  },
});

/** The kinds `userId` may import now (for `parse:inspect`, which reads a stored file only for an importer). */
export const importerKinds = internalQuery({
  args: { organisationId: v.id("organisations"), userId: v.id("users") },
  returns: v.array(vImportKind),
  handler: async (ctx, { organisationId, userId }) => {
    const user = await ctx.db.get(userId);
    if (!user || user.organisation_id !== organisationId) return [];
    const access = await loadAccess(ctx, user, Date.now());
    return (Object.keys(IMPORT_KIND_PERMISSION) as ImportKind[]).filter((k) => access.has(IMPORT_KIND_PERMISSION[k]));
  },
});

/** Starts an import's dry run: reads the uploaded file with `mapping` and checks every row, writing nothing. */
export const start = orgMutation({
  permission: null,
  args: {
    academicYearId: v.id("academic_years"),
    kind: vImportKind,
    storageId: v.id("_storage"),
    fileName: v.string(),
    format: vImportFormat,
    mapping: vImportMapping,
    /** Staff only: the file is the full staff list (lecturers it leaves out are listed as leavers). */
    full: v.optional(v.boolean()),
  },
  returns: v.object({ importId: v.id("data_sync_logs"), jobId: v.id("jobs") }),
  handler: async (ctx, args) => {
    requireKind(ctx, args.kind);
    if (args.full && args.kind !== "staff") throw appError("INVALID_ARGUMENT", "Only a staff file can be the full staff list.");
    const year = await getOrThrow(ctx.db, args.academicYearId, "academic year");
    // An archived year takes no import, a locked one only from holders of years.edit_locked: the layer's rule, up front.
    requireOpenYear(year, ctx.access);
    const fields = new Set(IMPORT_FIELDS[args.kind].map((f) => f.field));
    const seen = new Set<string>();
    for (const m of args.mapping) {
      if (!fields.has(m.field)) throw appError("INVALID_ARGUMENT", `"${m.field}" is not a field of a ${args.kind} import.`);
      if (seen.has(m.field)) throw appError("INVALID_ARGUMENT", `Two columns are mapped to ${m.field}; map one.`);
      seen.add(m.field);
    }
    // Unmapped required fields are not refused here: every row then says what it lacks.
    if (!(await ctx.db.system.get(args.storageId))) throw appError("NOT_FOUND", "The uploaded file is gone; upload it again.");

    const system = await uploadsSystem(ctx);
    await rememberMapping(ctx, args.kind, args.mapping, ctx.viewer._id);
    return await createImport(ctx, {
      ...args,
      yearId: year._id,
      externalSystemId: system._id,
      actor: { kind: "user", userId: ctx.viewer._id },
    });
  },
});

/**
 * Throws CONFLICT (with the year's id, name and state in the error's data)
 * when `year` takes no import from this caller: archived never, locked only
 * from holders of years.edit_locked organisation-wide (`access` null: the
 * system, which a locked year does not refuse). The rule and its words are
 * lib/imports/closedYear.ts, which the wizard shows too.
 */
export function requireOpenYear(year: Doc<"academic_years">, access: Access | null) {
  const verdict = importYearVerdict(year, access === null || access.hasEverywhere("years.edit_locked"));
  if (!verdict?.refused) return;
  throw appError("CONFLICT", verdict.message, { academicYearId: year._id, year: year.name, status: year.status });
}

type ImportWriteCtx = Pick<OrgMutationCtx, "db" | "scheduler" | "organisationId" | "now">;

/** Keeps `mapping` as the organisation's mapping for `kind` (written only when it changed). */
export async function rememberMapping(ctx: ImportWriteCtx, kind: ImportKind, mapping: ImportMapping, userId?: Id<"users">) {
  const remembered = await ctx.db
    .query("import_mappings")
    .withIndex("by_organisation_id_and_kind", (q) => q.eq("organisation_id", ctx.organisationId).eq("kind", kind))
    .first();
  if (!remembered) {
    await ctx.db.insert("import_mappings", { organisation_id: ctx.organisationId, kind, mapping, updated_by: userId, created_at: ctx.now, updated_at: ctx.now });
  } else if (JSON.stringify(remembered.mapping) !== JSON.stringify(mapping)) {
    await ctx.db.patch(remembered._id, { mapping, updated_by: userId, updated_at: ctx.now });
  }
}

/**
 * The one way an import starts, from the wizard or from a feed: its
 * `data_sync_logs` row under its external system, and its dry-run job acting
 * as `actor` (a person, or the external system that owns the feed's key).
 */
export async function createImport(
  ctx: ImportWriteCtx,
  spec: {
    kind: ImportKind;
    yearId: Id<"academic_years">;
    storageId: Id<"_storage">;
    fileName: string;
    format: "csv" | "xlsx";
    /** null: the read phase maps the file's headers itself (feeds). */
    mapping: ImportMapping | null;
    externalSystemId: Id<"external_systems">;
    actor: JobActor;
    apiKeyId?: Id<"api_keys">;
    autoCommit?: boolean;
    full?: boolean;
  },
) {
  // The year's state is checked by the caller, who knows who starts it (requireOpenYear).
  const importId = await ctx.db.insert("data_sync_logs", {
    organisation_id: ctx.organisationId,
    external_system_id: spec.externalSystemId,
    status: "processing",
    stage: "checking",
    kind: spec.kind,
    academic_year_id: spec.yearId,
    file_name: spec.fileName,
    format: spec.format,
    storage_id: spec.storageId,
    mapping: spec.mapping ?? undefined,
    counts: EMPTY_COUNTS,
    started_by: spec.actor.kind === "user" ? spec.actor.userId : undefined,
    api_key_id: spec.apiKeyId,
    auto_commit: spec.autoCommit,
    full_feed: spec.full || undefined,
    records_processed: 0,
    records_failed: 0,
    started_at: ctx.now,
    created_at: ctx.now,
  });
  const jobId = await startJob(ctx, {
    organisationId: ctx.organisationId,
    academicYearId: spec.yearId,
    kind: IMPORT_JOB_KIND,
    label: `Dry run of ${spec.fileName}`,
    batch: internal.imports.pipeline.batch,
    phases: [
      { name: "read", label: "Reading the file", action: internal.imports.parse.readPhase },
      { name: "check", label: "Checking rows" },
      ...(spec.full ? [{ name: "absent", label: "Finding lecturers the file leaves out" }] : []),
    ],
    settle: internal.imports.pipeline.settle,
    params: { importId },
    dryRun: true,
    actor: spec.actor,
    permission: IMPORT_KIND_PERMISSION[spec.kind],
    concurrencyKey: `import:${importId}`,
  });
  await ctx.db.patch(importId, { check_job_id: jobId });
  return { importId, jobId };
}

/** Starts the commit job of a checked import, acting as `actor` (whose `access` the year's state is checked against). */
export async function startCommit(ctx: ImportWriteCtx, log: Doc<"data_sync_logs">, actor: JobActor, access: Access | null): Promise<Id<"jobs">> {
  // The year may have been locked or archived since the dry run.
  const year = log.academic_year_id ? await ctx.db.get(log.academic_year_id) : null;
  if (!year) throw appError("NOT_FOUND", "This import's academic year no longer exists.");
  requireOpenYear(year, access);
  const counts = log.counts ?? EMPTY_COUNTS;
  const jobId = await startJob(ctx, {
    organisationId: ctx.organisationId,
    academicYearId: log.academic_year_id,
    kind: IMPORT_JOB_KIND,
    label: `Import of ${log.file_name ?? "a file"}`,
    batch: internal.imports.pipeline.batch,
    phases: [
      { name: "apply", label: "Writing rows", total: counts.rows },
      ...(log.full_feed && (counts.leavers ?? 0) > 0 ? [{ name: "leavers", label: "Marking leavers", total: counts.leavers }] : []),
    ],
    settle: internal.imports.pipeline.settle,
    params: { importId: log._id },
    dryRun: false,
    actor,
    permission: IMPORT_KIND_PERMISSION[log.kind!],
    concurrencyKey: `import:${log._id}`,
  });
  await ctx.db.patch(log._id, { stage: "committing", status: "processing", commit_job_id: jobId });
  return jobId;
}

/** Commits a checked import: writes its rows in batches; rows with errors are skipped, conflicts reported. */
export const commit = orgMutation({
  permission: null,
  args: { importId: v.id("data_sync_logs"), confirmLeavers: v.optional(v.boolean()) },
  returns: v.id("jobs"),
  handler: async (ctx, { importId, confirmLeavers }) => {
    const log = await visibleImport(ctx, importId);
    const leavers = log.counts?.leavers ?? 0;
    if (log.full_feed && leavers > 0 && !confirmLeavers) {
      throw appError("CONFLICT", `This full staff list leaves out ${leavers} lecturer${leavers === 1 ? "" : "s"}: confirm that they have left (they are marked as leavers, never deleted).`, { leavers });
    }
    if (log.stage !== "checked") {
      throw appError("CONFLICT", log.stage === "committed" || log.stage === "committing" ? "This import is committed already." : "Commit an import once its dry run has finished.");
    }
    return await startCommit(ctx, log, { kind: "user", userId: ctx.viewer._id }, ctx.access);
  },
});

/**
 * Fixes one row of a checked import (the dry-run table's edit): its cells
 * are replaced and the row is checked again at once, as the dry run would
 * (its keys re-claimed), and the import's counts follow. Other rows keep
 * their verdicts: a row that duplicated this one's old email stays flagged.
 */
export const fixRow = orgMutation({
  permission: null,
  args: { importId: v.id("data_sync_logs"), rowId: v.id("import_rows"), cells: v.record(v.string(), v.string()) },
  returns: v.object({ status: vImportRowStatus, action: vImportRowAction, messages: v.array(vImportMessage) }),
  handler: async (ctx, { importId, rowId, cells }) => {
    const log = await visibleImport(ctx, importId);
    if (log.stage !== "checked") throw appError("CONFLICT", "Rows can be fixed once the dry run has finished and before the commit.");
    const row = await getOrThrow(ctx.db, rowId, "import row");
    if (row.sync_log_id !== log._id) throw appError("NOT_FOUND", "This row belongs to another import.");
    const fields = new Set(IMPORT_FIELDS[log.kind!].map((f) => f.field));
    const clean: Record<string, string> = {};
    for (const [field, text] of Object.entries(cells)) {
      if (!fields.has(field)) throw appError("INVALID_ARGUMENT", `"${field}" is not a field of a ${log.kind} import.`);
      if (text.trim() !== "") clean[field] = text.trim();
    }
    const owned = await ctx.db
      .query("import_keys")
      .withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", log._id).eq("position", row.position))
      .collect();
    for (const k of owned) await ctx.db.delete(k._id);
    const report = await processRow(
      {
        db: ctx.db,
        dbWithDeleted: ctx.dbWithDeleted,
        scheduler: ctx.scheduler,
        access: ctx.access,
        viewer: ctx.viewer,
        directory: ctx.directory,
        people: unscopedDb(ctx),
        organisationId: ctx.organisationId,
        now: ctx.now,
        log,
        yearId: log.academic_year_id!,
        refs: await Refs.load(ctx.db, ctx.organisationId, log.academic_year_id!),
        mode: "check",
        write: false,
      },
      { ...row, cells: clean },
      new WorkloadLoader(ctx.db),
    );
    const counts = { ...EMPTY_COUNTS, ...log.counts };
    const move = (status: string | undefined, action: string | undefined, by: number) => {
      if (status === "ok" || status === "warning" || status === "error") counts[status] += by;
      if (action === "create" || action === "update" || action === "unchanged") counts[action] += by;
    };
    move(row.status, row.action, -1);
    move(report.status, report.action, 1);
    await ctx.db.patch(row._id, { cells: clean, status: report.status, action: report.action, messages: report.messages, changes: report.changes, targets: report.targets });
    await ctx.db.patch(log._id, { counts, records_failed: counts.error });
    return { status: report.status, action: report.action, messages: report.messages };
  },
});

// --- reads ------------------------------------------------------------------------------

/** The lecturers a full staff list leaves out (the confirmation lists them), first 500. */
export const leavers = orgQuery({
  permission: null,
  args: { importId: v.id("data_sync_logs") },
  returns: v.array(v.object({ lecturer_id: v.string(), name: v.string(), email: v.string(), outcome: v.union(v.string(), v.null()) })),
  handler: async (ctx, { importId }) => {
    const log = await visibleImport(ctx, importId);
    const keys = await ctx.db
      .query("import_keys")
      .withIndex("by_sync_log_id_and_key", (q) => q.eq("sync_log_id", log._id).gte("key", "leaver:").lt("key", "leaver;"))
      .take(500);
    return keys.map((k) => {
      const info = JSON.parse(k.info ?? "{}") as { name?: string; email?: string; outcome?: string };
      return { lecturer_id: k.key.slice("leaver:".length), name: info.name ?? "", email: info.email ?? "", outcome: info.outcome ?? null };
    });
  },
});

async function visibleImport(ctx: OrgQueryCtx | OrgMutationCtx, importId: Id<"data_sync_logs">) {
  const log = await getOrThrow(ctx.db, importId, "import");
  if (!log.kind) throw appError("NOT_FOUND", "This sync log is not an import.");
  requireKind(ctx, log.kind);
  return log;
}

const vImportView = v.object({
  id: v.id("data_sync_logs"),
  kind: vImportKind,
  stage: vImportStage,
  source: v.string(),
  file_name: v.string(),
  format: v.union(vImportFormat, v.null()),
  academic_year_id: v.union(v.id("academic_years"), v.null()),
  mapping: vImportMapping,
  missing_fields: v.array(v.string()),
  counts: vImportCounts,
  message: v.union(v.string(), v.null()),
  started_by_name: v.string(),
  started_at: v.number(),
  checked_at: v.union(v.number(), v.null()),
  committed_at: v.union(v.number(), v.null()),
  check_job_id: v.union(v.id("jobs"), v.null()),
  commit_job_id: v.union(v.id("jobs"), v.null()),
  /** The running job's progress (0-100) and phase, while one runs. */
  percent: v.number(),
  phase: v.union(v.string(), v.null()),
  error: v.union(v.string(), v.null()),
});

async function importView(ctx: OrgQueryCtx, log: Doc<"data_sync_logs">) {
  const [system, starter] = await Promise.all([ctx.db.get(log.external_system_id), log.started_by ? ctx.db.get(log.started_by) : null]);
  const jobId = log.commit_job_id ?? log.check_job_id;
  const job = jobId ? await ctx.db.get(jobId) : null;
  const running = job && (job.status === "queued" || job.status === "running");
  return {
    id: log._id,
    kind: log.kind!,
    stage: log.stage ?? "checking",
    source: system?.name ?? "",
    file_name: log.file_name ?? "",
    format: log.format ?? null,
    academic_year_id: log.academic_year_id ?? null,
    mapping: log.mapping ?? [],
    missing_fields: log.missing_fields ?? [],
    counts: log.counts ?? EMPTY_COUNTS,
    message: log.message ?? null,
    started_by_name: starter?.name ?? "",
    started_at: log.started_at,
    checked_at: log.checked_at ?? null,
    committed_at: log.committed_at ?? null,
    check_job_id: log.check_job_id ?? null,
    commit_job_id: log.commit_job_id ?? null,
    percent: job ? jobPercent(job) : 0,
    phase: running ? (job.phases[job.phase_index]?.label ?? null) : null,
    error: job?.error ?? null,
  };
}

export const get = orgQuery({
  permission: null,
  args: { importId: v.id("data_sync_logs") },
  returns: vImportView,
  handler: async (ctx, { importId }) => await importView(ctx, await visibleImport(ctx, importId)),
});

/** The organisation's latest imports (the sync log) of the kinds the caller may import, newest first. */
export const list = orgQuery({
  permission: null,
  args: { limit: v.optional(v.number()) },
  returns: v.array(vImportView),
  handler: async (ctx, args) => {
    const limit = Math.max(1, Math.min(100, Math.floor(args.limit ?? 20)));
    const logs = await ctx.db
      .query("data_sync_logs")
      .withIndex("by_organisation_id_and_created_at", (q) => q.eq("organisation_id", ctx.organisationId))
      .order("desc")
      .take(limit * 3);
    const out = [];
    for (const log of logs) {
      if (!log.kind || !ctx.access.has(IMPORT_KIND_PERMISSION[log.kind])) continue;
      out.push(await importView(ctx, log));
      if (out.length >= limit) break;
    }
    return out;
  },
});

const vRowView = v.object({
  id: v.id("import_rows"),
  position: v.number(),
  cells: v.record(v.string(), v.string()),
  status: v.union(vImportRowStatus, v.null()),
  action: v.union(vImportRowAction, v.null()),
  messages: v.array(vImportMessage),
  changes: v.array(v.string()),
  outcome: v.union(vImportRowOutcome, v.null()),
  outcome_message: v.union(v.string(), v.null()),
});

/** An import's rows in file order, a page at a time; `status` keeps only ok, warning or error rows. */
export const rows = orgQuery({
  permission: null,
  args: { importId: v.id("data_sync_logs"), status: v.optional(vImportRowStatus), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(vRowView),
  handler: async (ctx, { importId, status, paginationOpts }) => {
    await visibleImport(ctx, importId);
    const query = status
      ? ctx.db.query("import_rows").withIndex("by_sync_log_id_and_status_and_position", (q) => q.eq("sync_log_id", importId).eq("status", status))
      : ctx.db.query("import_rows").withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", importId));
    const page = await query.paginate(paginationOpts);
    return {
      ...page,
      page: page.page.map((r) => ({
        id: r._id,
        position: r.position,
        cells: r.cells,
        status: r.status ?? null,
        action: r.action ?? null,
        messages: r.messages ?? [],
        changes: r.changes ?? [],
        outcome: r.outcome ?? null,
        outcome_message: r.outcome_message ?? null,
      })),
    };
  },
});
