/**
 * Reading the audit trail: the organisation's changes filtered by entity
 * type, person and date, and the history of one lecturer, iteration or
 * allocation (with the rows that belong to it: a lecturer's profile and
 * allocations, an iteration's groups and allocations). Rows are written only
 * by the audit trigger (lib/audit.ts), each naming its actor (a person, a
 * system, an API key's external system) and carrying the place of the entity
 * it describes, so a scoped reader's list reads only their departments' and
 * teams' rows and the organisation-level ones (lib/lists.ts); every row
 * returned here is described in words (describe.ts).
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgQuery, type OrgQueryCtx } from "../lib/functions";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import type { TableNames } from "../_generated/dataModel";
import { mergeStreams, placeStreams } from "../lib/lists";
import { stream } from "convex-helpers/server/stream";
import { TABLE_SCOPES } from "../lib/scope";
import { AllocationScope } from "../workload/allocationScope";
import { AuditDescriber, ENTITY_KINDS } from "./describe";

/** A stored audit row (its raw old and new values too) with the words people read. */
const vAuditEntry = v.object({
  ...doc(schema, "audit_logs").fields,
  user_name: v.string(),
  /** "Allocation: Gareth Rossi · CS401-A · Preparation" */
  entity_label: v.string(),
  /** "share 50% → 40%, hours 25 → 20" */
  summary: v.string(),
  changes: v.array(v.object({ label: v.string(), before: v.string(), after: v.string() })),
});

/** Most rows one history panel shows (newest first). */
const HISTORY_LIMIT = 200;

function parse(json?: string): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function describeRows(ctx: OrgQueryCtx, rows: Doc<"audit_logs">[]) {
  const describer = new AuditDescriber(ctx.dbWithDeleted);
  const names = new Map<string, string>();
  const out = [];
  for (const r of rows) {
    const before = parse(r.old_values);
    const after = parse(r.new_values);
    const changes = await describer.changes(r.entity_type, r.changed_fields, before, after);
    out.push({
      ...r,
      user_name: await actorName(ctx, r, names),
      entity_label: await describer.entityLabel(r.entity_type, r.entity_id, { ...before, ...after }),
      summary: AuditDescriber.summary(r.action, changes),
      changes,
    });
  }
  return out;
}

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
  returns: paginationResultValidator(vAuditEntry),
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
    return { ...page, page: await describeRows(ctx, page.page) };
  },
});

/** One entity's history, oldest first (any audited table; lecturers, iterations and allocations have `historyOf`): what the caller may see of it. */
export const history = orgQuery({
  permission: null,
  args: { entityType: v.string(), entityId: v.string() },
  returns: v.array(vAuditEntry),
  handler: async (ctx, { entityType, entityId }) => {
    // Everyone with audit.view sees what their scope reaches; others only their own records' history.
    const own = TABLE_SCOPES[entityType as TableNames];
    if (!ctx.access.has("audit.view") && !(own?.kind === "placed" && own.own?.permission && ctx.access.has(own.own.permission))) {
      ctx.access.require("audit.view");
    }
    const rows = await ctx.db
      .query("audit_logs")
      .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", entityType).eq("entity_id", entityId))
      .take(HISTORY_LIMIT);
    if (rows.length === 0 && !ctx.access.has("audit.view")) ctx.access.require("audit.view");
    return await describeRows(ctx, rows);
  },
});

/** Members who appear in the trail, for its person filter. */
export const people = orgQuery({
  permission: "audit.view",
  args: {},
  returns: v.array(v.object({ userId: v.id("users"), name: v.string() })),
  handler: async (ctx) => {
    const users = await ctx.db.query("users").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
    return users
      .filter((u) => u.status !== "invited")
      .map((u) => ({ userId: u._id, name: u.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
});

/** The kinds of row the trail can be filtered by, in people's words (the same names the entries use). */
export const kinds = orgQuery({
  permission: "audit.view",
  args: {},
  returns: v.array(v.object({ value: v.string(), label: v.string() })),
  handler: async () =>
    Object.entries(ENTITY_KINDS)
      .map(([value, label]) => ({ value, label: label! }))
      .sort((a, b) => a.label.localeCompare(b.label)),
});

/**
 * The history panel of a lecturer (year record, profile and their
 * allocations), an iteration (itself, its groups and allocations) or one
 * allocation, newest first.
 */
export const historyOf = orgQuery({
  permission: null,
  args: {
    subject: v.union(
      v.object({ kind: v.literal("lecturer"), id: v.id("lecturers") }),
      v.object({ kind: v.literal("iteration"), id: v.id("module_iterations") }),
      v.object({ kind: v.literal("allocation"), id: v.id("module_allocations") }),
    ),
  },
  returns: v.array(vAuditEntry),
  handler: async (ctx, { subject }) => {
    const entities: { type: string; id: string }[] = [];
    const scope = new AllocationScope(ctx);
    if (subject.kind === "allocation") {
      // Out of scope is FORBIDDEN with the reason (the layer's rule for a direct read), absent is NOT_FOUND.
      const row = await getOrThrow(ctx.dbWithDeleted, subject.id, "allocation");
      await requireHistory(ctx, scope, { allocation: row });
      entities.push({ type: "module_allocations", id: row._id });
    } else if (subject.kind === "lecturer") {
      const lecturer = await getOrThrow(ctx.dbWithDeleted, subject.id, "lecturer");
      await requireHistory(ctx, scope, { lecturer });
      entities.push({ type: "lecturers", id: lecturer._id }, { type: "lecturer_profiles", id: lecturer.profile_id });
      for (const a of await ctx.dbWithDeleted.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect()) {
        entities.push({ type: "module_allocations", id: a._id });
      }
    } else {
      const iteration = await getOrThrow(ctx.dbWithDeleted, subject.id, "module iteration");
      await requireHistory(ctx, scope, { iterationId: iteration._id });
      entities.push({ type: "module_iterations", id: iteration._id });
      for (const g of await ctx.dbWithDeleted.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect()) {
        entities.push({ type: "module_iteration_groups", id: g._id });
      }
      for (const a of await ctx.dbWithDeleted.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect()) {
        if ((await scope.forAllocation(a)).canRead) entities.push({ type: "module_allocations", id: a._id });
      }
    }
    const rows: Doc<"audit_logs">[] = [];
    for (const e of entities) {
      rows.push(
        ...(await ctx.db
          .query("audit_logs")
          .withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", e.type).eq("entity_id", e.id))
          .order("desc")
          .take(HISTORY_LIMIT)),
      );
    }
    rows.sort((a, b) => b.created_at - a.created_at || b._creationTime - a._creationTime);
    return await describeRows(ctx, rows.slice(0, HISTORY_LIMIT));
  },
});

/**
 * History needs the audit permission for what it is about, or is a
 * lecturer's own (their record, their allocations).
 */
async function requireHistory(
  ctx: OrgQueryCtx,
  scope: AllocationScope,
  about: { allocation?: Doc<"module_allocations">; lecturer?: Doc<"lecturers">; iterationId?: Id<"module_iterations"> },
) {
  const lecturer = about.lecturer ?? (about.allocation ? await ctx.dbWithDeleted.get(about.allocation.lecturer_id) : null);
  if (scope.isOwn(lecturer) && ctx.access.has("allocations.view_own")) return;
  ctx.access.require("audit.view");
  if (about.allocation && (await scope.forAllocation(about.allocation)).canRead) return;
  if (about.lecturer && ctx.access.has("allocations.view", about.lecturer)) return;
  if (about.iterationId) {
    const module = await scope.moduleOf(about.iterationId);
    if (ctx.access.has("allocations.view", { department_id: module?.department_id })) return;
    throw appError("FORBIDDEN", `${(await scope.departmentName(module?.department_id)) || "This module's department"} is outside your scope: you cannot see this iteration's history.`);
  }
  throw appError("FORBIDDEN", "This is outside your scope: you cannot see its history.");
}
