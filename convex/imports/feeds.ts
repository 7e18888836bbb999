/**
 * Feeds: external systems (HR, student records, timetabling) that send
 * files or JSON over HTTP (convex/http.ts) with an API key, running the same
 * dry run and commit as the wizard. An admin creates the system and its keys
 * in the app; a key is shown once, kept as its SHA-256 hash, limited to the
 * kinds of import it may run, and revocable. A feed's jobs act as the key
 * (the function layer's API-key actor, lib/functions.ts): with the
 * permissions its kinds write under and, when the key is scoped to a
 * department or team, only there; every step re-resolves the key, so a key
 * revoked mid-import stops the job at its next step; the audit rows of its
 * writes name the external system and the key. Allocations are fed through
 * the editor's one create/update path (workload/allocations.ts), changed
 * only where the module's department is within the key's scope. A feed
 * refused once its key is known (a kind the key may not import, a closed
 * year, a disabled system, a file that cannot be imported as a whole, a key
 * revoked while its import runs) leaves one sync-log row, stage "refused",
 * saying why, and writes nothing else; an unknown or missing key names no
 * system and leaves nothing. An admin enables and disables a system (a
 * disabled one's feeds are refused). The integrations page reads the
 * systems, their keys (never the keys themselves) and each system's sync
 * log, a page at a time; all of it is an admin's (organisation.manage).
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { Access } from "../lib/access";
import { internalMutation, internalQuery, orgAction, orgMutation, orgQuery } from "../lib/functions";
import { IMPORT_KIND_PERMISSION } from "../lib/imports/fields";
import type { Permission } from "../lib/permissions";
import { vImportKind, vImportStage, type ImportKind } from "../schema/importValidators";
import { vReportStatus } from "../schema/validators";
import { importYearVerdict } from "../lib/imports/closedYear";
import { createImport } from "./imports";
import { EMPTY_COUNTS } from "./pipeline";

/** What a feed may import: every kind, within the key's scope. */
export const FEED_KINDS: ImportKind[] = ["staff", "modules", "allocations"];

/** The permissions a key of these kinds holds: what each kind writes under, and reading what it matches rows against. */
export function keyPermissions(kinds: readonly ImportKind[]): Permission[] {
  const reads: Record<ImportKind, Permission> = { staff: "lecturers.view", modules: "modules.view", allocations: "allocations.view" };
  return [...new Set(kinds.flatMap((k) => [IMPORT_KIND_PERMISSION[k], reads[k]]))].sort();
}
const vFeedSystemKind = v.union(v.literal("hr_feed"), v.literal("student_records"), v.literal("timetabling"));
/** Longest name of a system or a key (they are labels in lists). */
const NAME_MAX = 80;
/** Systems whose imports are not feeds: the wizard's uploads and the mail relay take no keys. */
const KEYLESS_KINDS = new Set(["spreadsheet", "smtp"]);

/** SHA-256 of a key, in hex (Web Crypto: the same in actions, HTTP actions and Node). */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const createSystem = orgMutation({
  permission: "organisation.manage",
  args: { name: v.string(), kind: vFeedSystemKind },
  returns: v.id("external_systems"),
  handler: async (ctx, { name, kind }) => {
    const clean = name.trim();
    if (!clean) throw appError("INVALID_ARGUMENT", "An external system needs a name.");
    if (clean.length > NAME_MAX) throw appError("INVALID_ARGUMENT", `Keep the name to ${NAME_MAX} characters (it has ${clean.length}).`);
    const systems = await ctx.db.query("external_systems").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
    if (systems.some((s) => s.name.toLowerCase() === clean.toLowerCase())) {
      throw appError("CONFLICT", `There is already an external system called "${clean}": give this one another name.`);
    }
    return await ctx.db.insert("external_systems", {
      organisation_id: ctx.organisationId,
      name: clean,
      kind,
      config: {},
      enabled: true,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

/**
 * A new key for an external system: random (from the action's secure
 * generator), returned once, stored as its hash.
 */
export const createKey = orgAction({
  permission: "organisation.manage",
  args: {
    externalSystemId: v.id("external_systems"),
    name: v.string(),
    kinds: v.array(vImportKind),
    /** The key acts only in this department (its rows elsewhere are refused); none: organisation-wide. */
    departmentId: v.optional(v.id("departments")),
    /** Or only in this team (narrower than its department); not with `departmentId`. */
    teamId: v.optional(v.id("teams")),
  },
  returns: v.object({ keyId: v.id("api_keys"), key: v.string(), prefix: v.string() }),
  handler: async (ctx, args): Promise<{ keyId: Id<"api_keys">; key: string; prefix: string }> => {
    if (args.departmentId && args.teamId) throw appError("INVALID_ARGUMENT", "Scope a key to a department or to a team, not both.");
    // A team's place is its department and itself: a creator scoped to the department holds it there.
    const teamDepartment: Id<"departments"> | null = args.teamId
      ? await ctx.runQuery(internal.imports.feeds.teamDepartment, { organisationId: ctx.organisationId, teamId: args.teamId })
      : null;
    if (args.teamId && !teamDepartment) throw appError("NOT_FOUND", "This team does not exist.");
    const target = args.teamId ? { department_id: teamDepartment!, team_id: args.teamId } : { department_id: args.departmentId };
    // No escalation: a key holds nothing its creator does not hold where it acts.
    const missing = keyPermissions(args.kinds).filter((p) => !ctx.access.has(p, target));
    if (missing.length > 0) {
      const where = args.teamId ? " in that team" : args.departmentId ? " in that department" : " organisation-wide";
      throw appError("FORBIDDEN", `A key cannot hold more than you do: you lack ${missing.join(", ")}${where}.`);
    }
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const key = `ww_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
    const prefix = key.slice(0, 10);
    const keyId: Id<"api_keys"> = await ctx.runMutation(internal.imports.feeds.storeKey, {
      organisationId: ctx.organisationId,
      userId: ctx.viewer._id,
      externalSystemId: args.externalSystemId,
      name: args.name,
      kinds: args.kinds,
      departmentId: args.departmentId,
      teamId: args.teamId,
      keyHash: await hashKey(key),
      prefix,
    });
    return { keyId, key, prefix };
  },
});

export const storeKey = internalMutation({
  args: {
    organisationId: v.id("organisations"),
    userId: v.id("users"),
    externalSystemId: v.id("external_systems"),
    name: v.string(),
    kinds: v.array(vImportKind),
    departmentId: v.optional(v.id("departments")),
    teamId: v.optional(v.id("teams")),
    keyHash: v.string(),
    prefix: v.string(),
  },
  returns: v.id("api_keys"),
  handler: async (ctx, args) => {
    const system = await ctx.db.get(args.externalSystemId);
    if (!system || system.organisation_id !== args.organisationId || system.deleted_at !== undefined || KEYLESS_KINDS.has(system.kind)) {
      throw appError("NOT_FOUND", "This external system does not exist or takes no feeds.");
    }
    if (!args.name.trim()) throw appError("INVALID_ARGUMENT", "A key needs a name (what uses it).");
    if (args.name.trim().length > NAME_MAX) throw appError("INVALID_ARGUMENT", `Keep the key's name to ${NAME_MAX} characters.`);
    const kinds = [...new Set(args.kinds)];
    if (kinds.length === 0) throw appError("INVALID_ARGUMENT", "Choose what the key may import.");
    const refused = kinds.filter((k) => !FEED_KINDS.includes(k));
    if (refused.length > 0) throw appError("INVALID_ARGUMENT", `Feeds cannot import ${refused.join(", ")}.`);
    if (args.departmentId) {
      const department = await ctx.db.get(args.departmentId);
      if (!department || department.organisation_id !== args.organisationId || department.deleted_at !== undefined) {
        throw appError("NOT_FOUND", "This department does not exist.");
      }
    }
    if (args.teamId) {
      const team = await ctx.db.get(args.teamId);
      if (!team || team.organisation_id !== args.organisationId || team.deleted_at !== undefined) throw appError("NOT_FOUND", "This team does not exist.");
    }
    const now = Date.now();
    return await ctx.db.insert("api_keys", {
      organisation_id: args.organisationId,
      external_system_id: system._id,
      name: args.name.trim(),
      key_hash: args.keyHash,
      prefix: args.prefix,
      kinds,
      permissions: keyPermissions(kinds),
      scope_department_id: args.departmentId,
      scope_team_id: args.teamId,
      created_by: args.userId,
      created_at: now,
      updated_at: now,
    });
  },
});

/** The department of a live team of the organisation, or null (createKey's check of a team-scoped key). */
export const teamDepartment = internalQuery({
  args: { organisationId: v.id("organisations"), teamId: v.id("teams") },
  returns: v.union(v.id("departments"), v.null()),
  handler: async (ctx, { organisationId, teamId }) => {
    const team = await ctx.db.get(teamId);
    return team && team.organisation_id === organisationId && team.deleted_at === undefined ? team.department_id : null;
  },
});

/** What a disabled system's feeds are told (HTTP 403, and its sync-log row). */
export function systemDisabledMessage(systemName: string): string {
  return `${systemName} is disabled: its feeds are refused until an admin enables it again on the integrations page.`;
}

/**
 * Enables or disables an external system that sends feeds. Disabled, its
 * feeds are refused (403, each with a sync-log row) and its running imports
 * stop at their next step; its keys stay as they are, so enabling it again
 * lets them send again. The wizard's uploads are not a feed and stay enabled.
 */
export const setSystemEnabled = orgMutation({
  permission: "organisation.manage",
  args: { externalSystemId: v.id("external_systems"), enabled: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { externalSystemId, enabled }) => {
    const system = await getOrThrow(ctx.db, externalSystemId, "external system");
    if (KEYLESS_KINDS.has(system.kind)) throw appError("INVALID_ARGUMENT", `${system.name} is not a feed: it cannot be disabled.`);
    // Unchanged: nothing written, no audit row.
    if (system.enabled !== enabled) await ctx.db.patch(system._id, { enabled, updated_at: ctx.now });
    return null;
  },
});

export const revokeKey = orgMutation({
  permission: "organisation.manage",
  args: { keyId: v.id("api_keys") },
  returns: v.null(),
  handler: async (ctx, { keyId }) => {
    const key = await getOrThrow(ctx.db, keyId, "API key");
    if (key.revoked_at === undefined) await ctx.db.patch(key._id, { revoked_at: ctx.now, updated_at: ctx.now });
    return null;
  },
});

const vKeyView = v.object({
  id: v.id("api_keys"),
  name: v.string(),
  prefix: v.string(),
  kinds: v.array(vImportKind),
  revoked: v.boolean(),
  revoked_at: v.union(v.number(), v.null()),
  created_at: v.number(),
  created_by_name: v.union(v.string(), v.null()),
  /** When the key last sent a feed, accepted or refused (its latest sync-log entry). */
  last_used_at: v.union(v.number(), v.null()),
  /** Where the key acts: the whole organisation, one department, or one team (with its department). */
  scope: v.union(
    v.object({ type: v.literal("organisation") }),
    v.object({ type: v.literal("department"), name: v.string() }),
    v.object({ type: v.literal("team"), name: v.string(), department_name: v.string() }),
  ),
});

type KeyScope = Infer<typeof vKeyView>["scope"];

/** The organisation's external systems with their keys (never the keys themselves), newest key first. */
export const listSystems = orgQuery({
  permission: "organisation.manage",
  args: {},
  returns: v.array(
    v.object({
      id: v.id("external_systems"),
      name: v.string(),
      kind: v.string(),
      enabled: v.boolean(),
      /** False for the wizard's uploads: files people upload in the app need no key. */
      takes_keys: v.boolean(),
      /** What a new key of this system may be allowed to import (the key form's choices). */
      feed_kinds: v.array(vImportKind),
      created_at: v.number(),
      last_sync_at: v.union(v.number(), v.null()),
      keys: v.array(vKeyView),
    }),
  ),
  handler: async (ctx) => {
    const systems = await ctx.db.query("external_systems").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
    const names = new Map<Id<"users">, string | null>();
    const nameOf = async (id: Id<"users"> | undefined) => {
      if (!id) return null;
      if (!names.has(id)) names.set(id, (await ctx.db.get(id))?.name ?? null);
      return names.get(id)!;
    };
    // A key's department or team by name: structure is the organisation's, readable by its admin.
    const scopeOf = async (k: Doc<"api_keys">): Promise<KeyScope> => {
      if (k.scope_team_id) {
        const team = await ctx.db.get(k.scope_team_id);
        const department = team ? await ctx.db.get(team.department_id) : null;
        return { type: "team", name: team?.name ?? "a deleted team", department_name: department?.name ?? "" };
      }
      if (k.scope_department_id) return { type: "department", name: (await ctx.db.get(k.scope_department_id))?.name ?? "a deleted department" };
      return { type: "organisation" };
    };
    const out = [];
    for (const s of systems) {
      const keys = await ctx.db.query("api_keys").withIndex("by_external_system_id", (q) => q.eq("external_system_id", s._id)).order("desc").collect();
      const views = [];
      for (const k of keys) {
        views.push({
          id: k._id,
          name: k.name,
          prefix: k.prefix,
          kinds: k.kinds,
          revoked: k.revoked_at !== undefined,
          revoked_at: k.revoked_at ?? null,
          created_at: k.created_at,
          created_by_name: await nameOf(k.created_by),
          // The key's latest feed, from the sync log: a feed writes nothing to the key (no audit noise, no-op re-feeds stay no-ops).
          last_used_at: (await ctx.db.query("data_sync_logs").withIndex("by_api_key_id", (q) => q.eq("api_key_id", k._id)).order("desc").first())?.started_at ?? k.last_used_at ?? null,
          scope: await scopeOf(k),
        });
      }
      out.push({
        id: s._id,
        name: s.name,
        kind: s.kind,
        enabled: s.enabled,
        takes_keys: !KEYLESS_KINDS.has(s.kind),
        feed_kinds: KEYLESS_KINDS.has(s.kind) ? [] : FEED_KINDS,
        created_at: s.created_at,
        last_sync_at: s.last_sync_at ?? null,
        keys: views,
      });
    }
    return out;
  },
});

const vSyncLogEntry = v.object({
  id: v.id("data_sync_logs"),
  started_at: v.number(),
  finished_at: v.union(v.number(), v.null()),
  /** Who sent it: a person (the wizard), a key of the system (a feed), or neither (older rows). */
  actor: v.union(
    v.object({ type: v.literal("user"), name: v.string() }),
    v.object({ type: v.literal("key"), name: v.string(), prefix: v.string() }),
    v.object({ type: v.literal("system") }),
  ),
  kind: v.union(vImportKind, v.null()),
  stage: v.union(vImportStage, v.null()),
  status: vReportStatus,
  file_name: v.union(v.string(), v.null()),
  /** The dry run's verdicts (what would be created, updated or left alone) and the commit's outcome. */
  counts: v.object({ rows: v.number(), create: v.number(), update: v.number(), unchanged: v.number(), error: v.number(), written: v.number(), conflict: v.number() }),
  message: v.union(v.string(), v.null()),
  /** The import's report (rows and verdicts: its dry run ran) exists and the caller may open it (its kind's permission). */
  has_report: v.boolean(),
});

/** One external system's sync log, newest first, a page at a time. */
export const syncLog = orgQuery({
  permission: "organisation.manage",
  args: { externalSystemId: v.id("external_systems"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(vSyncLogEntry),
  handler: async (ctx, { externalSystemId, paginationOpts }) => {
    const system = await getOrThrow(ctx.db, externalSystemId, "external system");
    const page = await ctx.db
      .query("data_sync_logs")
      .withIndex("by_external_system_id", (q) => q.eq("external_system_id", system._id))
      .order("desc")
      .paginate(paginationOpts);
    const entries = [];
    for (const log of page.page) {
      let actor: Infer<typeof vSyncLogEntry>["actor"] = { type: "system" };
      if (log.started_by) {
        actor = { type: "user", name: (await ctx.db.get(log.started_by))?.name ?? "a former member" };
      } else if (log.api_key_id) {
        const key = await ctx.db.get(log.api_key_id);
        actor = key ? { type: "key", name: key.name, prefix: key.prefix } : { type: "system" };
      }
      const c = log.counts;
      entries.push({
        id: log._id,
        started_at: log.started_at,
        finished_at: log.finished_at ?? null,
        actor,
        kind: log.kind ?? null,
        stage: log.stage ?? null,
        status: log.status,
        file_name: log.file_name ?? null,
        counts: {
          rows: c?.rows ?? log.records_processed,
          create: c?.create ?? 0,
          update: c?.update ?? 0,
          unchanged: c?.unchanged ?? 0,
          error: c?.error ?? log.records_failed,
          written: c?.written ?? log.records_processed,
          conflict: c?.conflict ?? 0,
        },
        message: log.message ?? null,
        has_report: !!log.kind && log.check_job_id !== undefined && ctx.access.has(IMPORT_KIND_PERMISSION[log.kind]),
      });
    }
    return { ...page, page: entries };
  },
});

// --- what the HTTP routes call ----------------------------------------------------------

/**
 * The live key with this hash and its system, or null (unknown, revoked or
 * expired: the request names no system it may speak for). A disabled
 * system's key is returned, `enabled: false`: its feed is refused with a row.
 */
export const resolveKey = internalQuery({
  args: { keyHash: v.string() },
  returns: v.union(
    v.null(),
    v.object({ keyId: v.id("api_keys"), organisationId: v.id("organisations"), systemName: v.string(), enabled: v.boolean(), kinds: v.array(vImportKind) }),
  ),
  handler: async (ctx, { keyHash }) => {
    const key = await ctx.db.query("api_keys").withIndex("by_key_hash", (q) => q.eq("key_hash", keyHash)).first();
    if (!key || !keyIsLive(key, Date.now())) return null;
    const system = await ctx.db.get(key.external_system_id);
    if (!system || system.deleted_at !== undefined) return null;
    return { keyId: key._id, organisationId: key.organisation_id, systemName: system.name, enabled: system.enabled, kinds: key.kinds };
  },
});

function keyIsLive(key: Doc<"api_keys">, now: number) {
  return key.revoked_at === undefined && (key.expires_at === undefined || key.expires_at > now);
}

type RefusalSpec = { kind?: ImportKind; yearId?: Id<"academic_years">; fileName: string; format?: "csv" | "xlsx"; message: string };

/** A refused feed's one row in its system's sync log: who (the key), when, what, and why; nothing else is written. */
async function recordRefusal(ctx: Pick<MutationCtx, "db">, key: Doc<"api_keys">, spec: RefusalSpec): Promise<Id<"data_sync_logs">> {
  const now = Date.now();
  return await ctx.db.insert("data_sync_logs", {
    organisation_id: key.organisation_id,
    external_system_id: key.external_system_id,
    status: "failed",
    stage: "refused",
    kind: spec.kind,
    academic_year_id: spec.yearId,
    file_name: spec.fileName,
    format: spec.format,
    counts: EMPTY_COUNTS,
    api_key_id: key._id,
    records_processed: 0,
    records_failed: 0,
    message: spec.message,
    started_at: now,
    finished_at: now,
    created_at: now,
  });
}

/** Records a feed the HTTP route refused before starting it (a kind, a body, a disabled system), for a live key. */
export const refuseFeed = internalMutation({
  args: {
    keyId: v.id("api_keys"),
    kind: v.optional(vImportKind),
    fileName: v.string(),
    format: v.optional(v.union(v.literal("csv"), v.literal("xlsx"))),
    message: v.string(),
  },
  returns: v.union(v.id("data_sync_logs"), v.null()),
  handler: async (ctx, { keyId, ...spec }) => {
    const key = await ctx.db.get(keyId);
    // Revoked since the route resolved it: it names no system any more.
    if (!key || !keyIsLive(key, Date.now())) return null;
    return await recordRefusal(ctx, key, spec);
  },
});

const vFeedRefusal = v.union(v.null(), v.object({ code: v.string(), message: v.string() }));

/**
 * Starts a feed's import, acting as the key's external system; or, when the
 * feed is refused (its system disabled, a kind the key may not import, no
 * such year, a closed year), records the refusal in the sync log and says why.
 */
export const startFeed = internalMutation({
  args: {
    keyId: v.id("api_keys"),
    kind: vImportKind,
    /** As sent (?year=): an id of the organisation's years, or anything else (refused as unknown). */
    academicYearId: v.optional(v.string()),
    storageId: v.id("_storage"),
    fileName: v.string(),
    format: v.union(v.literal("csv"), v.literal("xlsx")),
    commit: v.boolean(),
  },
  returns: v.object({ importId: v.id("data_sync_logs"), refusal: vFeedRefusal }),
  handler: async (ctx, args) => {
    const key = await ctx.db.get(args.keyId);
    if (!key || !keyIsLive(key, Date.now())) throw appError("UNAUTHENTICATED", "This API key is not valid.");
    const system = (await ctx.db.get(key.external_system_id))!;
    const refuse = async (code: string, message: string, yearId?: Id<"academic_years">) => ({
      importId: await recordRefusal(ctx, key, { kind: args.kind, yearId, fileName: args.fileName, format: args.format, message }),
      refusal: { code, message },
    });
    if (!system.enabled) return await refuse("FORBIDDEN", systemDisabledMessage(system.name));
    if (!key.kinds.includes(args.kind)) return await refuse("FORBIDDEN", `This key may import ${key.kinds.join(", ")}, not ${args.kind}.`);
    const access = Access.scoped(key.permissions, { department_id: key.scope_department_id, team_id: key.scope_team_id });
    let year: Doc<"academic_years"> | null;
    if (args.academicYearId !== undefined) {
      const id = ctx.db.normalizeId("academic_years", args.academicYearId);
      year = id ? await ctx.db.get(id) : null;
      if (!year || year.organisation_id !== key.organisation_id || year.deleted_at !== undefined) return await refuse("NOT_FOUND", "This academic year does not exist.");
    } else {
      // The current year: active, or locked (published), which the year rule below then refuses to a key by name, not as missing.
      year = await ctx.db
        .query("academic_years")
        .withIndex("by_organisation_id", (q) => q.eq("organisation_id", key.organisation_id))
        .filter((q) => q.or(q.eq(q.field("status"), "active"), q.eq(q.field("status"), "locked")))
        .first();
      if (!year) return await refuse("NOT_FOUND", "The organisation has no current academic year; name one with ?year=.");
    }
    // The import's year rule for the key: an archived year takes no feed, a locked one none from a key (it cannot hold years.edit_locked).
    const verdict = importYearVerdict(year, access.hasEverywhere("years.edit_locked"));
    if (verdict?.refused) return await refuse("CONFLICT", verdict.message, year._id);
    const now = Date.now();
    const wctx = { db: ctx.db, scheduler: ctx.scheduler, organisationId: key.organisation_id, now };
    // No mapping: the read phase maps the file's headers (the export's own, or the organisation's last mapping).
    const { importId } = await createImport(wctx, {
      kind: args.kind,
      yearId: year._id,
      storageId: args.storageId,
      fileName: args.fileName,
      format: args.format,
      mapping: null,
      externalSystemId: system._id,
      // Each step of its jobs acts as the key, re-resolved (lib/functions.ts): revoked, it stops there.
      actor: { kind: "api_key", externalSystemId: system._id, apiKeyId: key._id, name: `${system.name} (key "${key.name}")` },
      apiKeyId: key._id,
      autoCommit: args.commit,
    });
    return { importId, refusal: null };
  },
});

/** A feed's import as its sender sees it: stage, counts and the rows' errors (the first 200). */
export const feedReport = internalQuery({
  args: { keyId: v.id("api_keys"), importId: v.id("data_sync_logs") },
  returns: v.union(
    v.null(),
    v.object({
      import_id: v.id("data_sync_logs"),
      kind: v.string(),
      stage: v.string(),
      message: v.union(v.string(), v.null()),
      counts: v.record(v.string(), v.number()),
      errors: v.array(v.object({ row: v.number(), level: v.string(), column: v.union(v.string(), v.null()), message: v.string() })),
    }),
  ),
  handler: async (ctx, { keyId, importId }) => {
    const key = await ctx.db.get(keyId);
    const log = await ctx.db.get(importId);
    if (!key || !log || log.external_system_id !== key.external_system_id) return null;
    const flagged = await ctx.db
      .query("import_rows")
      .withIndex("by_sync_log_id_and_status_and_position", (q) => q.eq("sync_log_id", log._id).eq("status", "error"))
      .take(200);
    const conflicts = (await ctx.db.query("import_rows").withIndex("by_sync_log_id_and_position", (q) => q.eq("sync_log_id", log._id)).take(2000)).filter((r) => r.outcome === "conflict");
    return {
      import_id: log._id,
      kind: log.kind ?? "",
      stage: log.stage ?? "",
      message: log.message ?? null,
      counts: { ...(log.counts ?? {}) },
      errors: [
        ...flagged.flatMap((r) => (r.messages ?? []).map((m) => ({ row: r.position, level: m.level, column: m.column ?? null, message: m.message }))),
        ...conflicts.map((r) => ({ row: r.position, level: "conflict", column: null, message: r.outcome_message ?? "" })),
      ],
    };
  },
});
