/**
 * Removing what is in an academic year, on the one job mechanism: the
 * explicit cascade of a year's deletion ("everything in 2027/28") and the
 * discard of a stopped rollover ("the rows this run made", or the whole year
 * when the run created it). A dry run of the same job counts, per table,
 * what would go: the cascade's preview. Rows are deleted children first, so
 * the triggers keep totals right and the audit trail records every removal;
 * the year itself is soft-deleted last, so its name still resolves in the
 * trail.
 */
import { stream } from "convex-helpers/server/stream";
import type { GenericDatabaseWriter } from "convex/server";
import { internal } from "../_generated/api";
import type { DataModel, Id, TableNames } from "../_generated/dataModel";
import { jobMutation, unscopedDb } from "../lib/functions";
import { runPages } from "../lib/budget";
import { startJob, vJobBatchResult, vJobBatchStepArgs, type JobActor, type JobBatchResult } from "../lib/jobs";
import schema from "../schema";

type Writer = GenericDatabaseWriter<DataModel>;

export const YEAR_DELETE_JOB_KIND = "year_delete";

export type CleanupParams =
  | { mode: "year"; yearId: Id<"academic_years"> }
  | { mode: "rollover"; yearId: Id<"academic_years">; rolloverJobId: Id<"jobs"> };

/** What a year holds, children before parents, with the words a person reads. */
export const YEAR_TABLES = [
  { table: "module_allocations", label: "teaching allocations" },
  { table: "admin_allocations", label: "admin allocations" },
  { table: "module_iteration_assessments", label: "assessments" },
  { table: "module_iteration_groups", label: "groups" },
  { table: "cohort_module_plans", label: "cohort module plans" },
  { table: "module_iterations", label: "module iterations" },
  { table: "lecturer_availability", label: "availability entries" },
  { table: "lecturers", label: "lecturer records" },
  { table: "lecturer_year_totals", label: "lecturer totals" },
  { table: "team_summaries", label: "team summaries" },
  { table: "workload_reports", label: "generated reports" },
  { table: "presence", label: "editor presence" },
  { table: "workload_calculation_rules", label: "calculation rules" },
  { table: "organisation_settings", label: "settings" },
  { table: "semester_periods", label: "semester periods" },
] as const satisfies readonly { table: TableNames; label: string }[];

/** Tables whose rows a rollover makes (each has `rollover_job_id`), children first. */
const ROLLOVER_TABLES = [
  "module_allocations",
  "admin_allocations",
  "module_iteration_assessments",
  "module_iteration_groups",
  "module_iterations",
  "lecturers",
] as const;

/** What the year's planning rows are called, for "still has ..." refusals. */
export const YEAR_CONTENT_TABLES = YEAR_TABLES.filter(
  (t) => !["lecturer_year_totals", "team_summaries", "presence", "workload_calculation_rules", "organisation_settings", "semester_periods"].includes(t.table),
);

/** The phases of a cleanup: one per table, then the year row for a whole-year removal. */
export function cleanupPhases(mode: CleanupParams["mode"]) {
  const tables = mode === "year" ? YEAR_TABLES.map((t) => t.table) : ROLLOVER_TABLES;
  const phases = tables.map((table) => ({ name: table as string, label: `Removing ${YEAR_TABLES.find((t) => t.table === table)!.label}` }));
  return mode === "year" ? [...phases, { name: "year", label: "Removing the year" }] : phases;
}

/** Starts a cleanup (or its dry run); nothing of the year is read here. */
export async function startYearCleanup(
  ctx: Parameters<typeof startJob>[0],
  args: {
    organisationId: Id<"organisations">;
    params: CleanupParams;
    kind: string;
    label: string;
    dryRun: boolean;
    actor: JobActor;
    concurrencyKey?: string;
  },
): Promise<Id<"jobs">> {
  return await startJob(ctx, {
    organisationId: args.organisationId,
    academicYearId: args.params.yearId,
    kind: args.kind,
    label: args.label,
    batch: internal.structure.yearCleanup.cleanupBatch,
    phases: cleanupPhases(args.params.mode),
    params: args.params,
    dryRun: args.dryRun,
    actor: args.actor,
    permission: "organisation.manage",
    concurrencyKey: args.concurrencyKey,
  });
}

const PAGE = 50;
const MAX_PER_BATCH = 1_000;

export const cleanupBatch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, params, dryRun }): Promise<JobBatchResult> => {
    const p = JSON.parse(params) as CleanupParams;
    // Removing a year's contents reaches every department's rows: the job's organisation-wide grant
    // (re-checked at every step) is what allows it, so it writes with the unscoped writer, audited as its actor.
    const db = unscopedDb(ctx, { includeDeleted: true }) as Writer;
    if (phase === "year") {
      const year = await db.get(p.yearId);
      if (!dryRun && year && year.deleted_at === undefined) await db.patch(p.yearId, { deleted_at: ctx.now, updated_at: ctx.now });
      return { done: 1, cursor: null, result: JSON.stringify({ counts: { academic_years: 1 } }) };
    }
    const table = phase as (typeof YEAR_TABLES)[number]["table"];
    const rows = stream(db, schema);
    let counted = 0;
    const r = await runPages(ctx, {
      cursor,
      pageSize: PAGE,
      maxItems: MAX_PER_BATCH,
      page: (c, n) =>
        (p.mode === "rollover"
          ? rows.query(table as (typeof ROLLOVER_TABLES)[number]).withIndex("by_rollover_job_id", (q) => q.eq("rollover_job_id", p.rolloverJobId))
          : rows.query(table).withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", p.yearId))
        ).paginate({ cursor: c, numItems: n }),
      each: async (docs) => {
        for (const doc of docs) {
          counted += 1;
          // A lecturer's totals go with the lecturer (trigger); only strays are removed here.
          if (!dryRun && (await db.get(doc._id))) await db.delete(doc._id);
        }
      },
    });
    return { ...r, result: JSON.stringify({ counts: { [table]: counted } }) };
  },
});
