/**
 * The dashboard overview migration (issue #13): the overview now sums
 * `overview_cells` rows (its headline figures and its team table, with the
 * team's name) and takes its most and least loaded lists from the
 * `load_rank` indexes of `lecturer_year_totals`, both kept by the totals
 * writes (workload/overviewCells.ts). Rows written before that lack them
 * (no rank, no cells, or cells without their team's figures and name);
 * this job, on the one job mechanism, gives every totals row its rank and
 * recomputes every department's cells of every year from the totals rows
 * and teams, a page per step, per organisation. Each step is one transaction over whole
 * departments, so edits made while it runs are neither lost nor counted twice.
 * Idempotent: a second run changes nothing. A dry run counts what it would change.
 *   npx convex run migrations/overview:start '{"dryRun": false}'
 * The local backend reseeds (and a seed writes through the triggers), so it
 * needs no migration.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { DataModel } from "../_generated/dataModel";
import type { GenericDatabaseWriter } from "convex/server";
import { internalMutation, jobMutation } from "../lib/functions";
import { startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import { loadRank, rebuildDepartmentCells } from "../workload/overviewCells";

export const MIGRATION_KIND = "migration_overview_cells";
/** Totals rows per step (one patch each at most). */
const TOTALS_PAGE = 200;
/** Departments per step, each rebuilt for every year of the organisation. */
const DEPARTMENT_PAGE = 1;
const YEAR_PAGE = 5;
const PHASES = [
  { name: "totals", label: "Lecturer totals" },
  { name: "departments", label: "Overview figures by department" },
  { name: "without_department", label: "Overview figures of lecturers without a department" },
] as const;

type Writer = GenericDatabaseWriter<DataModel>;

/** Starts the migration for every organisation; returns how many jobs started. */
export const start = internalMutation({
  args: { dryRun: v.optional(v.boolean()) },
  returns: v.number(),
  handler: async (ctx, { dryRun }) => {
    const organisations = await ctx.db.query("organisations").take(1000);
    for (const o of organisations) {
      await startJob(ctx, {
        organisationId: o._id,
        kind: MIGRATION_KIND,
        label: `Dashboard overview migration${dryRun ? " (dry run)" : ""}`,
        batch: internal.migrations.overview.batch,
        phases: PHASES.map((p) => ({ ...p })),
        dryRun: dryRun ?? false,
        actor: { kind: "system", name: "Dashboard overview migration" },
        permission: "organisation.manage",
        concurrencyKey: `${MIGRATION_KIND}:${o._id}`,
        exclusive: false,
      });
    }
    return organisations.length;
  },
});

export const batch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor, dryRun }) => {
    const db = ctx.dbWithDeleted as Writer;
    const years = async () =>
      (await db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect()).map((y) => y._id);
    switch (phase as (typeof PHASES)[number]["name"]) {
      case "totals": {
        const page = await db
          .query("lecturer_year_totals")
          .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
          .paginate({ cursor, numItems: TOTALS_PAGE });
        let changed = 0;
        for (const row of page.page) {
          const rank = loadRank(row);
          if (row.load_rank === rank) continue;
          changed += 1;
          if (!dryRun) await db.patch(row._id, { load_rank: rank });
        }
        return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor, result: JSON.stringify({ totals_ranked: changed }) };
      }
      case "departments": {
        const page = await db
          .query("departments")
          .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
          .paginate({ cursor, numItems: DEPARTMENT_PAGE });
        let changed = 0;
        const yearIds = await years();
        for (const department of page.page) {
          for (const yearId of yearIds) changed += await rebuildDepartmentCells(db, ctx.organisationId, yearId, department._id, dryRun);
        }
        return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor, result: JSON.stringify({ cells_changed: changed }) };
      }
      case "without_department": {
        const page = await db
          .query("academic_years")
          .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
          .paginate({ cursor, numItems: YEAR_PAGE });
        let changed = 0;
        for (const year of page.page) changed += await rebuildDepartmentCells(db, ctx.organisationId, year._id, undefined, dryRun);
        return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor, result: JSON.stringify({ cells_changed: changed }) };
      }
    }
    throw new Error(`Unknown phase ${phase}`);
  },
});
