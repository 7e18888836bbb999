/**
 * What a caller may do. The caller is whoever `ctx.auth` says, matched to
 * their `users` row in the requested organisation (or, for internal work, the
 * actor a job records: lib/actors.ts); their permissions are the union of
 * their unexpired role assignments, each either organisation-wide or scoped
 * to one department or team. Where a grant reaches, row by row, is decided by
 * lib/scope.ts; this file only answers "does the grant of P cover this place?".
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { appError } from "./errors";
import { ALL_PERMISSIONS, isPermission, PERMISSIONS, type Permission } from "./permissions";

/** Where a permission applies: everywhere, or within listed departments/teams. */
export type Grant = { all: boolean; departments: Set<string>; teams: Set<string> };

/** A place in the structure: a department, a team (with its department), or neither (organisation-level). */
export type ScopeTarget = { department_id?: Id<"departments"> | string | null; team_id?: Id<"teams"> | string | null };

export type GrantList = { permission: Permission; all: boolean; departments: string[]; teams: string[] }[];

export class Access {
  constructor(private readonly grants: Map<Permission, Grant>) {}

  /** Every permission, organisation-wide: system actors (crons, the seed). */
  static unrestricted(): Access {
    return new Access(new Map(ALL_PERMISSIONS.map((p) => [p, { all: true, departments: new Set(), teams: new Set() }])));
  }

  /** Rebuilds an Access sent across a function boundary as `list()` (actions). */
  static fromList(list: GrantList): Access {
    return new Access(
      new Map(list.map((g) => [g.permission, { all: g.all, departments: new Set(g.departments), teams: new Set(g.teams) }])),
    );
  }

  /** A set of permissions with one scope (an API key's). */
  static scoped(permissions: readonly string[], scope: ScopeTarget): Access {
    const grants = new Map<Permission, Grant>();
    for (const p of permissions) {
      if (!isPermission(p)) continue;
      grants.set(p, {
        all: !scope.department_id && !scope.team_id,
        departments: new Set(scope.team_id ? [] : scope.department_id ? [scope.department_id] : []),
        teams: new Set(scope.team_id ? [scope.team_id] : []),
      });
    }
    return new Access(grants);
  }

  /**
   * True if the caller holds `permission` for `target`, or anywhere when no
   * target is given. A department grant covers the department's teams (the
   * target names both); a team grant covers only that team.
   */
  has(permission: Permission, target?: ScopeTarget): boolean {
    const grant = this.grants.get(permission);
    if (!grant) return false;
    if (grant.all || !target) return true;
    return (
      (!!target.department_id && grant.departments.has(target.department_id)) ||
      (!!target.team_id && grant.teams.has(target.team_id))
    );
  }

  /** True only for an organisation-wide grant (what organisation-level objects need). */
  hasEverywhere(permission: Permission): boolean {
    return this.grants.get(permission)?.all === true;
  }

  /** Throws FORBIDDEN with the permission's description when `has` is false. */
  require(permission: Permission, target?: ScopeTarget): void {
    if (!this.has(permission, target)) {
      throw appError("FORBIDDEN", `You do not have permission to ${PERMISSIONS[permission].toLowerCase()}.`, {
        permission,
      });
    }
  }

  /** For lists: null when unrestricted, else the departments and teams the caller may see. */
  scope(permission: Permission): { departments: Set<string>; teams: Set<string> } | null {
    return this.scopeOfAny([permission]);
  }

  /** The union of where any of `permissions` reaches; null when one of them is organisation-wide. */
  scopeOfAny(permissions: readonly Permission[]): { departments: Set<string>; teams: Set<string> } | null {
    const departments = new Set<string>();
    const teams = new Set<string>();
    for (const p of permissions) {
      const g = this.grants.get(p);
      if (!g) continue;
      if (g.all) return null;
      for (const d of g.departments) departments.add(d);
      for (const t of g.teams) teams.add(t);
    }
    return { departments, teams };
  }

  /** The caller's permissions, for the UI to hide what it may not do. */
  list(): GrantList {
    return [...this.grants.entries()].map(([permission, g]) => ({
      permission,
      all: g.all,
      departments: [...g.departments],
      teams: [...g.teams],
    }));
  }
}

/** The identity from `ctx.auth`, or UNAUTHENTICATED. */
export async function requireIdentity(ctx: Pick<QueryCtx, "auth">) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw appError("UNAUTHENTICATED", "Please sign in to continue.");
  return identity;
}

/** The caller's active membership of `organisationId`, or FORBIDDEN (never another organisation's). */
export async function resolveMember(
  ctx: QueryCtx,
  organisationId: Id<"organisations">,
): Promise<{ viewer: Doc<"users">; organisation: Doc<"organisations"> }> {
  const identity = await requireIdentity(ctx);
  const memberships = await ctx.db
    .query("users")
    .withIndex("by_token_identifier", (q) => q.eq("token_identifier", identity.tokenIdentifier))
    .collect();
  const viewer = memberships.find(
    (m) => m.organisation_id === organisationId && m.deleted_at === undefined && m.status === "active",
  );
  const organisation = viewer ? await ctx.db.get(organisationId) : null;
  if (!viewer || !organisation || organisation.deleted_at !== undefined) {
    throw appError("FORBIDDEN", "You are not a member of this organisation.");
  }
  return { viewer, organisation };
}

/** Loads a member's unexpired assignments and their roles into an Access. */
export async function loadAccess(ctx: Pick<QueryCtx, "db">, viewer: Doc<"users">, now: number): Promise<Access> {
  const assignments = await ctx.db
    .query("user_role_assignments")
    .withIndex("by_user_id", (q) => q.eq("user_id", viewer._id))
    .collect();
  const grants = new Map<Permission, Grant>();
  for (const a of assignments) {
    if (a.deleted_at !== undefined || a.organisation_id !== viewer.organisation_id) continue;
    if (a.expires_at !== undefined && a.expires_at <= now) continue;
    const role = await ctx.db.get(a.role_id);
    if (!role || role.deleted_at !== undefined) continue;
    for (const code of role.permissions) {
      if (!isPermission(code)) continue;
      const g = grants.get(code) ?? { all: false, departments: new Set<string>(), teams: new Set<string>() };
      if (a.scope_department_id) g.departments.add(a.scope_department_id);
      else if (a.scope_team_id) g.teams.add(a.scope_team_id);
      else g.all = true;
      grants.set(code, g);
    }
  }
  return new Access(grants);
}
