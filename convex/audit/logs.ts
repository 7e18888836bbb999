/**
 * Reading the audit trail: the organisation's changes filtered by entity,
 * user and date, and one entity's history. Rows are written only by the
 * audit trigger (lib/audit.ts), each naming its actor and carrying the place
 * of the entity it describes, so a scoped reader's list reads only their
 * departments' and teams' rows and the organisation-level ones (lib/lists.ts).
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { v } from "convex/values";
import type { Doc, TableNames } from "../_generated/dataModel";
import { orgQuery, type OrgQueryCtx } from "../lib/functions";
import { mergeStreams, placeStreams } from "../lib/lists";
import { stream } from "convex-helpers/server/stream";
import { TABLE_SCOPES } from "../lib/scope";

const vAuditRow = v.object({ ...doc(schema, "audit_logs").fields, user_name: v.string() });

/** The name an audit row shows for its actor. */
async function actorName(ctx: OrgQueryCtx, row: Doc<"audit_logs">, names: Map<string, string>) {
  if (row.actor_name) return row.actor_name;
  if (!row.user_id) return "System";
  if (!names.has(row.user_id)) names.set(row.user_id, (await ctx.directory.userName(row.user_id)) ?? "Former member");
  return names.get(row.user_id)!;
}

const PLACE_FIELDS = ["department_id", "team_id", "lecturer_department_id", "lecturer_team_id"] as const;

export const list = orgQuery({
  permission: "audit.view",
  args: {
    paginationOpts: paginationOptsValidator,
    entityType: v.optional(v.string()),
    userId: v.optional(v.id("users")),
    from: v.optional(v.number()),
    to: v.optional(v.number()),
  },
  returns: paginationResultValidator(vAuditRow),
  handler: async (ctx, args) => {
    const range = { gte: args.from, lte: args.to };
    const keep = (r: Doc<"audit_logs">) => (!args.entityType || r.entity_type === args.entityType) && (!args.userId || r.user_id === args.userId);
    const reach = ctx.access.scope("audit.view");
    let page;
    if (!reach) {
      page = await ctx.db
        .query("audit_logs")
        .withIndex("by_organisation_id_and_created_at", (q) => {
          const scoped = q.eq("organisation_id", ctx.organisationId);
          if (args.from !== undefined && args.to !== undefined) return scoped.gte("created_at", args.from).lte("created_at", args.to);
          if (args.from !== undefined) return scoped.gte("created_at", args.from);
          if (args.to !== undefined) return scoped.lte("created_at", args.to);
          return scoped;
        })
        .order("desc")
        .filter((q) => {
          const conditions = [];
          if (args.entityType) conditions.push(q.eq(q.field("entity_type"), args.entityType));
          if (args.userId) conditions.push(q.eq(q.field("user_id"), args.userId));
          return conditions.length ? q.and(...conditions) : true;
        })
        .paginate(args.paginationOpts);
    } else {
      // Organisation-level rows, then each in-scope department's and team's rows, each read once.
      const keys: { field: string; value: string }[] = [];
      for (const field of PLACE_FIELDS) {
        for (const value of field.endsWith("team_id") ? reach.teams : reach.departments) keys.push({ field, value });
      }
      const orgLevel = stream(ctx.db, schema)
        .query("audit_logs")
        .withIndex("by_organisation_id_and_organisation_level_and_created_at", (q: any) => {
          let r = q.eq("organisation_id", ctx.organisationId).eq("organisation_level", true);
          if (range.gte !== undefined) r = r.gte("created_at", range.gte);
          if (range.lte !== undefined) r = r.lte("created_at", range.lte);
          return r;
        })
        .order("desc");
      const streams = [orgLevel, ...placeStreams(ctx.db, "audit_logs", keys, { orderField: "created_at", range, order: "desc" })].map((s) =>
        s.filterWith(async (r: any) => keep(r)),
      );
      page = await mergeStreams<Doc<"audit_logs">>(streams, "created_at").paginate(args.paginationOpts);
    }
    const names = new Map<string, string>();
    const rows = [];
    for (const r of page.page) rows.push({ ...r, user_name: await actorName(ctx, r, names) });
    return { ...page, page: rows };
  },
});

/** One entity's history, oldest first, for the old -> new diff view: what the caller may see of it. */
export const history = orgQuery({
  permission: null,
  args: { entityType: v.string(), entityId: v.string() },
  returns: v.array(vAuditRow),
  handler: async (ctx, { entityType, entityId }) => {
    // Everyone with audit.view sees what their scope reaches; others only their own records' history.
    const own = TABLE_SCOPES[entityType as TableNames];
    if (!ctx.access.has("audit.view") && !(own?.kind === "placed" && own.own?.permission && ctx.access.has(own.own.permission))) {
      ctx.access.require("audit.view");
    }
    const rows = await ctx.db
      .query("audit_logs")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", entityId))
      .take(500);
    if (rows.length === 0 && !ctx.access.has("audit.view")) ctx.access.require("audit.view");
    const names = new Map<string, string>();
    const out = [];
    for (const r of rows) out.push({ ...r, user_name: await actorName(ctx, r, names) });
    return out;
  },
});
