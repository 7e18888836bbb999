/**
 * Who should be able to call what, derived (never recorded from a run) from
 * three sources only: the permission each function declares, the built-in
 * roles' permission sets (lib/permissions.ts), and the scope registry's
 * declaration of each table (lib/scope.ts: its kind, view and edit
 * permissions, own-row rules). The rows a call touches are those of the
 * fixture, every placed one in the "home" department, so a grant scoped to
 * the other department never reaches them. This evaluates the declarations
 * on its own; it does not call the layer's checks.
 */
import type { TableNames } from "../../../convex/_generated/dataModel";
import { DEFAULT_ROLES, type Permission } from "../../../convex/lib/permissions";
import { TABLE_SCOPES } from "../../../convex/lib/scope";
import { CALLER_ROLES, type Caller, type Fixture } from "./fixture";
import type { PublicFunction } from "./functions";

export type Outcome = { ok: true } | { ok: false; code: string; why: string };
const OK: Outcome = { ok: true };
const refused = (code: string, why: string): Outcome => ({ ok: false, code, why });

function rolePermissions(caller: Caller): readonly Permission[] {
  return DEFAULT_ROLES.find((r) => r.name === CALLER_ROLES[caller].role)!.permissions;
}
export const holds = (caller: Caller, p: Permission) => rolePermissions(caller).includes(p);
/** Holds `p` with a grant that reaches the home department (everything placed in the fixture). */
const reachesHome = (caller: Caller, p: Permission) => holds(caller, p) && CALLER_ROLES[caller].scope === "all";
const everywhere = reachesHome;

type Row = Record<string, any> & { _id: string };

/** Whether `row` is the caller's own (the Lecturer member is linked to the fixture's own lecturer). */
function isOwn(caller: Caller, fx: Fixture, table: TableNames, row: Row, ownProfile: string | undefined): boolean {
  const scope = TABLE_SCOPES[table];
  const rule = scope.kind === "placed" || scope.kind === "derived" || scope.kind === "organisation" ? scope.own : undefined;
  if (!rule) return false;
  const value = row[rule.field];
  if (rule.via === "user") return value === fx.users[caller];
  if (rule.via === "profile") return caller === "lecturer" && !!ownProfile && value === ownProfile;
  return caller === "lecturer" && value === fx.ownLecturer;
}

export type World = {
  fx: Fixture;
  ownProfile?: string;
  entity: (row: Row) => { table: TableNames; row: Row } | null;
  /** The caller of the reference run: own rows it wrote are "the caller's own" for every caller. */
  reference?: Caller;
};

/** A member's own row: theirs, or written by the reference call for itself (the function writes each caller's own). */
const ownedBy = (caller: Caller, w: World, row: Row) => row.user_id === w.fx.users[caller] || (!!w.reference && row.user_id === w.fx.users[w.reference]);

/** Whether the registry lets `caller` read `row` of `table`. */
export function canRead(caller: Caller, w: World, table: TableNames, row: Row): boolean {
  const scope = TABLE_SCOPES[table];
  switch (scope.kind) {
    case "organisation":
      return scope.view === "member" || scope.view.some((p) => holds(caller, p)) || isOwn(caller, w.fx, table, row, w.ownProfile);
    case "placed":
    case "derived": {
      if (scope.view === "member") return true;
      if (scope.own && isOwn(caller, w.fx, table, row, w.ownProfile) && (!scope.own.permission || holds(caller, scope.own.permission))) return true;
      const placed = scope.places.some((p) => (p.department && row[p.department]) || (p.team && row[p.team]));
      // Placed rows are all in the home department; an unplaced one needs an organisation-wide grant.
      return scope.view.some((p) => (placed ? reachesHome(caller, p) : everywhere(caller, p)));
    }
    case "own":
      return !!scope.readableByMembers || ownedBy(caller, w, row);
    case "attachment": {
      const e = w.entity(row);
      return !!e && canRead(caller, w, e.table, e.row);
    }
    case "system":
      return scope.view === "member" || scope.view.some((p) => holds(caller, p));
    case "job":
      return true;
    case "audit":
      return holds(caller, "audit.view");
  }
}

/** Whether the registry lets `caller` change `row` of `table` (`changed`: the fields written). */
export function canWrite(caller: Caller, w: World, table: TableNames, row: Row, changed: string[]): boolean {
  const scope = TABLE_SCOPES[table];
  switch (scope.kind) {
    case "organisation":
      return everywhere(caller, scope.edit);
    case "placed": {
      if (scope.own?.write && isOwn(caller, w.fx, table, row, w.ownProfile) && holds(caller, scope.own.write.permission)) {
        const allowed = new Set(scope.own.write.fields);
        if (changed.every((f) => allowed.has(f))) return true;
      }
      const place = scope.places[scope.editPlace ?? 0];
      const placed = (place.department && row[place.department]) || (place.team && row[place.team]);
      // An unplaced row (no department) needs an organisation-wide grant; placed rows are all in the home department.
      return placed ? reachesHome(caller, scope.edit) : everywhere(caller, scope.edit);
    }
    case "own":
      return ownedBy(caller, w, row);
    case "attachment": {
      const e = w.entity(row);
      return !!e && canWrite(caller, w, e.table, e.row, []);
    }
    case "job":
      return true;
    default:
      return false;
  }
}

/** Tables the layer and its triggers keep, or that deliver to others: not the caller's own writes. */
export const SYSTEM_TABLES = new Set<string>(["audit_logs", "lecturer_year_totals", "team_summaries", "notifications", "stored_files", "events", "data_migrations"]);

/**
 * Rules of particular functions that go beyond the registry (each is a rule
 * of the domain, stated where the function is): answering an allocation is
 * for its own lecturer only; an entity's history needs the audit trail
 * unless the entity is one's own; a job is seen and controlled by its starter
 * and by holders of the permission it runs under.
 */
const jobRule = (c: Caller) =>
  c === "admin" || holds(c, "allocations.view") ? null : refused("FORBIDDEN", "a job is for its starter and holders of its permission (the fixture's: allocations.view)");

const reportRule = (c: Caller) =>
  c === "admin" || (holds(c, "reports.view") && CALLER_ROLES[c].scope === "all")
    ? null
    : refused("FORBIDDEN", "a report is for its person and holders of an organisation-wide reports.view");

/** An import needs the permission its kind writes under (lib/imports/fields.ts): any of them lets one upload and inspect. */
const importerRule = (c: Caller) =>
  holds(c, "lecturers.edit") || holds(c, "modules.edit") || holds(c, "allocations.edit")
    ? null
    : refused("FORBIDDEN", "importing needs the permission one of its kinds writes under");

/** The fixture's import is a staff file: its views and steps need the permission staff imports write under. */
const staffImportRule = (c: Caller) => (holds(c, "lecturers.edit") ? null : refused("FORBIDDEN", "a staff import needs lecturers.edit"));

export const HANDLER_RULES: Record<string, (caller: Caller) => Outcome | null> = {
  "imports/imports:get": staffImportRule,
  "imports/imports:rows": staffImportRule,
  "imports/imports:leavers": staffImportRule,
  "imports/imports:commit": staffImportRule,
  "imports/imports:fixRow": staffImportRule,
  "imports/imports:start": staffImportRule,
  // The fixture's import is checked, not committed: undoing it is refused to everyone who may undo (the success is
  // tests/reports/imports.test.ts's), and to the others for want of the permission.
  "imports/undo:undo": (c) => staffImportRule(c) ?? refused("CONFLICT", "only a committed import can be undone"),
  "imports/imports:generateUploadUrl": importerRule,
  "imports/parse:inspect": importerRule,
  // The leaf profile carries the Admin's address: only they may ask for it; the Lecturer is linked already.
  "people/links:request": (c) =>
    c === "admin" ? null : c === "lecturer" ? refused("INVALID_ARGUMENT", "already linked to a record") : refused("FORBIDDEN", "a record with someone else's email"),
  "jobs/jobs:get": jobRule,
  "jobs/jobs:cancel": jobRule,
  "jobs/jobs:resume": jobRule,
  "workload/allocations:respond": (c) => (c === "lecturer" ? null : refused("FORBIDDEN", "only the allocation's own lecturer answers it")),
  "audit/logs:historyOf": (c) =>
    c === "lecturer" || (holds(c, "audit.view") && CALLER_ROLES[c].scope === "all")
      ? null
      : refused("FORBIDDEN", "an allocation's history is its lecturer's, or needs audit.view where it sits"),
  "audit/logs:history": (c) => (holds(c, "audit.view") ? null : refused("FORBIDDEN", "the history of a module needs audit.view")),
  // A report execution is its person's (the fixture's: the Admin's); an organisation-wide reports.view sees everyone's.
  "reports/executions:get": reportRule,
  "reports/executions:deliveries": reportRule,
  // A statement is of one's own lecturer record: only the Lecturer member has one.
  "reports/executions:runMyStatement": (c) =>
    c === "lecturer" ? null : refused("INVALID_ARGUMENT", "only a member with a lecturer record has a statement to make"),
  // A suggestion run is its starter's (the fixture's: the Planner's); an organisation-wide planner sees everyone's.
  "workload/suggestions:accept": (c) => (c === "planner" ? null : refused("FORBIDDEN", "only the planner who ran the suggestions accepts them")),
  "workload/suggestions:getRun": (c) =>
    c === "planner" || CALLER_ROLES[c].scope === "all" ? null : refused("FORBIDDEN", "a run is seen by its starter and by planners without a scope"),
  // The sheet of the home department: refused by name to a reader scoped elsewhere.
  "workload/sheet:get": (c) => (CALLER_ROLES[c].scope === "all" ? null : refused("FORBIDDEN", "the sheet of a department outside one's scope")),
  // Accepting all of one's allocations needs a linked lecturer record: only the Lecturer member has one.
  "workload/allocations:acceptAll": (c) => (c === "lecturer" ? null : refused("FORBIDDEN", "only a member linked to a lecturer record has allocations to accept")),
  "workload/explain:explainAllocation": (c) =>
    holds(c, "allocations.view") ? null : refused("FORBIDDEN", "explaining someone else's allocation needs allocations.view"),
};

export type Footprint = {
  /** Rows the call names by id (read before anything is written). */
  reads: { table: TableNames; row: Row }[];
  /** Rows the reference call changed: before and after. */
  writes: { table: TableNames; before: Row | null; after: Row | null; changed: string[] }[];
};

/** The expected outcome of `fn` for `caller` over `footprint`. */
export function expected(fn: PublicFunction, caller: Caller | "anonymous" | "outsider", w: World, footprint: Footprint): Outcome {
  const kind = fn.meta.kind;
  if (kind === "dev") return refused("FORBIDDEN", "dev sign-in is off outside the local backend");
  if (caller === "anonymous") return refused("UNAUTHENTICATED", "nobody is signed in");
  if (kind === "authed") return OK;
  if (caller === "outsider") return refused("FORBIDDEN", "a member of another organisation");
  const p = fn.meta.permission;
  if (p && !holds(caller, p)) return refused("FORBIDDEN", `the role lacks ${p}`);
  const rule = HANDLER_RULES[fn.name]?.(caller);
  if (rule) return rule;
  for (const r of footprint.reads) {
    if (!canRead(caller, w, r.table, r.row)) return refused("FORBIDDEN", `cannot read the ${r.table} it names`);
  }
  for (const wr of footprint.writes) {
    const kind = TABLE_SCOPES[wr.table].kind;
    // Kept by the layer and its triggers (coverage, totals, the trail): never the caller's own write.
    if (SYSTEM_TABLES.has(wr.table) || kind === "derived" || kind === "audit" || kind === "system") continue;
    for (const row of [wr.before, wr.after]) {
      if (row && !canWrite(caller, w, wr.table, row, wr.changed)) return refused("FORBIDDEN", `cannot change ${wr.table}`);
    }
  }
  return OK;
}
