/**
 * Undoing a committed import while nothing it wrote has changed since: a job
 * (lib/jobs.ts) whose "check" phase compares every record the commit wrote
 * (import_rows.written) with the stamp it left, and whose "apply" phase, only
 * when every stamp still matches, soft-deletes what the import created
 * (allocations through the editor's own remove semantics: version, totals,
 * the lecturer's notice) and puts back the fields it changed. One changed
 * record refuses the whole undo, naming it: half an undo would leave data no
 * one wrote.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { jobMutation, orgMutation } from "../lib/functions";
import { IMPORT_KIND_PERMISSION } from "../lib/imports/fields";
import { batchBudgetUsed } from "../lib/budget";
import { parseJobResult, startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import type { MutationCtx } from "../_generated/server";
import { noticeToLecturer } from "../workload/notices";
import { internal } from "../_generated/api";
import { IMPORT_BATCH_FULL, IMPORT_JOB_KIND } from "./constants";
import { stampOf } from "./rowContext";

const UNDO_BATCH_ROWS = 100;

export const undo = orgMutation({
  permission: null,
  args: { importId: v.id("data_sync_logs") },
  returns: v.id("jobs"),
  handler: async (ctx, { importId }) => {
    const log = await getOrThrow(ctx.db, importId, "import");
    if (!log.kind) throw appError("NOT_FOUND", "This sync log is not an import.");
    ctx.access.require(IMPORT_KIND_PERMISSION[log.kind]);
    if (log.stage !== "committed") throw appError("CONFLICT", "Only a committed import can be undone.");
    const jobId = await startJob(ctx, {
      organisationId: ctx.organisationId,
      academicYearId: log.academic_year_id,
      kind: IMPORT_JOB_KIND,
      label: `Undo of ${log.file_name ?? "an import"}`,
      batch: internal.imports.undo.batch,
      phases: [
        { name: "check", label: "Checking nothing changed since", total: log.counts?.rows },
        { name: "apply", label: "Undoing", total: log.counts?.rows },
      ],
      settle: internal.imports.pipeline.settle,
      params: { importId },
      actor: { kind: "user", userId: ctx.viewer._id },
      permission: IMPORT_KIND_PERMISSION[log.kind],
      concurrencyKey: `import:${importId}`,
    });
    await ctx.db.patch(importId, { stage: "undoing", undo_job_id: jobId });
    return jobId;
  },
});

export const batch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, params }) => {
    const { importId } = JSON.parse(params) as { importId: Id<"data_sync_logs"> };
    if (phase === "apply" && ((parseJobResult(ctx.job).changed as number | undefined) ?? 0) > 0) return { done: 0, cursor: null };
    // Rows from the last position down: what a later row wrote is undone first.
    const before = cursor === null ? Number.MAX_SAFE_INTEGER : Number(cursor);
    const rows = await ctx.db
      .query("import_rows")
      .withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", importId).lt("position", before))
      .order("desc")
      .take(UNDO_BATCH_ROWS + 1);
    let last = before;
    let done = 0;
    const changed: string[] = [];
    for (const row of rows.slice(0, UNDO_BATCH_ROWS)) {
      if (done > 0 && (await batchBudgetUsed(ctx)) >= IMPORT_BATCH_FULL) break;
      last = row.position;
      done += 1;
      for (const w of [...(row.written ?? [])].reverse()) {
        const doc = (await ctx.dbWithDeleted.get(w.id as Id<"lecturers">)) as (Doc<"lecturers"> & { deleted_at?: number }) | null;
        if (phase === "check") {
          if (!doc || doc.deleted_at !== undefined || stampOf(doc) !== w.stamp) changed.push(`row ${row.position}: ${w.table.replace(/_/g, " ")} changed since the import`);
          continue;
        }
        await undoWrite(ctx, w, doc);
      }
    }
    const more = rows.length > done;
    return {
      done,
      cursor: more ? String(last) : null,
      result: JSON.stringify(phase === "check" ? { changed: changed.length, changed_rows: changed } : { undone: done }),
    };
  },
});

async function undoWrite(ctx: Pick<MutationCtx, "db" | "scheduler"> & { organisationId: Id<"organisations">; dbWithDeleted: MutationCtx["db"]; now: number }, w: { table: string; id: string; op: string; before?: string }, doc: Record<string, unknown> | null) {
  if (!doc) return;
  const versioned = typeof doc.version === "number" ? { version: (doc.version as number) + 1 } : {};
  if (w.op === "insert") {
    await ctx.db.patch(w.id as Id<"lecturers">, { deleted_at: ctx.now, updated_at: ctx.now, ...versioned } as never);
    if (w.table === "module_allocations") await noticeToLecturer(ctx as never, doc as unknown as Doc<"module_allocations">, "removed");
    return;
  }
  const before = JSON.parse(w.before ?? "{}") as Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(before).filter(([k]) => k !== "version" && k !== "updated_at").map(([k, x]) => [k, x === null ? undefined : x]));
  await ctx.db.patch(w.id as Id<"lecturers">, { ...fields, updated_at: ctx.now, ...versioned } as never);
}

/** The undo job has ended: the import is undone, or stays committed with the reason. */
export async function settleUndo(ctx: Pick<MutationCtx, "db">, log: Doc<"data_sync_logs">, job: Doc<"jobs">) {
  const result = parseJobResult(job) as { changed?: number; changed_rows?: string[] };
  const now = Date.now();
  if (job.status === "completed" && !result.changed) {
    await ctx.db.patch(log._id, { stage: "undone", message: `Undone: what the import wrote is deleted or put back (${log.counts?.written ?? 0} rows).`, finished_at: now });
  } else {
    const why = result.changed
      ? `Not undone: ${result.changed} record${result.changed === 1 ? "" : "s"} changed since the import (${(result.changed_rows ?? []).slice(0, 3).join("; ")}).`
      : `Not undone: the undo was ${job.status}${job.error ? ` (${job.error})` : ""}.`;
    await ctx.db.patch(log._id, { stage: "committed", message: why });
  }
  return null;
}
