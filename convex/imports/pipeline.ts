/**
 * The import job (lib/jobs.ts, the one job mechanism). A dry run is a job
 * with `dryRun: true` and two phases: "read" (an action in Node, parse.ts,
 * that reads the file into `import_rows`) and "check" (a batch of rows per
 * step: every row is processed as the commit would, writing nothing but its
 * verdict). A commit is a second job, "apply": each row is processed again,
 * its targets' stamps compared with the dry run's (a record edited in the
 * app since is a conflict, never overwritten), then written. Rows equal to
 * the data write nothing, so re-importing the same file changes nothing.
 * Both jobs act as the person who started them, with their scope.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { Access } from "../lib/access";
import { internalMutation, jobMutation, jobQuery, unscopedDb } from "../lib/functions";
import { jobActor, parseJobResult, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import { WorkloadLoader } from "../workload/loader";
import type { ImportCounts, ImportTarget } from "../schema/importValidators";
import { processAllocationRow } from "./allocationRows";
import { batchBudgetUsed } from "../lib/budget";
import { IMPORT_BATCH_FULL, IMPORT_BATCH_ROWS } from "./constants";
import { processModuleRow } from "./moduleRows";
import { recordingWriter, Refs, RowReport, type RowCtx } from "./rowContext";
import { processStaffRow } from "./staffRows";
import { startCommit } from "./imports";
import { settleUndo } from "./undo";
import { importYearVerdict } from "../lib/imports/closedYear";

export const EMPTY_COUNTS: ImportCounts = { rows: 0, ok: 0, warning: 0, error: 0, create: 0, update: 0, unchanged: 0, written: 0, conflict: 0, skipped: 0 };

type Params = { importId: Id<"data_sync_logs"> };
type JobMutationCtx = Pick<MutationCtx, "db"> & { organisationId: Id<"organisations">; access: Access; now: number };

export async function processRow(ctx: RowCtx, row: Doc<"import_rows">, loader: WorkloadLoader): Promise<RowReport> {
  const report = new RowReport();
  switch (ctx.log.kind) {
    case "staff":
      await processStaffRow(ctx, row.cells, row.position, report);
      break;
    case "modules":
      await processModuleRow(ctx, row.cells, row.position, report);
      break;
    case "allocations":
      await processAllocationRow(ctx, row.cells, row.position, report, loader);
      break;
    default:
      report.error(undefined, "This import has no kind.");
  }
  return report;
}

/** Why the data moved since the dry run, or null: a target's stamp differs, or appeared or vanished. */
function conflictOf(before: ImportTarget[], now: ImportTarget[]): string | null {
  const then = new Map(before.map((t) => [t.key, t.stamp]));
  const current = new Map(now.map((t) => [t.key, t.stamp]));
  for (const [key, stamp] of then) {
    const name = key.split(":").slice(1).join(" ");
    if (!current.has(key)) return `${name} no longer matches what the dry run saw.`;
    const s = current.get(key)!;
    if (stamp === null && s !== null) return `${name} was created in the app after the dry run.`;
    if (stamp !== s) return `${name} was changed in the app after the dry run; it is left as it is.`;
  }
  for (const key of current.keys()) if (!then.has(key)) return `${key.split(":").slice(1).join(" ")} was created in the app after the dry run.`;
  return null;
}

export const batch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, params }) => {
    const { importId } = JSON.parse(params) as Params;
    const log = await ctx.db.get(importId);
    if (!log || !log.kind || !log.academic_year_id) throw new Error("This import no longer exists.");
    if (phase === "absent" || phase === "leavers") return await leaversBatch(ctx, log, phase, cursor);
    const refs = await Refs.load(ctx.db, ctx.organisationId, log.academic_year_id);
    // Rows after the last one done (the cursor is its position), as many as the batch's budget allows.
    const after = cursor === null ? 0 : Number(cursor);
    const candidates = await ctx.db
      .query("import_rows")
      .withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", importId).gt("position", after))
      .take(IMPORT_BATCH_ROWS[log.kind] + 1);
    const more = candidates.length > IMPORT_BATCH_ROWS[log.kind];
    const page = candidates.slice(0, IMPORT_BATCH_ROWS[log.kind]);
    let last = after;
    const loader = new WorkloadLoader(ctx.db);
    const base = {
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
      yearId: log.academic_year_id,
      refs,
    };
    const counts: Partial<ImportCounts> = {};
    const add = (k: keyof ImportCounts) => (counts[k] = (counts[k] ?? 0) + 1);
    const issues: { row: number; level: string; column?: string; message: string }[] = [];

    let stoppedEarly = false;
    for (const row of page) {
      // A row costs a few dozen reads at most: stop while well inside the budget, whatever the rows hold.
      if (last > after && (await batchBudgetUsed(ctx)) >= IMPORT_BATCH_FULL) {
        stoppedEarly = true;
        break;
      }
      last = row.position;
      if (phase === "check") {
        const report = await processRow({ ...base, mode: "check", write: false }, row, loader);
        await ctx.db.patch(row._id, { status: report.status, action: report.action, messages: report.messages, changes: report.changes, targets: report.targets });
        add(report.status);
        if (report.action !== "none") add(report.action);
        for (const m of report.messages) issues.push({ row: row.position, ...m });
        continue;
      }
      // apply
      if (row.status === "error" || row.status === undefined) {
        await ctx.db.patch(row._id, { outcome: "skipped", outcome_message: "Not imported: the dry run found errors in this row." });
        add("skipped");
        continue;
      }
      const now = await processRow({ ...base, mode: "commit", write: false }, row, loader);
      const conflict = now.failed ? null : conflictOf(row.targets ?? [], now.targets);
      if (now.failed || conflict) {
        const message = conflict ?? now.messages.filter((m) => m.level === "error").map((m) => m.message).join(" ");
        await ctx.db.patch(row._id, { outcome: conflict ? "conflict" : "failed", outcome_message: message });
        add(conflict ? "conflict" : "skipped");
        issues.push({ row: row.position, level: "error", message });
        continue;
      }
      if (now.action === "unchanged") {
        await ctx.db.patch(row._id, { outcome: "unchanged" });
        add("unchanged");
        continue;
      }
      const recorder = recordingWriter(ctx.db);
      const done = await processRow({ ...base, db: recorder.db, mode: "commit", write: true }, row, loader);
      await ctx.db.patch(row._id, { outcome: "written", outcome_message: done.changes.join("; ") || undefined, written: await recorder.finish() });
      add("written");
      if (done.action === "create") add("create");
      if (done.action === "update") add("update");
    }
    const result = phase === "check" ? { counts, issues } : { commit: counts, issues };
    const done = page.filter((r) => r.position <= last && r.position > after).length;
    return {
      done,
      cursor: stoppedEarly || more ? String(last) : null,
      total: log.counts?.rows,
      result: JSON.stringify(result),
    };
  },
});

/** What the read phase needs of its import (acting as the job's starter). */
export const source = jobQuery({
  args: { importId: v.id("data_sync_logs") },
  returns: v.object({
    storage_id: v.id("_storage"),
    format: v.union(v.literal("csv"), v.literal("xlsx")),
    kind: v.union(v.literal("staff"), v.literal("modules"), v.literal("allocations")),
    /** null: map the file's headers (the organisation's last mapping first), as `remembered` suggests. */
    mapping: v.union(v.array(v.object({ header: v.string(), field: v.string() })), v.null()),
    remembered: v.array(v.object({ header: v.string(), field: v.string() })),
  }),
  handler: async (ctx, { importId }) => {
    const log = await ctx.db.get(importId);
    if (!log || !log.storage_id || !log.format || !log.kind) throw new Error("This import's file is gone.");
    const kind = log.kind;
    const remembered = log.mapping
      ? null
      : await ctx.db.query("import_mappings").withIndex("by_organisation_id_and_kind", (q) => q.eq("organisation_id", ctx.organisationId).eq("kind", kind)).first();
    return { storage_id: log.storage_id, format: log.format, kind, mapping: log.mapping ?? null, remembered: remembered?.mapping ?? [] };
  },
});

/**
 * Stores a chunk of the file's rows for the read phase's current attempt
 * (a relaunched attempt sends the same chunks: rows already stored are
 * skipped). The last chunk records the row count and the unmapped fields.
 */
export const storeRows = internalMutation({
  args: {
    jobId: v.id("jobs"),
    token: v.number(),
    attempt: v.number(),
    importId: v.id("data_sync_logs"),
    rows: v.array(v.object({ position: v.number(), cells: v.record(v.string(), v.string()) })),
    final: v.optional(v.object({ rows: v.number(), missing_fields: v.array(v.string()), mapping: v.array(v.object({ header: v.string(), field: v.string() })) })),
  },
  returns: v.boolean(),
  handler: async (ctx, { jobId, token, attempt, importId, rows, final }) => {
    const job = await ctx.db.get(jobId);
    if (!job || (job.status !== "queued" && job.status !== "running") || job.step_token !== token || job.action_launch !== `${token}:${attempt}`) return false;
    const log = await ctx.db.get(importId);
    if (!log || log.check_job_id !== jobId) return false;
    const first = rows[0];
    const stored = first
      ? await ctx.db.query("import_rows").withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", importId).eq("position", first.position)).first()
      : null;
    if (!stored) {
      for (const r of rows) await ctx.db.insert("import_rows", { organisation_id: log.organisation_id, sync_log_id: importId, position: r.position, cells: r.cells, created_at: Date.now() });
    }
    if (final) {
      await ctx.db.patch(importId, { counts: { ...(log.counts ?? EMPTY_COUNTS), rows: final.rows }, missing_fields: final.missing_fields, mapping: final.mapping });
    }
    return true;
  },
});

/** Told when an import's job ends: the import's stage, counts and sync-log figures follow it. */
export const settle = internalMutation({
  args: { jobId: v.id("jobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.db.get(jobId);
    if (!job) return null;
    const asUndo = await ctx.db.query("data_sync_logs").withIndex("by_undo_job_id", (q) => q.eq("undo_job_id", jobId)).first();
    if (asUndo) return await settleUndo(ctx, asUndo, job);
    const asCheck = await ctx.db.query("data_sync_logs").withIndex("by_check_job_id", (q) => q.eq("check_job_id", jobId)).first();
    const log = asCheck ?? (await ctx.db.query("data_sync_logs").withIndex("by_commit_job_id", (q) => q.eq("commit_job_id", jobId)).first());
    if (!log) return null;
    const now = Date.now();
    const result = parseJobResult(job) as { counts?: Partial<ImportCounts>; commit?: Partial<ImportCounts>; leavers?: number; marked_left?: number };
    const counts = { ...EMPTY_COUNTS, ...(log.counts ?? {}) };
    if (asCheck) {
      Object.assign(counts, { ok: 0, warning: 0, error: 0, create: 0, update: 0, unchanged: 0 }, result.counts ?? {});
      counts.rows = log.counts?.rows ?? 0;
      if (log.full_feed) counts.leavers = result.leavers ?? 0;
    } else {
      const c = result.commit ?? {};
      Object.assign(counts, { written: c.written ?? 0, conflict: c.conflict ?? 0, skipped: c.skipped ?? 0 });
      if (log.full_feed) counts.marked_left = result.marked_left ?? 0;
    }
    const ok = job.status === "completed";
    // A feed stopped by its key or system, or whose file cannot be imported as a whole, is refused, saying why.
    const refused = log.api_key_id && job.status !== "cancelled" ? await feedRefusal(ctx, log, job, counts, !!asCheck) : null;
    if (refused) {
      await ctx.db.patch(log._id, {
        counts,
        stage: "refused",
        status: "failed",
        records_processed: asCheck ? 0 : counts.written,
        records_failed: counts.error + counts.conflict,
        message: refused,
        checked_at: asCheck && ok ? now : log.checked_at,
        finished_at: now,
      });
      return null;
    }
    const stage = !ok ? (job.status === "cancelled" ? "cancelled" : "failed") : asCheck ? "checked" : "committed";
    const message = !ok
      ? (job.error ?? `The ${asCheck ? "dry run" : "commit"} was ${job.status}.`)
      : asCheck
        ? `Dry run: ${counts.rows} rows, ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged, ${counts.error} with errors${log.full_feed ? `; ${counts.leavers ?? 0} lecturers of the year are not in the file` : ""}.`
        : `Committed: ${counts.written} rows written, ${counts.unchanged} unchanged, ${counts.conflict} conflicts, ${counts.skipped} skipped${log.full_feed ? `; ${counts.marked_left ?? 0} marked as leavers` : ""}.`;
    await ctx.db.patch(log._id, {
      counts,
      stage,
      status: !ok ? "failed" : asCheck ? "pending" : "completed",
      records_processed: asCheck ? 0 : counts.written,
      records_failed: counts.error + counts.conflict,
      message,
      checked_at: asCheck && ok ? now : log.checked_at,
      committed_at: !asCheck && ok ? now : log.committed_at,
      finished_at: !asCheck || !ok ? now : undefined,
    });
    // A feed that asked for it commits on its own when its dry run found nothing wrong.
    if (asCheck && ok && log.auto_commit && counts.error === 0) {
      const fresh = (await ctx.db.get(log._id))!;
      // A year locked or archived while the feed was checked: the import stays checked, saying why.
      // (The year rule for a key: it never holds years.edit_locked, so a locked year is as closed as an archived one.)
      const year = log.academic_year_id ? await ctx.db.get(log.academic_year_id) : null;
      const verdict = year ? importYearVerdict(year, false) : { refused: true, message: "This import's academic year no longer exists." };
      if (verdict?.refused) {
        await ctx.db.patch(log._id, { message: `${message} Not committed: ${verdict.message}` });
        return null;
      }
      await startCommit({ db: ctx.db, scheduler: ctx.scheduler, organisationId: log.organisation_id, now }, fresh, jobActor(job), null);
    }
    return null;
  },
});

/**
 * Why a feed's finished job means the feed is refused, or null: its key was
 * revoked (or expired) or its system disabled while it ran (the job stopped
 * at its next step, lib/functions.ts); the file could not be read; or, after
 * a clean read, it holds no rows or lacks a column its kind needs (every row
 * would be refused). Rows a commit wrote before the key was revoked stay,
 * and the message says how many.
 */
async function feedRefusal(
  ctx: Pick<MutationCtx, "db">,
  log: Doc<"data_sync_logs">,
  job: Doc<"jobs">,
  counts: ImportCounts,
  asCheck: boolean,
): Promise<string | null> {
  const after = asCheck ? "nothing was written" : counts.written > 0 ? `${counts.written} row${counts.written === 1 ? " was" : "s were"} written before it stopped` : "nothing was written";
  if (job.status === "failed") {
    const key = await ctx.db.get(log.api_key_id!);
    const system = await ctx.db.get(log.external_system_id);
    const at = job.finished_at ?? Date.now();
    if (!key) return `Refused: the key that sent this feed no longer exists; ${after}.`;
    if (key.revoked_at !== undefined && key.revoked_at <= at) return `Refused: the key "${key.name}" (${key.prefix}…) was revoked while this import ran; ${after}.`;
    if (key.expires_at !== undefined && key.expires_at <= at) return `Refused: the key "${key.name}" (${key.prefix}…) expired while this import ran; ${after}.`;
    if (!system || !system.enabled || system.deleted_at !== undefined) return `Refused: ${system?.name ?? "its system"} was disabled while this import ran; ${after}.`;
    // The dry run's first phase reads the file: failing there, the file as a whole is refused.
    if (asCheck && job.phases[job.phase_index]?.name === "read") return `Refused: the file could not be imported. ${job.error ?? ""}`.trim();
    return null;
  }
  if (asCheck && job.status === "completed") {
    if (counts.rows === 0) return "Refused: the file has no rows to import.";
    const missing = log.missing_fields ?? [];
    if (missing.length > 0) {
      return `Refused: the file has no column for ${missing.join(", ")}, which every ${log.kind === "staff" ? "lecturer" : log.kind === "modules" ? "module" : "allocation"} row needs. Send the export's own headers, or map the columns once on the Import page.`;
    }
  }
  return null;
}

/** Lecturers of the year per step when looking for those a full staff list leaves out. */
const ABSENT_BATCH = 200;

/**
 * A full staff list's extra phases. "absent" (dry run): every lecturer of
 * the year in the importer's scope whom no row names (by email or staff
 * number), and who has not left already, is recorded as a leaver with the
 * stamp of their record. "leavers" (commit, after the confirmation): each is
 * given the "left" status, unless their record changed since (a conflict);
 * nobody is deleted.
 */
async function leaversBatch(ctx: JobMutationCtx, log: Doc<"data_sync_logs">, phase: string, cursor: string | null) {
  const left = await ctx.db
    .query("lecturer_statuses")
    .withIndex("by_organisation_id_and_code", (q) => q.eq("organisation_id", ctx.organisationId).eq("code", "left"))
    .first();
  if (!left) throw new Error('The organisation has no "left" lecturer status to mark leavers with.');
  if (phase === "absent") {
    const page = await ctx.db
      .query("lecturers")
      .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", log.academic_year_id!))
      .paginate({ cursor, numItems: ABSENT_BATCH });
    let leavers = 0;
    for (const lecturer of page.page) {
      if (lecturer.status_id === left._id || !ctx.access.has("lecturers.edit", lecturer)) continue;
      const profile = await ctx.db.get(lecturer.profile_id);
      if (!profile) continue;
      const named = async (key: string) =>
        !!(await ctx.db.query("import_keys").withIndex("by_sync_log_id_and_key", (q) => q.eq("sync_log_id", log._id).eq("key", key)).first());
      if ((await named(`staff:email:${profile.email}`)) || (profile.staff_number && (await named(`staff:number:${profile.staff_number}`)))) continue;
      await ctx.db.insert("import_keys", {
        organisation_id: ctx.organisationId,
        sync_log_id: log._id,
        key: `leaver:${lecturer._id}`,
        position: 0,
        info: JSON.stringify({ name: profile.full_name, email: profile.email, stamp: lecturer.version }),
      });
      leavers += 1;
    }
    return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor, result: JSON.stringify({ leavers }) };
  }
  const page = await ctx.db
    .query("import_keys")
    .withIndex("by_sync_log_id_and_key", (q) => q.eq("sync_log_id", log._id).gt("key", cursor ?? "leaver:").lt("key", "leaver;"))
    .take(ABSENT_BATCH);
  let marked = 0;
  for (const k of page) {
    const info = JSON.parse(k.info ?? "{}") as { stamp?: number; outcome?: string };
    const lecturer = await ctx.db.get(k.key.slice("leaver:".length) as Id<"lecturers">);
    let outcome: string;
    if (!lecturer || lecturer.version !== info.stamp) outcome = "conflict: changed in the app since the dry run, left as it is";
    else if (!ctx.access.has("lecturers.edit", lecturer)) outcome = "outside your scope";
    else {
      await ctx.db.patch(lecturer._id, { status_id: left._id, version: lecturer.version + 1, updated_at: ctx.now });
      // The profile records the leaving too, so the next rollover does not carry them (the rollover's rule).
      const profile = await ctx.db.get(lecturer.profile_id);
      if (profile && profile.employment_status !== "left")
        await ctx.db.patch(profile._id, { employment_status: "left", updated_at: ctx.now });
      outcome = "marked as left";
      marked += 1;
    }
    await ctx.db.patch(k._id, { info: JSON.stringify({ ...info, outcome }) });
  }
  const last = page.at(-1)?.key ?? null;
  return { done: page.length, cursor: page.length < ABSENT_BATCH ? null : last, result: JSON.stringify({ marked_left: marked }) };
}
