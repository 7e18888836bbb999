/**
 * The function builders. Every public function is built with one of these,
 * never with the raw builders of `_generated/server`, so that every call:
 *   - resolves the caller from `ctx.auth` (never from arguments),
 *   - checks membership of the organisation named by `organisationId`,
 *   - checks the permission codename the function declares,
 *   - sees only its organisation's rows, soft-deleted ones hidden (`ctx.db`),
 *   - writes through the triggers (audit trail, live totals).
 *
 *   export const list = orgQuery({
 *     permission: "modules.view",
 *     args: { academicYearId: v.id("academic_years") },
 *     handler: async (ctx, args) => ctx.db.query("module_iterations")...,
 *   });
 *
 * `permission: null` means "any member" (own preferences, notifications).
 */
import {
  customAction,
  customMutation,
  customQuery,
} from "convex-helpers/server/customFunctions";
import { wrapDatabaseReader, wrapDatabaseWriter, type Rules } from "convex-helpers/server/rowLevelSecurity";
import { v } from "convex/values";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import {
  action as rawAction,
  internalMutation as rawInternalMutation,
  internalQuery as rawInternalQuery,
  mutation as rawMutation,
  query as rawQuery,
  type MutationCtx,
  type QueryCtx,
} from "../_generated/server";
import { internal } from "../_generated/api";
import schema from "../schema";
import { Access, loadAccess, requireIdentity, resolveMember } from "./access";
import type { Actor } from "./audit";
import { appError } from "./errors";
import { actorRefusal } from "./jobs";
import type { Permission } from "./permissions";
import { triggers } from "./triggers";

type PermissionExtra = { permission: Permission | null };

const TABLES = Object.keys(schema.tables) as TableNames[];

function ownerOf(table: string, doc: { _id?: unknown; organisation_id?: unknown }) {
  return table === "organisations" ? doc._id : doc.organisation_id;
}

/** Row rules: only `organisationId`'s rows exist; soft-deleted ones too when `includeDeleted`. */
function tenantRules(organisationId: Id<"organisations">, includeDeleted: boolean): Rules<unknown, DataModel> {
  const rules: Record<string, unknown> = {};
  for (const table of TABLES) {
    rules[table] = {
      read: async (_: unknown, doc: any) =>
        ownerOf(table, doc) === organisationId && (includeDeleted || doc.deleted_at === undefined),
      modify: async (_: unknown, doc: any) => ownerOf(table, doc) === organisationId,
      insert: async (_: unknown, doc: any) => table !== "organisations" && doc.organisation_id === organisationId,
    };
  }
  return rules as Rules<unknown, DataModel>;
}

async function memberContext(ctx: QueryCtx, organisationId: Id<"organisations">, permission: Permission | null) {
  const now = Date.now();
  const { viewer, organisation } = await resolveMember(ctx, organisationId);
  const access = await loadAccess(ctx, viewer, now);
  if (permission) access.require(permission);
  return { viewer, organisation, organisationId, access, now };
}

/** A query in one organisation, for a member holding `permission`. */
export const orgQuery = customQuery(rawQuery, {
  args: { organisationId: v.id("organisations") },
  input: async (ctx, { organisationId }, { permission }: PermissionExtra) => {
    const member = await memberContext(ctx, organisationId, permission);
    return {
      ctx: {
        ...member,
        db: wrapDatabaseReader({}, ctx.db, tenantRules(organisationId, false)),
        dbWithDeleted: wrapDatabaseReader({}, ctx.db, tenantRules(organisationId, true)),
      },
      args: {},
    };
  },
});

/** A mutation in one organisation, for a member holding `permission`; writes are audited. */
export const orgMutation = customMutation(rawMutation, {
  args: { organisationId: v.id("organisations") },
  input: async (ctx, { organisationId }, { permission }: PermissionExtra) => {
    const member = await memberContext(ctx, organisationId, permission);
    const actor: Actor = { user_id: member.viewer._id };
    const withTriggers = triggers.wrapDB({ ...ctx, actor });
    return {
      ctx: {
        ...member,
        actor,
        db: wrapDatabaseWriter({}, withTriggers.db, tenantRules(organisationId, false)),
        dbWithDeleted: wrapDatabaseWriter({}, withTriggers.db, tenantRules(organisationId, true)),
      },
      args: {},
    };
  },
});

/** An action in one organisation: the same checks, run through an internal query. */
export const orgAction = customAction(rawAction, {
  args: { organisationId: v.id("organisations") },
  input: async (ctx, { organisationId }, { permission }: PermissionExtra) => {
    const member: { viewer: Doc<"users">; organisation: Doc<"organisations"> } = await ctx.runQuery(
      internal.lib.functions.checkMember,
      { organisationId, permission: permission ?? undefined },
    );
    return { ctx: { ...member, organisationId }, args: {} };
  },
});

/**
 * A query for any signed-in person, before an organisation is chosen
 * (their memberships, invitations). The handler sees the raw reader and must
 * only read the caller's own rows.
 */
export const authedQuery = customQuery(rawQuery, {
  args: {},
  input: async (ctx) => ({ ctx: { identity: await requireIdentity(ctx) }, args: {} }),
});

/** A mutation for any signed-in person (create an organisation, accept invitations). */
export const authedMutation = customMutation(rawMutation, {
  args: {},
  input: async (ctx) => {
    const identity = await requireIdentity(ctx);
    const actor: Actor = {};
    const withTriggers = triggers.wrapDB({ ...ctx, actor });
    return { ctx: { identity, actor, db: withTriggers.db }, args: {} };
  },
});

/**
 * One batch of a job (convex/lib/jobs.ts), acting as the job's actor: the
 * person who started it (their access re-resolved now, their name on every
 * audit row), or the system. The handler receives the batch arguments
 * (`vJobBatchStepArgs`) and sees only the job's organisation.
 *
 *   export const batch = jobMutation({
 *     args: vJobBatchStepArgs,
 *     returns: vJobBatchResult,
 *     handler: async (ctx, { phase, cursor, params, dryRun }) => ({ done: 0, cursor: null }),
 *   });
 */
export const jobMutation = customMutation(rawInternalMutation, {
  args: { jobId: v.id("jobs") },
  input: async (ctx, { jobId }) => {
    const job = await ctx.db.get(jobId);
    if (!job) throw appError("NOT_FOUND", "This job no longer exists.");
    const now = Date.now();
    const viewer = job.started_by ? await ctx.db.get(job.started_by) : null;
    const access = viewer ? await loadAccess(ctx, viewer, now) : Access.unrestricted();
    const actor: Actor = { user_id: viewer?._id };
    const withTriggers = triggers.wrapDB({ ...ctx, actor });
    const organisationId = job.organisation_id;
    return {
      ctx: {
        job,
        viewer,
        organisationId,
        access,
        now,
        actor,
        db: wrapDatabaseWriter({}, withTriggers.db, tenantRules(organisationId, false)),
        dbWithDeleted: wrapDatabaseWriter({}, withTriggers.db, tenantRules(organisationId, true)),
      },
      args: { jobId },
    };
  },
});

// --- Job actors for action phases (issue #11; to reconcile with the access work of issue #8) ---

/**
 * An internal query that reads for a job's action phase as the job's actor:
 * the person who started it, their access re-resolved at every call (a
 * revoked grant or a suspended person stops the job's reads), or the system.
 * Refuses once the job is no longer queued or running, so a cancelled job's
 * action stops at its next page. Sees only the job's organisation.
 *
 *   export const page = jobQuery({
 *     args: { cursor: v.union(v.string(), v.null()) },
 *     handler: async (ctx, { cursor }) => ctx.db.query("lecturer_year_totals")...paginate(...),
 *   });
 */
export const jobQuery = customQuery(rawInternalQuery, {
  args: { jobId: v.id("jobs") },
  input: async (ctx, { jobId }) => {
    const job = await ctx.db.get(jobId);
    if (!job) throw appError("NOT_FOUND", "This job no longer exists.");
    if (job.status !== "queued" && job.status !== "running") {
      throw appError("CONFLICT", `"${job.label}" is ${job.status}; its work stops here.`);
    }
    const now = Date.now();
    const refusal = await actorRefusal(ctx.db, job, now);
    if (refusal) throw appError("FORBIDDEN", refusal);
    const viewer = job.started_by ? await ctx.db.get(job.started_by) : null;
    const access = viewer ? await loadAccess(ctx, viewer, now) : Access.unrestricted();
    const organisationId = job.organisation_id;
    const organisation = await ctx.db.get(organisationId);
    if (!organisation) throw appError("NOT_FOUND", "This job's organisation no longer exists.");
    return {
      ctx: {
        job,
        viewer,
        organisation,
        organisationId,
        access,
        now,
        db: wrapDatabaseReader({}, ctx.db, tenantRules(organisationId, false)),
        dbWithDeleted: wrapDatabaseReader({}, ctx.db, tenantRules(organisationId, true)),
      },
      args: { jobId },
    };
  },
});

export type JobQueryCtx = QueryCtx & {
  job: Doc<"jobs">;
  viewer: Doc<"users"> | null;
  organisation: Doc<"organisations">;
  organisationId: Id<"organisations">;
  access: Access;
  now: number;
  dbWithDeleted: QueryCtx["db"];
};

// --- end of job actors for action phases ---

/** Internal mutations (jobs, seeding): through the triggers, acting as the system. */
export const internalMutation = customMutation(rawInternalMutation, {
  args: {},
  input: async (ctx) => {
    const actor: Actor = {};
    return { ctx: { ...triggers.wrapDB({ ...ctx, actor }), actor }, args: {} };
  },
});

export const internalQuery = rawInternalQuery;

/**
 * Only where the local backend runs the functions (it sets WW_DEV_SIGNIN=1):
 * the dev sign-in screen lists demo users before anyone is signed in. On a
 * real deployment the variable is unset and these refuse every call.
 */
export const devOnlyQuery = customQuery(rawQuery, {
  args: {},
  input: async () => {
    if (process.env.WW_DEV_SIGNIN !== "1") {
      throw appError("FORBIDDEN", "Dev sign-in is disabled on this deployment; sign in with Clerk.");
    }
    return { ctx: {}, args: {} };
  },
});

/** Used by orgAction: resolves the caller of an action as a query would. */
export const checkMember = rawInternalQuery({
  args: { organisationId: v.id("organisations"), permission: v.optional(v.string()) },
  handler: async (ctx, { organisationId, permission }) => {
    const member = await memberContext(ctx, organisationId, (permission as Permission | undefined) ?? null);
    return { viewer: member.viewer, organisation: member.organisation };
  },
});

export type OrgQueryCtx = QueryCtx & {
  viewer: Doc<"users">;
  organisation: Doc<"organisations">;
  organisationId: Id<"organisations">;
  access: Access;
  now: number;
  dbWithDeleted: QueryCtx["db"];
};
export type OrgMutationCtx = MutationCtx & {
  viewer: Doc<"users">;
  organisation: Doc<"organisations">;
  organisationId: Id<"organisations">;
  access: Access;
  now: number;
  actor: Actor;
  dbWithDeleted: MutationCtx["db"];
};

export { appError };
