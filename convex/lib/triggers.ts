/**
 * The trigger registry. The function builders (lib/functions.ts) wrap
 * `ctx.db` with it, so each write on a table runs its triggers inside the
 * same transaction. The layer registers its own here: the audit trail on
 * every table not deliberately unaudited, and the place fields that follow a
 * parent when it moves (lib/scope.ts). Domain areas register theirs in their
 * own modules (e.g. workload/triggers.ts); the application's composition
 * root, convex/triggers.ts, loads them. The layer imports no domain area.
 */
import { Triggers } from "convex-helpers/server/triggers";
import type { DataModel, TableNames } from "../_generated/dataModel";
import schema from "../schema";
import { auditTrigger, type TriggerCtx } from "./audit";
import { childrenOf } from "./scope";

export const triggers = new Triggers<DataModel, TriggerCtx>();

/**
 * The tables deliberately left out of the audit trail: the trail itself, and
 * rows that are derived, transient or bookkeeping, whose every write would
 * bury people's changes under machine noise. Every other table, including
 * any added later, is audited.
 */
export const UNAUDITED_TABLES = new Set<TableNames>([
  "audit_logs", // the trail itself
  "events", // a feed derived from changes already audited
  "lecturer_year_totals", // kept by triggers from audited allocations
  "team_summaries", // likewise
  "overview_cells", // likewise, from the lecturer totals
  "iteration_coverage", // kept by triggers from audited iterations, groups and allocations
  "presence", // heartbeats every few seconds
  "notifications", // messages about audited changes
  "user_sessions", // sign-in bookkeeping
  "data_sync_logs", // an integration's run log
  // An import's own bookkeeping; what it writes to the data is audited row by row.
  "import_rows",
  "import_keys",
  "import_mappings",
  "stored_files", // which organisation a file belongs to; the attachment using it is audited
  "jobs", // progress of long work; what the job changes is audited row by row
  // The suggestion history is itself the record of each run; accepted lines become audited allocations.
  "allocation_suggestion_runs",
  "allocation_suggestion_lines",
]);

export const AUDITED_TABLES = (Object.keys(schema.tables) as TableNames[]).filter((t) => !UNAUDITED_TABLES.has(t));

for (const table of AUDITED_TABLES) triggers.register(table, auditTrigger(table) as any);

// A parent's place (department, team) moves: its children's stored copies follow,
// each through the same triggers (so they are audited and cascade further).
for (const table of Object.keys(schema.tables) as TableNames[]) {
  const children = childrenOf(table);
  if (children.length === 0) continue;
  triggers.register(table, async (ctx: any, change: any) => {
    if (change.operation !== "update") return;
    for (const { child, derivation } of children) {
      const moved = Object.values(derivation.copy).some((f) => change.oldDoc[f] !== change.newDoc[f]);
      if (!moved) continue;
      const index = (schema.tables[child] as any)[" indexes"]().find((i: { fields: string[] }) => i.fields[0] === derivation.via);
      const rows = await ctx.db
        .query(child)
        .withIndex(index.indexDescriptor, (q: any) => q.eq(derivation.via, change.id))
        .collect();
      for (const row of rows) {
        const patch: Record<string, unknown> = {};
        for (const [mine, theirs] of Object.entries(derivation.copy)) {
          if (row[mine] !== change.newDoc[theirs]) patch[mine] = change.newDoc[theirs];
        }
        if (Object.keys(patch).length) await ctx.db.patch(row._id, patch);
      }
    }
  });
}
