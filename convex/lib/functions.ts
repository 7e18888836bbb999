/**
 * The function layer. Every Convex function is built with one of these
 * builders, never with the raw builders of `_generated/server`, so that every
 * call resolves who acts, checks what they may do, and sees and changes the
 * database only within their scope, without the handler remembering any of it.
 *
 * Public (called by a signed-in person; the caller comes from `ctx.auth` only):
 *   orgQuery / orgMutation / orgAction   one organisation (`organisationId` argument),
 *                                        for a member holding `permission` anywhere
 *   authedQuery / authedMutation         any signed-in person, before an organisation is chosen
 * Internal, on someone's behalf (`actor` argument, see vActor):
 *   jobMutation / jobQuery               one batch, or an action phase's read, of a job (lib/jobs.ts),
 *                                        as the job's recorded actor
 *   actorQuery / actorMutation / actorAction   a step acts as the person who started it
 *                                        (their access re-resolved at every step: a revoked
 *                                        person's job stops with FORBIDDEN), a cron as a named
 *                                        system actor, an API-key request as its external system
 * Internal, system-wide (seed, cross-organisation crons):
 *   internalQuery / internalMutation     every permission, `systemActor` names it in the trail
 *
 *   export const list = orgQuery({
 *     permission: "modules.view",
 *     args: { academicYearId: v.id("academic_years") },
 *     returns: v.array(vIteration),
 *     handler: async (ctx, args) => await scopedList(ctx, "module_iterations", { academicYearId: args.academicYearId }).collect(),
 *   });
 *
 *   export const step = actorMutation({
 *     permission: "years.rollover",
 *     args: { jobId: v.id("data_migrations") },
 *     handler: async (ctx, { jobId }) => { ... ctx.db is scoped to ctx.access, writes audited as ctx.actor ... },
 *   });
 *   await ctx.scheduler.runAfter(0, internal.x.step, { actor: ctx.actorRef, jobId });
 *
 * What every org/actor handler gets:
 *   ctx.viewer, ctx.organisation, ctx.organisationId, ctx.access (lib/access.ts), ctx.now,
 *   ctx.actor (as the audit trail names it), ctx.actorRef (to hand to scheduled work),
 *   ctx.directory (names and places of people, which every member may read),
 *   ctx.db / ctx.dbWithDeleted: the scoped database (lib/scopedDb.ts, lib/scope.ts): rows of
 *   other organisations do not exist, rows outside scope are invisible (and FORBIDDEN with the
 *   reason through `getOrThrow`), writes are checked against the table's edit permission on the
 *   old and the new row, place fields are filled, references, numbers, texts and the year's
 *   state are checked, dependents block deletes, and every write is audited.
 *   Every argument number must be finite and every argument text bounded (INVALID_ARGUMENT).
 *
 * `permission: null` means "any member" (own preferences, notifications). The declared
 * permission is attached to the registered function (`layerMeta`) for the permission tests.
 */
import { customAction, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import { v, type Infer } from "convex/values";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import {
  action as rawAction,
  internalAction as rawInternalAction,
  internalMutation as rawInternalMutation,
  internalQuery as rawInternalQuery,
  mutation as rawMutation,
  query as rawQuery,
  type ActionCtx,
  type MutationCtx,
  type QueryCtx,
} from "../_generated/server";
import { internal } from "../_generated/api";
import { vActor, type ActorRef } from "../schema/validators";
import "../triggers";
import { Access, loadAccess, requireIdentity, resolveMember, type GrantList, type ScopeTarget } from "./access";
import type { Actor } from "./audit";
import { appError } from "./errors";
import { MAX_TEXT_LENGTH } from "./inputRanges";
import { actorRefusal } from "./jobs";
import { isPermission, PERMISSIONS, type Permission } from "./permissions";
import type { Subject } from "./scope";
import { ScopedReader, ScopedWriter } from "./scopedDb";
import { triggers } from "./triggers";

export { vActor, type ActorRef };

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;
type PermissionExtra = { permission: Permission | null };

/** Names and places of people: directory information every member may read (never their figures). */
export type Directory = {
  /** A lecturer (year instance) by id: their name, place and year. */
  lecturer(id: Id<"lecturers">): Promise<{
    _id: Id<"lecturers">;
    profile_id: Id<"lecturer_profiles">;
    academic_year_id: Id<"academic_years">;
    name: string;
    department_id?: Id<"departments">;
    team_id?: Id<"teams">;
  } | null>;
  profileName(id: Id<"lecturer_profiles">): Promise<string | null>;
  /**
   * The organisation's lecturer record with the signed-in member's own
   * (verified) email, and who holds it if anyone: what a member who is not
   * yet linked may be offered, though their scope does not reach the record.
   */
  recordWithMyEmail(): Promise<{
    _id: Id<"lecturer_profiles">;
    full_name: string;
    email: string;
    department_id?: Id<"departments">;
    department_name: string;
    heldBy: { _id: Id<"users">; name: string; email: string } | null;
  } | null>;
  userName(id: Id<"users">): Promise<string | null>;
  placeName(target: ScopeTarget): Promise<string>;
  /**
   * How many allocations an iteration has, whoever may see them: a number
   * only, so that a reader whose scope hides some is told so rather than
   * shown a list that looks complete.
   */
  allocationCount(iterationId: Id<"module_iterations">): Promise<number>;
};

/** What the layer knows about who acts, before it builds the handler's context. */
type Acting = {
  organisation: Doc<"organisations"> | null;
  organisationId: Id<"organisations"> | null;
  viewer: Doc<"users"> | null;
  access: Access;
  actor: Actor;
  actorRef: ActorRef | null;
  system: boolean;
};

// --- context assembly ------------------------------------------------------------

function makeSubject(raw: Reader, acting: Acting): Subject & { directory: Directory } {
  let lecturerIds: Promise<Set<string>> | null = null;
  const names = new Map<string, Promise<string>>();
  const org = acting.organisationId;
  const inOrg = <T extends { organisation_id?: unknown }>(doc: T | null) => (doc && (!org || doc.organisation_id === org) ? doc : null);
  const nameOf = (id: string) => {
    let hit = names.get(id);
    if (!hit) {
      hit = (async () => {
        const doc = inOrg((await raw.get(id as Id<"departments">)) as any);
        return (doc?.name as string | undefined) ?? "another department";
      })();
      names.set(id, hit);
    }
    return hit;
  };
  const placeName = async (t: ScopeTarget) => (t.department_id ? nameOf(t.department_id) : t.team_id ? nameOf(t.team_id) : "the organisation");
  const profileId = acting.viewer?.lecturer_profile_id;
  return {
    access: acting.access,
    userId: acting.viewer?._id,
    lecturerProfileId: profileId,
    lecturerIds: () =>
      (lecturerIds ??= (async () => {
        if (!profileId) return new Set<string>();
        const rows = await raw.query("lecturers").withIndex("by_profile_id", (q) => q.eq("profile_id", profileId)).collect();
        return new Set(rows.map((r) => r._id as string));
      })()),
    placeName,
    describeScope: async (permissions) => {
      const scope = acting.access.scopeOfAny(permissions);
      if (!scope) return "the whole organisation";
      const departments = await Promise.all([...scope.departments].map(nameOf));
      const teams = await Promise.all([...scope.teams].map(nameOf));
      const parts: string[] = [];
      if (departments.length) parts.push(`your department${departments.length > 1 ? "s" : ""} (${departments.join(", ")})`);
      if (teams.length) parts.push(`your team${teams.length > 1 ? "s" : ""} (${teams.join(", ")})`);
      return parts.length ? parts.join(" and ") : "no department";
    },
    directory: {
      lecturer: async (id) => {
        const l = inOrg(await raw.get(id));
        if (!l) return null;
        const profile = await raw.get(l.profile_id);
        return {
          _id: l._id,
          profile_id: l.profile_id,
          academic_year_id: l.academic_year_id,
          name: profile?.full_name ?? "",
          department_id: l.department_id,
          team_id: l.team_id,
        };
      },
      profileName: async (id) => inOrg(await raw.get(id))?.full_name ?? null,
      recordWithMyEmail: async () => {
        const email = acting.viewer?.email;
        if (!email || !acting.organisationId) return null;
        const organisationId = acting.organisationId;
        const profile = await raw
          .query("lecturer_profiles")
          .withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", organisationId).eq("email", email))
          .first();
        if (!profile || profile.deleted_at) return null;
        const holders = await raw.query("users").withIndex("by_lecturer_profile_id", (q) => q.eq("lecturer_profile_id", profile._id)).collect();
        const holder = holders.find((u) => u._id !== acting.viewer?._id && !u.deleted_at) ?? null;
        return {
          _id: profile._id,
          full_name: profile.full_name,
          email: profile.email,
          department_id: profile.department_id,
          department_name: profile.department_id ? await nameOf(profile.department_id) : "",
          heldBy: holder && { _id: holder._id, name: holder.name, email: holder.email },
        };
      },
      userName: async (id) => inOrg(await raw.get(id))?.name ?? null,
      placeName,
      allocationCount: async (iterationId) => {
        if (!inOrg(await raw.get(iterationId))) return 0;
        const rows = await raw.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).collect();
        return rows.filter((r) => !r.deleted_at).length;
      },
    },
  };
}

/** Unscoped writers of a context, for the few layer services that must write on others' behalf. */
const unscoped = new WeakMap<object, { db: ScopedWriter; dbWithDeleted: ScopedWriter }>();
/** The raw context behind a layer writer, so a job step can act as its recorded actor (`actAs`). */
const rawContexts = new WeakMap<object, MutationCtx>();

function assemble(ctx: QueryCtx | MutationCtx, acting: Acting, writes: boolean) {
  const raw = ctx.db as Reader;
  const subject = makeSubject(raw, acting);
  const base = { organisationId: acting.organisationId, subject, system: acting.system };
  const now = Date.now();
  const shared = {
    viewer: acting.viewer,
    organisation: acting.organisation,
    organisationId: acting.organisationId,
    access: acting.access,
    actor: acting.actor,
    actorRef: acting.actorRef,
    directory: subject.directory,
    now,
  };
  if (!writes) {
    return {
      ...shared,
      db: new ScopedReader(raw, { ...base, includeDeleted: false }),
      dbWithDeleted: new ScopedReader(raw, { ...base, includeDeleted: true }),
      writers: [] as ScopedWriter[],
    };
  }
  const withTriggers = triggers.wrapDB({ ...(ctx as MutationCtx), actor: acting.actor }).db as Writer;
  const db = new ScopedWriter(raw, withTriggers, { ...base, includeDeleted: false });
  const dbWithDeleted = new ScopedWriter(raw, withTriggers, { ...base, includeDeleted: true });
  const everything = { ...base, subject: { ...subject, access: Access.unrestricted() }, system: true };
  const system = new ScopedWriter(raw, withTriggers, { ...everything, includeDeleted: false });
  const systemWithDeleted = new ScopedWriter(raw, withTriggers, { ...everything, includeDeleted: true });
  const out = { ...shared, db, dbWithDeleted, writers: [db, dbWithDeleted, system, systemWithDeleted] };
  unscoped.set(db, { db: system, dbWithDeleted: systemWithDeleted });
  rawContexts.set(db, ctx as MutationCtx);
  return out;
}

/**
 * Marks `wrapper` (a proxy over a layer writer, e.g. the import's recording
 * writer) as the same context as `of`, so the layer services that look a
 * writer up (`unscopedDb`, `actAs`) work through it.
 */
export function sameLayerAs<T extends object>(wrapper: T, of: unknown): T {
  const hit = unscoped.get(of as object);
  if (hit) unscoped.set(wrapper, hit);
  const raw = rawContexts.get(of as object);
  if (raw) rawContexts.set(wrapper, raw);
  return wrapper;
}

/**
 * The organisation's writer without the caller's scope (still audited as the
 * caller, still checking integrity), for layer services that act on another
 * member's rows: delivering a notice to someone's bell. `includeDeleted`:
 * soft-deleted rows are visible too (a rebuild deciding what is live). Only
 * the modules listed in tests/convex/foundation/layer.test.ts may use it.
 */
export function unscopedDb(ctx: { db: unknown }, options: { includeDeleted?: boolean } = {}): GenericDatabaseWriter<DataModel> {
  const hit = unscoped.get(ctx.db as object);
  if (!hit) throw new Error("unscopedDb() needs the context of a mutation built with the function layer.");
  return (options.includeDeleted ? hit.dbWithDeleted : hit.db) as unknown as Writer;
}

/**
 * Inside a system job step (built with `internalMutation`): the same context
 * as an actorMutation's, acting as `ref` re-resolved now. Throws FORBIDDEN
 * when the person's access has ended, before anything is written, so the
 * step can record why its job stopped.
 *
 *   const migration = await ctx.db.get(migrationId);
 *   try { const as = await actAs(ctx, migrationActor(migration), "years.rollover"); ... } catch (e) { ...mark it failed... }
 */
export async function actAs(ctx: { db: unknown }, ref: ActorRef, permission: Permission | null): Promise<ActorMutationCtx> {
  const raw = rawContexts.get(ctx.db as object);
  if (!raw) throw new Error("actAs() needs the context of a mutation built with the function layer.");
  const { ctx: inner } = mutationContext(raw, await resolveActor(raw, ref, permission));
  return { ...raw, ...inner } as unknown as ActorMutationCtx;
}

/** The actor a migration row records (older rows: the user who started it, else the system). */
export function migrationActor(job: Doc<"data_migrations">): ActorRef {
  if (job.actor) return job.actor;
  if (job.started_by) return { kind: "user", organisationId: job.organisation_id, userId: job.started_by };
  return { kind: "system", organisationId: job.organisation_id, name: job.kind };
}

async function checkAdmins(writers: ScopedWriter[]) {
  for (const w of writers) await w.assertAdminsKept();
}

/** The caller as a member of `organisationId` holding `permission` (anywhere). */
async function memberActing(ctx: QueryCtx, organisationId: Id<"organisations">, permission: Permission | null): Promise<Acting> {
  const { viewer, organisation } = await resolveMember(ctx, organisationId);
  const access = await loadAccess(ctx, viewer, Date.now());
  if (permission) access.require(permission);
  return {
    organisation,
    organisationId,
    viewer,
    access,
    actor: { kind: "user", name: viewer.name, user_id: viewer._id },
    actorRef: { kind: "user", organisationId, userId: viewer._id },
    system: false,
  };
}

/** Resolves an actor recorded by a job, a cron or an API key, now; refuses one whose access has ended. */
export async function resolveActor(ctx: QueryCtx, ref: ActorRef, permission: Permission | null): Promise<Acting> {
  const organisation = await ctx.db.get(ref.organisationId);
  if (!organisation || organisation.deleted_at !== undefined) throw appError("NOT_FOUND", "This organisation no longer exists.");
  const base = { organisation, organisationId: ref.organisationId, actorRef: ref };
  let acting: Acting;
  if (ref.kind === "user") {
    const viewer = await ctx.db.get(ref.userId);
    if (!viewer || viewer.organisation_id !== ref.organisationId || viewer.deleted_at !== undefined || viewer.status !== "active") {
      throw appError(
        "FORBIDDEN",
        `${viewer?.name ?? "The person who started this"} no longer has access to ${organisation.name}; work started on their behalf has stopped.`,
      );
    }
    const access = await loadAccess(ctx, viewer, Date.now());
    acting = { ...base, viewer, access, actor: { kind: "user", name: viewer.name, user_id: viewer._id }, system: false };
    if (permission && !access.has(permission)) {
      throw appError(
        "FORBIDDEN",
        `${viewer.name} no longer has permission to ${PERMISSIONS[permission].toLowerCase()}; work started on their behalf has stopped.`,
        { permission },
      );
    }
  } else if (ref.kind === "system") {
    acting = { ...base, viewer: null, access: Access.unrestricted(), actor: { kind: "system", name: ref.name }, system: true };
  } else {
    const key = await ctx.db.get(ref.apiKeyId);
    const system = key ? await ctx.db.get(key.external_system_id) : null;
    const live =
      key &&
      key.organisation_id === ref.organisationId &&
      key.revoked_at === undefined &&
      (key.expires_at === undefined || key.expires_at > Date.now()) &&
      system &&
      system.enabled &&
      system.deleted_at === undefined;
    if (!live) throw appError("UNAUTHENTICATED", "This API key is revoked, expired or unknown.");
    const access = Access.scoped(key.permissions, { department_id: key.scope_department_id, team_id: key.scope_team_id });
    acting = {
      ...base,
      viewer: null,
      access,
      actor: { kind: "api_key", name: `${system.name} (key "${key.name}")`, api_key_id: key._id },
      system: false,
    };
    if (permission) access.require(permission);
  }
  return acting;
}

function systemActing(name: string): Acting {
  return { organisation: null, organisationId: null, viewer: null, access: Access.unrestricted(), actor: { kind: "system", name }, actorRef: null, system: true };
}

// --- argument boundary ---------------------------------------------------------------

/** Numbers that pass `v.number()` but no sensible check (NaN, ±Infinity) and texts beyond any field are refused up front. */
function checkArgs(value: unknown, path: string) {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw appError("INVALID_ARGUMENT", `${path} must be a finite number (got ${value}).`, { field: path });
  }
  if (typeof value === "string" && value.length > MAX_TEXT_LENGTH) {
    throw appError("INVALID_ARGUMENT", `${path} is too long (at most ${MAX_TEXT_LENGTH.toLocaleString("en-GB")} characters).`, { field: path });
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkArgs(v, `${path}[${i}]`));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) checkArgs(v, path ? `${path}.${k}` : k);
}

// --- builders ------------------------------------------------------------------------

export type LayerMeta = { kind: "org" | "authed" | "actor" | "internal" | "dev"; permission: Permission | null };

/** The permission (and kind) a registered function declared, for the permission tests. */
export function layerMeta(fn: unknown): LayerMeta | undefined {
  return (fn as { __layer?: LayerMeta } | null)?.__layer;
}

/** Wraps a builder: checks the arguments at the boundary and attaches the declared permission. */
function layered<B extends (config: any) => any>(builder: B, kind: LayerMeta["kind"]): B {
  return ((config: any) => {
    const handler = typeof config === "function" ? config : config.handler;
    const wrapped = async (ctx: any, args: any) => {
      checkArgs(args, "");
      return await handler(ctx, args);
    };
    const fn = builder(typeof config === "function" ? wrapped : { ...config, handler: wrapped });
    Object.defineProperty(fn, "__layer", { value: { kind, permission: config.permission ?? null } satisfies LayerMeta });
    return fn;
  }) as B;
}

type Adds<Db> = Shared & { viewer: Doc<"users">; db: Db; dbWithDeleted: Db };
type QueryAdds = Adds<QueryCtx["db"]>;
type MutationAdds = Adds<MutationCtx["db"]>;

/** The handler's context (typed for members; internal actors may have no `viewer`, see Actor*Ctx). */
function queryContext(ctx: QueryCtx, acting: Acting): QueryAdds {
  const { writers: _w, ...rest } = assemble(ctx, acting, false);
  return rest as unknown as QueryAdds;
}

function mutationContext(ctx: MutationCtx, acting: Acting): { ctx: MutationAdds; onSuccess: () => Promise<void> } {
  const { writers, ...rest } = assemble(ctx, acting, true);
  return { ctx: rest as unknown as MutationAdds, onSuccess: async () => checkAdmins(writers) };
}

/** A query in one organisation, for a member holding `permission`. */
export const orgQuery = layered(
  customQuery(rawQuery, {
    args: { organisationId: v.id("organisations") },
    input: async (ctx, { organisationId }, { permission }: PermissionExtra) => ({
      ctx: queryContext(ctx, await memberActing(ctx, organisationId, permission)),
      args: {},
    }),
  }),
  "org",
);

/** A mutation in one organisation, for a member holding `permission`; writes are scoped and audited. */
export const orgMutation = layered(
  customMutation(rawMutation, {
    args: { organisationId: v.id("organisations") },
    input: async (ctx, { organisationId }, { permission }: PermissionExtra) => {
      const { ctx: inner, onSuccess } = mutationContext(ctx, await memberActing(ctx, organisationId, permission));
      return { ctx: inner, args: {}, onSuccess };
    },
  }),
  "org",
);

type ActionActing = {
  viewer: Doc<"users"> | null;
  organisation: Doc<"organisations">;
  grants: GrantList;
  actor: Actor;
  actorRef: ActorRef;
};

/** An action in one organisation: the same checks (run through an internal query) and the same access object. */
export const orgAction = layered(
  customAction(rawAction, {
    args: { organisationId: v.id("organisations") },
    input: async (ctx, { organisationId }, { permission }: PermissionExtra) => {
      const acting: ActionActing = await ctx.runQuery(internal.lib.functions.checkMember, { organisationId, permission: permission ?? undefined });
      // checkMember resolves a member, who always has a row.
      const inner = actionContext(acting, organisationId);
      return { ctx: { ...inner, viewer: inner.viewer as Doc<"users"> }, args: {} };
    },
  }),
  "org",
);

function actionContext(acting: ActionActing, organisationId: Id<"organisations">) {
  return {
    viewer: acting.viewer,
    organisation: acting.organisation,
    organisationId,
    access: Access.fromList(acting.grants),
    actor: acting.actor,
    actorRef: acting.actorRef,
  };
}

/**
 * A query for any signed-in person, before an organisation is chosen (their
 * memberships). The handler must read only the caller's own rows.
 */
export const authedQuery = layered(
  customQuery(rawQuery, {
    args: {},
    input: async (ctx) => ({ ctx: { identity: await requireIdentity(ctx) }, args: {} }),
  }),
  "authed",
);

/**
 * A mutation for any signed-in person (create an organisation, accept
 * invitations): a system-wide writer audited as that person, who must only
 * touch their own rows. Rows written before the person's member row exists
 * name them, and get their id once `ctx.actor.user_id` is set.
 */
export const authedMutation = layered(
  customMutation(rawMutation, {
    args: {},
    input: async (ctx) => {
      const identity = await requireIdentity(ctx);
      const acting = systemActing(identity.name ?? identity.email ?? identity.subject);
      acting.actor.kind = "user";
      const { ctx: inner, onSuccess } = mutationContext(ctx, acting);
      return {
        ctx: { identity, actor: inner.actor, db: inner.db },
        args: {},
        onSuccess: async () => {
          await onSuccess();
          const { actor } = inner;
          if (actor.user_id) for (const id of actor.pending ?? []) await ctx.db.patch(id, { user_id: actor.user_id });
        },
      };
    },
  }),
  "authed",
);

const actorArgs = { actor: vActor };

/** An internal query acting as `actor` (re-resolved now), with the same context as orgQuery. */
export const actorQuery = layered(
  customQuery(rawInternalQuery, {
    args: actorArgs,
    input: async (ctx, { actor }, { permission }: PermissionExtra) => ({
      ctx: queryContext(ctx, await resolveActor(ctx, actor, permission)) as Omit<QueryAdds, "viewer"> & { viewer: Doc<"users"> | null },
      args: {},
    }),
  }),
  "actor",
);

/** An internal mutation acting as `actor` (re-resolved at every call: a job step stops when its starter's access ends). */
export const actorMutation = layered(
  customMutation(rawInternalMutation, {
    args: actorArgs,
    input: async (ctx, { actor }, { permission }: PermissionExtra) => {
      const { ctx: inner, onSuccess } = mutationContext(ctx, await resolveActor(ctx, actor, permission));
      return { ctx: inner as Omit<MutationAdds, "viewer"> & { viewer: Doc<"users"> | null }, args: {}, onSuccess };
    },
  }),
  "actor",
);

/** An internal action acting as `actor`, with the same access object. */
export const actorAction = layered(
  customAction(rawInternalAction, {
    args: actorArgs,
    input: async (ctx, { actor }, { permission }: PermissionExtra) => {
      const acting: ActionActing = await ctx.runQuery(internal.lib.functions.checkActor, { actor, permission: permission ?? undefined });
      return { ctx: actionContext(acting, actor.organisationId), args: {} };
    },
  }),
  "actor",
);

/** The actor a job of the one job mechanism (lib/jobs.ts) records, as the layer resolves it. */
function jobActorRef(job: Doc<"jobs">): ActorRef {
  const organisationId = job.organisation_id;
  if (job.actor_kind === "user" && job.started_by) return { kind: "user", organisationId, userId: job.started_by };
  if (job.actor_kind === "api_key") {
    if (!job.api_key_id) throw appError("FORBIDDEN", "This job was started with an API key it no longer names; it cannot act.");
    return { kind: "api_key", organisationId, apiKeyId: job.api_key_id };
  }
  return { kind: "system", organisationId, name: job.actor_name ?? "System" };
}

/**
 * One batch of a job (convex/lib/jobs.ts), acting as the job's actor: the
 * person who started it (their access and the job's permission re-resolved
 * now, their name on every audit row), an API key, or the system. The
 * handler gets the same context as an actorMutation's plus `job`, and
 * receives the batch arguments (`vJobBatchStepArgs`) and `jobId`.
 *
 *   export const batch = jobMutation({
 *     args: vJobBatchStepArgs,
 *     returns: vJobBatchResult,
 *     handler: async (ctx, { phase, cursor, params, dryRun }) => ({ done: 0, cursor: null }),
 *   });
 */
export const jobMutation = layered(
  customMutation(rawInternalMutation, {
    args: { jobId: v.id("jobs") },
    input: async (ctx, { jobId }) => {
      const job = await ctx.db.get(jobId);
      if (!job) throw appError("NOT_FOUND", "This job no longer exists.");
      const permission = isPermission(job.permission) ? job.permission : null;
      const { ctx: inner, onSuccess } = mutationContext(ctx, await resolveActor(ctx, jobActorRef(job), permission));
      return { ctx: { ...(inner as Omit<MutationAdds, "viewer"> & { viewer: Doc<"users"> | null }), job }, args: { jobId }, onSuccess };
    },
  }),
  "actor",
);

/**
 * An internal query that reads for a job's action phase (lib/jobs.ts) as the
 * job's actor, re-resolved at every call (a revoked grant or a suspended
 * person stops the job's reads), with the scoped database of that actor. It
 * refuses once the job is no longer queued or running, so a cancelled job's
 * action stops at its next page.
 *
 *   export const page = jobQuery({
 *     args: { cursor: v.union(v.string(), v.null()) },
 *     handler: async (ctx, { cursor }) => ctx.db.query("lecturer_year_totals")...paginate(...),
 *   });
 */
export const jobQuery = layered(
  customQuery(rawInternalQuery, {
    args: { jobId: v.id("jobs") },
    input: async (ctx, { jobId }) => {
      const job = await ctx.db.get(jobId);
      if (!job) throw appError("NOT_FOUND", "This job no longer exists.");
      if (job.status !== "queued" && job.status !== "running") {
        throw appError("CONFLICT", `"${job.label}" is ${job.status}; its work stops here.`);
      }
      const refusal = await actorRefusal(ctx.db, job, Date.now());
      if (refusal) throw appError("FORBIDDEN", refusal);
      const permission = isPermission(job.permission) ? job.permission : null;
      const inner = queryContext(ctx, await resolveActor(ctx, jobActorRef(job), permission));
      return { ctx: { ...(inner as Omit<QueryAdds, "viewer"> & { viewer: Doc<"users"> | null }), job }, args: { jobId } };
    },
  }),
  "actor",
);

export type JobQueryCtx = ActorQueryCtx & { job: Doc<"jobs"> };

type SystemExtra = { systemActor?: string };

/**
 * Internal mutations of the system itself (the demo seed, cross-organisation
 * maintenance): every permission, no organisation of their own, writes still
 * filled, checked and audited as the named `systemActor`.
 */
export const internalMutation = layered(
  customMutation(rawInternalMutation, {
    args: {},
    input: async (ctx, _args, { systemActor }: SystemExtra) => {
      const { ctx: inner, onSuccess } = mutationContext(ctx, systemActing(systemActor ?? "System"));
      return { ctx: { db: inner.db, dbWithDeleted: inner.dbWithDeleted, actor: inner.actor, now: inner.now }, args: {}, onSuccess };
    },
  }),
  "internal",
);

/** Internal queries of the system: every row, soft-deleted ones included. */
export const internalQuery = layered(
  customQuery(rawInternalQuery, {
    args: {},
    input: async (ctx) => ({ ctx: { db: queryContext(ctx, systemActing("System")).dbWithDeleted }, args: {} }),
  }),
  "internal",
);

/**
 * Only where the local backend runs the functions (it sets WW_DEV_SIGNIN=1):
 * the dev sign-in screen lists demo users before anyone is signed in. On a
 * real deployment the variable is unset and these refuse every call.
 */
export const devOnlyQuery = layered(
  customQuery(rawQuery, {
    args: {},
    input: async () => {
      if (process.env.WW_DEV_SIGNIN !== "1") {
        throw appError("FORBIDDEN", "Dev sign-in is disabled on this deployment; sign in with Clerk.");
      }
      return { ctx: {}, args: {} };
    },
  }),
  "dev",
);

/** Used by orgAction: resolves the caller of an action as a query would. */
export const checkMember = rawInternalQuery({
  args: { organisationId: v.id("organisations"), permission: v.optional(v.string()) },
  handler: async (ctx, { organisationId, permission }): Promise<ActionActing> => {
    const acting = await memberActing(ctx, organisationId, (permission as Permission | undefined) ?? null);
    return toActionActing(acting);
  },
});

/** Used by actorAction: resolves the actor as a query would. */
export const checkActor = rawInternalQuery({
  args: { actor: vActor, permission: v.optional(v.string()) },
  handler: async (ctx, { actor, permission }): Promise<ActionActing> => {
    const acting = await resolveActor(ctx, actor, (permission as Permission | undefined) ?? null);
    return toActionActing(acting);
  },
});

function toActionActing(acting: Acting): ActionActing {
  return {
    viewer: acting.viewer,
    organisation: acting.organisation!,
    grants: acting.access.list(),
    actor: acting.actor,
    actorRef: acting.actorRef!,
  };
}

// --- context types for helpers shared by handlers ---------------------------------------

type Shared = {
  organisation: Doc<"organisations">;
  organisationId: Id<"organisations">;
  access: Access;
  now: number;
  actor: Actor;
  actorRef: ActorRef;
  directory: Directory;
};

export type OrgQueryCtx = Omit<QueryCtx, "db"> &
  Shared & { viewer: Doc<"users">; db: QueryCtx["db"]; dbWithDeleted: QueryCtx["db"] };
export type OrgMutationCtx = Omit<MutationCtx, "db"> &
  Shared & { viewer: Doc<"users">; db: MutationCtx["db"]; dbWithDeleted: MutationCtx["db"] };
/** Internal work on someone's behalf: there may be no person (a cron, an API key). */
export type ActorQueryCtx = Omit<OrgQueryCtx, "viewer"> & { viewer: Doc<"users"> | null };
export type ActorMutationCtx = Omit<OrgMutationCtx, "viewer"> & { viewer: Doc<"users"> | null };
export type OrgActionCtx = ActionCtx & ReturnType<typeof actionContext>;

export type ActorRefValue = Infer<typeof vActor>;

export { appError };
