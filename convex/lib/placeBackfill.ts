/**
 * The one-off migration for rows written before the function layer stored
 * places: fills every row's derived place fields (lib/scope.ts `derive`) and
 * every audit row's place (the entity's, as it stands now), a batch per
 * transaction, each batch scheduling the next. New rows get them on write,
 * so this runs once per deployment (idempotent; safe to run again):
 *
 *   npx convex run lib/placeBackfill:run
 *
 * Until it has run, scoped lists miss the old rows (direct reads and writes
 * derive the place on the fly and stay correct).
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { TableNames } from "../_generated/dataModel";
import { internalMutation } from "./functions";
import { auditPlaceOf, derivedFields, derivePlace, TABLE_SCOPES } from "./scope";

/** Parents before children, so a child copies a parent already filled. */
const TABLES: TableNames[] = [
  "module_iterations",
  "module_iteration_groups",
  "module_iteration_assessments",
  "module_allocations",
  "cohorts",
  "course_modules",
  "cohort_module_plans",
  "admin_allocations",
  "lecturer_availability",
  "lecturer_specialisations",
  "audit_logs",
];

/** Rows per transaction: each reads a few parents and writes once. */
const BATCH = 200;

export const run = internalMutation({
  systemActor: "Place backfill",
  args: { step: v.optional(v.number()), cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.object({ table: v.union(v.string(), v.null()), updated: v.number() }),
  handler: async (ctx, args) => {
    const step = args.step ?? 0;
    const table = TABLES[step];
    if (!table) return { table: null, updated: 0 };
    const page = await ctx.dbWithDeleted.query(table).paginate({ cursor: args.cursor ?? null, numItems: BATCH });
    let updated = 0;
    for (const row of page.page as any[]) {
      let patch: Record<string, unknown>;
      if (table === "audit_logs") {
        if (row.organisation_level !== undefined || row.department_id || row.team_id) continue;
        const entityTable = row.entity_type as TableNames;
        const id = ctx.db.normalizeId(entityTable, row.entity_id);
        const entity = id ? await ctx.dbWithDeleted.get(id) : null;
        patch = entity
          ? await auditPlaceOf(ctx.dbWithDeleted, entityTable, entity as any)
          : TABLE_SCOPES[entityTable]?.kind === "organisation"
            ? { organisation_level: true }
            : {};
      } else {
        const place = await derivePlace(ctx.dbWithDeleted, table, row);
        patch = Object.fromEntries(derivedFields(table).filter((f) => row[f] !== place[f]).map((f) => [f, place[f]]));
      }
      if (Object.keys(patch).length === 0) continue;
      await ctx.dbWithDeleted.patch(row._id, patch as any);
      updated++;
    }
    const next = page.isDone ? { step: step + 1, cursor: null } : { step, cursor: page.continueCursor };
    if (TABLES[next.step]) await ctx.scheduler.runAfter(0, internal.lib.placeBackfill.run, next);
    return { table, updated };
  },
});
