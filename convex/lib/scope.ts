/**
 * Where every table's rows sit, declared once, and what that means for who
 * may read and change them. The function layer (lib/scopedDb.ts) applies
 * these declarations to every row any function reads or writes, so no
 * handler has to remember them (../shared/design/decisions.md, "Scope"):
 *
 * - organisation: organisation-level objects (years, settings, rules,
 *   reference data, roles, the structure lists). Readable by members (those
 *   the engine reads by every member: hiding them from a computation would
 *   silently change figures; the function's own permission decides what it
 *   returns); changed only with an organisation-wide grant of `edit`.
 * - placed: rows in a department and/or team. Personal records (a lecturer's
 *   profile, year instance, admin allocations, availability,
 *   specialisations) are read with `view` at their place or as one's own, and
 *   a direct read outside scope is FORBIDDEN with the reason. Curriculum rows
 *   (courses, cohorts, modules, iterations, groups, assessments, plans) are
 *   not personal: every member may read them (the engine needs another
 *   department's iteration to explain your lecturer's hours), and they are
 *   changed with `edit` at their department. An allocation has two places:
 *   the module's (change and read) and the lecturer's (read only).
 *   Where a row's place comes from its parent (`derive`), the layer stores it
 *   on the row, fills it on every insert/patch and follows the parent when it
 *   moves (lib/triggers.ts).
 * - derived: placed rows the triggers keep (live totals); never written by a function.
 * - own: a member's own rows (`user_id`).
 * - attachment: follows the record it is attached to (files, tags).
 * - audit: the trail; each row carries the place of the entity it describes.
 * - system / job: bookkeeping written by the layer, or by the job a function starts.
 *
 * Display joins: a person's or lecturer's *name* and *department* are
 * directory information that every member may read (`ctx.directory`);
 * their figures are not.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import schema from "../schema";
import type { Access, ScopeTarget } from "./access";
import { PERMISSIONS, type Permission } from "./permissions";

type Reader = GenericDatabaseReader<DataModel>;
type AnyDoc = Record<string, any> & { _id: string };

/** Fields of a row that name its place. */
export type PlaceFields = { department?: string; team?: string };

/** A place copied from a parent row: `copy` maps this row's field to the parent's. */
export type Derivation = { via: string; table: TableNames; copy: Record<string, string> };

/** A member's own rows: how a row names its owner. */
export type OwnRule = {
  /** Reading one's own rows needs this permission (none: any member). */
  permission?: Permission;
  via: "user" | "profile" | "lecturer";
  field: string;
  /** Own rows may be changed with this permission, these fields only (responding to an allocation). */
  write?: { permission: Permission; fields: readonly string[] };
};

type Labels = { label: string; plural: string };

export type TableScope = Labels &
  (
    | { kind: "organisation"; view: readonly Permission[] | "member"; edit: Permission; own?: OwnRule }
    | {
        kind: "placed";
        /** Personal records: a direct read outside scope is FORBIDDEN; curriculum is readable by members. */
        personal: boolean;
        view: readonly Permission[] | "member";
        edit: Permission;
        places: readonly PlaceFields[];
        /** Which place a write needs (an allocation: the module's). */
        editPlace?: number;
        own?: OwnRule;
        derive?: readonly Derivation[];
      }
    | { kind: "derived"; view: readonly Permission[]; places: readonly PlaceFields[]; own?: OwnRule }
    | { kind: "own"; field: "user_id"; readableByMembers?: boolean }
    | { kind: "attachment"; entityTypes: readonly TableNames[] }
    | { kind: "audit" }
    | { kind: "system"; view: readonly Permission[] | "member" }
    | { kind: "job" }
  ) & {
    /** Rows belong to one academic year whose state (archived, locked) governs writes; default: has `academic_year_id`. */
    yearBound?: boolean;
    /** A record of what was (a proposal, a run): its references name rows without holding them, so they never block a delete. */
    history?: boolean;
  };

const PERSON_VIEW = ["lecturers.view", "allocations.view"] as const satisfies readonly Permission[];
const LECTURER_PLACE = [{ department: "department_id", team: "team_id" }] as const;
const OWN_VIEW = "allocations.view_own" as const;

const org = (label: string, plural: string, view: readonly Permission[] | "member", edit: Permission, extra: Partial<TableScope> = {}) =>
  ({ kind: "organisation", label, plural, view, edit, ...extra }) as TableScope;

const curriculum = (label: string, plural: string, derive?: Derivation[]): TableScope => ({
  kind: "placed",
  label,
  plural,
  personal: false,
  view: "member",
  edit: "modules.edit",
  places: [{ department: "department_id" }],
  derive,
});

const own = (label: string, plural: string, readableByMembers = false): TableScope => ({
  kind: "own",
  label,
  plural,
  field: "user_id",
  readableByMembers,
});

/** Entity types that take attachments: personal records and curriculum. */
export const ATTACHABLE_TABLES = [
  "lecturer_profiles",
  "lecturers",
  "admin_allocations",
  "modules",
  "module_iterations",
  "courses",
  "cohorts",
  "module_allocations",
] as const satisfies readonly TableNames[];

/** Entity types that take tags. */
export const TAGGABLE_TABLES = ["lecturer_profiles", "modules", "module_iterations", "courses"] as const satisfies readonly TableNames[];

export const TABLE_SCOPES: Record<TableNames, TableScope> = {
  // Organisation-level objects.
  organisations: org("organisation", "organisations", "member", "organisation.manage"),
  user_roles: org("staff type", "staff types", "member", "reference.edit"),
  users: org("member", "members", ["users.manage"], "users.manage", { own: { via: "user", field: "_id" } }),
  academic_years: org("academic year", "academic years", "member", "organisation.manage"),
  semester_periods: org("semester", "semesters", "member", "structure.edit"),
  faculties: org("faculty", "faculties", "member", "structure.edit"),
  departments: org("department", "departments", "member", "structure.edit"),
  teams: org("team", "teams", "member", "structure.edit"),
  lecturer_statuses: org("lecturer status", "lecturer statuses", "member", "reference.edit"),
  admin_allocation_categories: org("admin category", "admin categories", "member", "reference.edit"),
  sites: org("site", "sites", "member", "reference.edit"),
  assessment_types: org("assessment type", "assessment types", "member", "reference.edit"),
  allocation_types: org("allocation type", "allocation types", "member", "reference.edit"),
  workload_calculation_rules: org("calculation rule", "calculation rules", "member", "rules.edit"),
  organisation_settings: org("settings", "settings", "member", "organisation.manage"),
  tags: org("tag", "tags", "member", "reference.edit"),
  roles: org("role", "roles", ["users.manage", "roles.manage"], "roles.manage"),
  external_systems: org("external system", "external systems", ["organisation.manage"], "organisation.manage"),
  api_keys: org("API key", "API keys", ["organisation.manage"], "organisation.manage"),
  report_templates: org("report template", "report templates", ["reports.view"], "reports.manage"),
  scheduled_reports: org("scheduled report", "scheduled reports", ["reports.view"], "reports.manage"),


  // A lecturer's personal records: their department and team.
  lecturer_profiles: {
    kind: "placed",
    label: "lecturer",
    plural: "lecturers",
    personal: true,
    view: PERSON_VIEW,
    edit: "lecturers.edit",
    places: LECTURER_PLACE,
    own: { permission: OWN_VIEW, via: "profile", field: "_id" },
  },
  lecturers: {
    kind: "placed",
    label: "lecturer",
    plural: "lecturers",
    personal: true,
    view: PERSON_VIEW,
    edit: "lecturers.edit",
    places: LECTURER_PLACE,
    own: { permission: OWN_VIEW, via: "profile", field: "profile_id" },
  },
  lecturer_availability: {
    kind: "placed",
    label: "availability entry",
    plural: "availability entries",
    personal: true,
    view: PERSON_VIEW,
    edit: "lecturers.edit",
    places: LECTURER_PLACE,
    own: { permission: OWN_VIEW, via: "profile", field: "lecturer_profile_id" },
    derive: [{ via: "lecturer_profile_id", table: "lecturer_profiles", copy: { department_id: "department_id", team_id: "team_id" } }],
  },
  lecturer_specialisations: {
    kind: "placed",
    label: "specialisation",
    plural: "specialisations",
    personal: true,
    view: PERSON_VIEW,
    edit: "lecturers.edit",
    places: LECTURER_PLACE,
    own: { permission: OWN_VIEW, via: "profile", field: "lecturer_profile_id" },
    derive: [{ via: "lecturer_profile_id", table: "lecturer_profiles", copy: { department_id: "department_id", team_id: "team_id" } }],
  },
  admin_allocations: {
    kind: "placed",
    label: "admin allocation",
    plural: "admin allocations",
    personal: true,
    view: PERSON_VIEW,
    edit: "allocations.edit",
    places: LECTURER_PLACE,
    own: { permission: OWN_VIEW, via: "lecturer", field: "lecturer_id" },
    derive: [{ via: "lecturer_id", table: "lecturers", copy: { department_id: "department_id", team_id: "team_id" } }],
  },
  // Two places: the module's department changes it; either department reads it.
  module_allocations: {
    kind: "placed",
    label: "allocation",
    plural: "allocations",
    personal: true,
    view: PERSON_VIEW,
    edit: "allocations.edit",
    places: [{ department: "department_id" }, { department: "lecturer_department_id", team: "lecturer_team_id" }],
    editPlace: 0,
    own: {
      permission: OWN_VIEW,
      via: "lecturer",
      field: "lecturer_id",
      write: { permission: "allocations.respond", fields: ["response_status", "response_comment", "responded_at", "version", "updated_at"] },
    },
    derive: [
      { via: "module_iteration_id", table: "module_iterations", copy: { department_id: "department_id" } },
      { via: "lecturer_id", table: "lecturers", copy: { lecturer_department_id: "department_id", lecturer_team_id: "team_id" } },
    ],
  },
  // A suggested allocation (workload/suggestions.ts) sits where the module sits: seen and accepted by
  // those who may change allocations there. It is a proposal, so it holds nothing it names.
  allocation_suggestion_lines: {
    kind: "placed",
    label: "suggestion line",
    plural: "suggestion lines",
    personal: true,
    view: ["allocations.edit"],
    edit: "allocations.edit",
    places: [{ department: "department_id" }],
    derive: [{ via: "module_iteration_id", table: "module_iterations", copy: { department_id: "department_id" } }],
    history: true,
  },
  // Role assignments sit where they are scoped; an organisation-wide one needs an organisation-wide grant.
  user_role_assignments: {
    kind: "placed",
    label: "role assignment",
    plural: "role assignments",
    personal: false,
    view: ["users.manage"],
    edit: "users.manage",
    places: [{ department: "scope_department_id", team: "scope_team_id" }],
  },

  // Curriculum: the module's or course's department.
  courses: curriculum("course", "courses"),
  cohorts: curriculum("cohort", "cohorts", [{ via: "course_id", table: "courses", copy: { department_id: "department_id" } }]),
  course_modules: curriculum("course module", "course modules", [{ via: "course_id", table: "courses", copy: { department_id: "department_id" } }]),
  cohort_module_plans: curriculum("cohort module plan", "cohort module plans", [
    { via: "cohort_id", table: "cohorts", copy: { department_id: "department_id" } },
  ]),
  modules: curriculum("module", "modules"),
  module_iterations: curriculum("module iteration", "module iterations", [
    { via: "module_id", table: "modules", copy: { department_id: "department_id" } },
  ]),
  module_iteration_groups: curriculum("group", "groups", [
    { via: "module_iteration_id", table: "module_iterations", copy: { department_id: "department_id" } },
  ]),
  module_iteration_assessments: curriculum("assessment", "assessments", [
    { via: "module_iteration_id", table: "module_iterations", copy: { department_id: "department_id" } },
  ]),

  // Kept by the triggers, read where they sit.
  lecturer_year_totals: {
    kind: "derived",
    label: "lecturer's totals",
    plural: "lecturers' totals",
    view: PERSON_VIEW,
    places: LECTURER_PLACE,
    own: { permission: OWN_VIEW, via: "lecturer", field: "lecturer_id" },
  },
  team_summaries: { kind: "derived", label: "team summary", plural: "team summaries", view: PERSON_VIEW, places: LECTURER_PLACE },
  // The dashboard overview's sums per (year, department, team) of the lecturers' own places (workload/overviewCells.ts).
  overview_cells: { kind: "derived", label: "overview cell", plural: "overview cells", view: PERSON_VIEW, places: LECTURER_PLACE },
  // An iteration's coverage (workload/coverage.ts): its department is the iteration's stored place, so
  // planners see the gaps of their own department's modules.
  iteration_coverage: {
    kind: "derived",
    label: "coverage row",
    plural: "coverage rows",
    view: ["allocations.view"],
    places: [{ department: "department_id" }],
  },

  // A member's own rows.
  user_profiles: own("profile", "profiles"),
  user_settings: own("display setting", "display settings"),
  user_preferences: own("preference", "preferences"),
  notification_settings: own("notification setting", "notification settings"),
  notifications: own("notification", "notifications"),
  user_sessions: own("session", "sessions"),
  // Who is in the editor is shown to the other members there.
  presence: { ...own("presence", "presence"), readableByMembers: true, yearBound: false } as TableScope,

  file_attachments: { kind: "attachment", label: "attachment", plural: "attachments", entityTypes: ATTACHABLE_TABLES },
  taggables: { kind: "attachment", label: "tag link", plural: "tag links", entityTypes: TAGGABLE_TABLES },
  audit_logs: { kind: "audit", label: "audit entry", plural: "audit entries" },
  events: { kind: "system", label: "event", plural: "events", view: ["audit.view"] },
  // An import (imports/*, issue #14) is the bookkeeping of its jobs, written by them as their actor (a person,
  // or a feed's API key); who sees it is imports/imports.ts's rule (the permission its kind writes under).
  // What it writes to the data goes through the scoped writer row by row, so scope and year states apply there.
  data_sync_logs: { kind: "job", label: "import", plural: "imports" },
  import_rows: { kind: "job", label: "import row", plural: "import rows" },
  import_keys: { kind: "job", label: "import key", plural: "import keys" },
  // The column mapping an organisation last used per kind: remembered for whoever imports next.
  import_mappings: { kind: "job", label: "import mapping", plural: "import mappings" },
  stored_files: { kind: "system", label: "stored file", plural: "stored files", view: "member" },
  data_migrations: { kind: "job", label: "migration", plural: "migrations" },
  jobs: { kind: "job", label: "job", plural: "jobs" },
  // A report execution is long work's bookkeeping, made by a job for one person (`for_user_id`), whose
  // access decides what it holds (reports/data.ts reads as them); who sees it is reports/executions.ts's rule.
  // Any year, archived ones included.
  workload_reports: { kind: "job", label: "report", plural: "reports", yearBound: false },
  email_deliveries: { kind: "job", label: "email delivery", plural: "email deliveries" },
  // A suggestion run is the bookkeeping of the solver's work for the person who started it: who sees it
  // (its starter, or an organisation-wide planner) is workload/suggestions.ts's rule; its lines are placed.
  allocation_suggestion_runs: { kind: "job", label: "suggestion run", plural: "suggestion runs" },
};

// --- facts about tables, from the schema --------------------------------------

type FieldValidator = { kind: string; tableName?: string; isOptional?: string; value?: any; members?: any[] };
const FIELDS = Object.fromEntries(
  Object.entries(schema.tables).map(([t, def]) => [t, (def as any).validator.fields as Record<string, FieldValidator>]),
) as Record<TableNames, Record<string, FieldValidator>>;

/** Tables whose rows belong to one academic year (writes follow the year's state). */
export function isYearBound(table: TableNames): boolean {
  const scope = TABLE_SCOPES[table];
  if (scope.yearBound !== undefined) return scope.yearBound;
  if (scope.kind === "own" || scope.kind === "audit" || scope.kind === "system" || scope.kind === "job" || scope.kind === "derived") return false;
  const f = FIELDS[table].academic_year_id;
  return !!f && f.kind === "id";
}

/** `v.id()` fields of a table (top level), with the table they point at. */
export function idFields(table: TableNames): { field: string; target: string }[] {
  const out: { field: string; target: string }[] = [];
  for (const [field, validator] of Object.entries(FIELDS[table])) {
    if (validator.kind === "id" && validator.tableName) out.push({ field, target: validator.tableName });
  }
  return out;
}

/** Fields the layer fills from a parent row; a handler never writes them. */
export function derivedFields(table: TableNames): string[] {
  const scope = TABLE_SCOPES[table];
  return scope.kind === "placed" ? (scope.derive ?? []).flatMap((d) => Object.keys(d.copy)) : [];
}

/** The tables that copy their place from `table`, and by which field. */
export function childrenOf(table: TableNames): { child: TableNames; derivation: Derivation }[] {
  const out: { child: TableNames; derivation: Derivation }[] = [];
  for (const [child, scope] of Object.entries(TABLE_SCOPES) as [TableNames, TableScope][]) {
    if (scope.kind !== "placed") continue;
    for (const d of scope.derive ?? []) if (d.table === table) out.push({ child, derivation: d });
  }
  return out;
}

/** Tables written only by the layer or its triggers, never through a function's `ctx.db`. */
export function isSystemWritten(table: TableNames): boolean {
  const kind = TABLE_SCOPES[table].kind;
  return kind === "derived" || kind === "audit" || kind === "system";
}

/** The organisation a row belongs to. */
export function ownerOf(table: string, doc: { _id?: unknown; organisation_id?: unknown }) {
  return (table === "organisations" ? doc._id : doc.organisation_id) as Id<"organisations"> | undefined;
}

// --- where a row sits -----------------------------------------------------------

/** The values a row's derived place fields should hold, read from its parents (recursively). */
export async function derivePlace(db: Reader, table: TableNames, doc: AnyDoc): Promise<Record<string, string | undefined>> {
  const scope = TABLE_SCOPES[table];
  if (scope.kind !== "placed" || !scope.derive) return {};
  const out: Record<string, string | undefined> = {};
  for (const d of scope.derive) {
    const parentId = doc[d.via];
    const parent = parentId ? ((await db.get(parentId as Id<any>)) as AnyDoc | null) : null;
    const parentPlace = parent ? { ...parent, ...(await derivePlace(db, d.table, parent)) } : null;
    for (const [mine, theirs] of Object.entries(d.copy)) out[mine] = parentPlace?.[theirs] ?? undefined;
  }
  return out;
}

/** The row's place fields: stored, or derived when a row written before they were stored lacks them. */
async function placeFieldsOf(db: Reader, table: TableNames, doc: AnyDoc): Promise<AnyDoc> {
  const derived = derivedFields(table);
  if (derived.length === 0 || derived.some((f) => doc[f] !== undefined)) return doc;
  return { ...doc, ...(await derivePlace(db, table, doc)) };
}

/** Each place of a row as a target; a team's department is filled in so a department grant covers its teams. */
export async function placesOf(db: Reader, table: TableNames, doc: AnyDoc): Promise<ScopeTarget[]> {
  const scope = TABLE_SCOPES[table];
  if (scope.kind !== "placed" && scope.kind !== "derived") return [];
  const row = await placeFieldsOf(db, table, doc);
  const out: ScopeTarget[] = [];
  for (const p of scope.places) {
    const target: ScopeTarget = {
      department_id: p.department ? row[p.department] : undefined,
      team_id: p.team ? row[p.team] : undefined,
    };
    if (target.team_id && !target.department_id) {
      const team = await db.get(target.team_id as Id<"teams">);
      target.department_id = team?.department_id;
    }
    out.push(target);
  }
  return out;
}

// --- who may read and change a row ----------------------------------------------

/** The person (or system) a check is for. */
export type Subject = {
  access: Access;
  /** Unset for system actors: they own no rows. */
  userId?: Id<"users">;
  lecturerProfileId?: Id<"lecturer_profiles">;
  /** The caller's lecturer year instances (for rows that name a lecturer). */
  lecturerIds(): Promise<Set<string>>;
  /** A department's or team's name, for messages. */
  placeName(target: ScopeTarget): Promise<string>;
  /** "your department (Computer Science)", for messages. */
  describeScope(permissions: readonly Permission[]): Promise<string>;
};

/** `quiet`: the row is someone else's own, so it is simply not there (NOT_FOUND), not FORBIDDEN. */
export type Verdict = { ok: true } | { ok: false; reason: string; quiet?: boolean };
const OK: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });
const notThere = (reason: string): Verdict => ({ ok: false, reason, quiet: true });

async function isOwn(subject: Subject, rule: OwnRule, doc: AnyDoc): Promise<boolean> {
  const value = doc[rule.field];
  if (!value) return false;
  if (rule.via === "user") return !!subject.userId && value === subject.userId;
  if (rule.via === "profile") return !!subject.lecturerProfileId && value === subject.lecturerProfileId;
  return (await subject.lecturerIds()).has(value);
}

function holdsAny(access: Access, permissions: readonly Permission[], target?: ScopeTarget) {
  return permissions.some((p) => access.has(p, target));
}

const describe = (p: Permission) => PERMISSIONS[p].toLowerCase();

/** Why `targets` are out of reach, naming the place ("Mathematics is outside your department (Computer Science)"). */
async function outsideScope(subject: Subject, targets: ScopeTarget[], permissions: readonly Permission[], what: string): Promise<Verdict> {
  const placed = targets.find((t) => t.department_id || t.team_id);
  const yours = await subject.describeScope(permissions);
  if (!placed) return no(`This ${what} is not in any department, so only an organisation-wide grant reaches it; yours reaches ${yours}.`);
  return no(`${await subject.placeName(placed)} is outside ${yours}: you cannot reach this ${what}.`);
}

/** May `subject` read `doc` of `table`? (The row is already known to be in the organisation.) */
export async function canRead(db: Reader, subject: Subject, table: TableNames, doc: AnyDoc): Promise<Verdict> {
  const scope = TABLE_SCOPES[table];
  switch (scope.kind) {
    case "organisation": {
      if (scope.view === "member") return OK;
      if (scope.own && (await isOwn(subject, scope.own, doc))) return OK;
      return holdsAny(subject.access, scope.view) ? OK : no(`You do not have permission to see ${scope.plural}.`);
    }
    case "placed":
    case "derived": {
      if (scope.view === "member") return OK;
      if (scope.view.some((p) => subject.access.hasEverywhere(p))) return OK;
      if (scope.own && (await isOwn(subject, scope.own, doc)) && (!scope.own.permission || subject.access.has(scope.own.permission))) return OK;
      if (!holdsAny(subject.access, scope.view)) return no(`You do not have permission to see ${scope.plural}.`);
      const targets = await placesOf(db, table, doc);
      const view = scope.view;
      if (targets.some((t) => holdsAny(subject.access, view, t))) return OK;
      return await outsideScope(subject, targets, view, scope.label);
    }
    case "own":
      if (scope.readableByMembers) return OK;
      return subject.userId && doc.user_id === subject.userId ? OK : notThere(`This ${scope.label} belongs to someone else.`);
    case "attachment": {
      const entity = await entityOf(db, scope, doc);
      if (!entity) return no(`The record this ${scope.label} belongs to does not exist.`);
      return await canRead(db, subject, entity.table, entity.doc);
    }
    case "audit":
      return await canReadAudit(db, subject, doc);
    case "system":
      return scope.view === "member" || holdsAny(subject.access, scope.view) ? OK : no(`You do not have permission to see ${scope.plural}.`);
    case "job":
      return OK;
  }
}

/**
 * May `subject` change a row from `oldDoc` to `newDoc` (insert: no old; delete:
 * no new)? `changed` are the fields written. Both the old and the new row
 * must be within reach, so nothing is moved out of scope or into it.
 */
export async function canWrite(
  db: Reader,
  subject: Subject,
  table: TableNames,
  oldDoc: AnyDoc | null,
  newDoc: AnyDoc | null,
  changed: readonly string[],
): Promise<Verdict> {
  const scope = TABLE_SCOPES[table];
  switch (scope.kind) {
    case "organisation": {
      if (subject.access.hasEverywhere(scope.edit)) return OK;
      if (!subject.access.has(scope.edit)) return no(`You do not have permission to ${describe(scope.edit)}.`);
      return no(
        `Changing ${scope.plural} needs an organisation-wide grant to ${describe(scope.edit)}; yours reaches ${await subject.describeScope([scope.edit])}.`,
      );
    }
    case "placed": {
      if (subject.access.hasEverywhere(scope.edit)) return OK;
      for (const doc of [oldDoc, newDoc]) {
        if (!doc) continue;
        if (scope.own?.write && (await isOwn(subject, scope.own, doc)) && subject.access.has(scope.own.write.permission)) {
          // Place fields are the layer's to fill (a row written before they existed gets them now), not the member's change.
          const allowed = new Set([...scope.own.write.fields, ...derivedFields(table)]);
          if (changed.every((f) => allowed.has(f))) continue;
        }
        if (!subject.access.has(scope.edit)) return no(`You do not have permission to ${describe(scope.edit)}.`);
        const targets = await placesOf(db, table, doc);
        const target = targets[scope.editPlace ?? 0];
        if (subject.access.has(scope.edit, target)) continue;
        return await outsideScope(subject, [target], [scope.edit], scope.label);
      }
      return OK;
    }
    case "own":
      for (const doc of [oldDoc, newDoc]) {
        if (doc && !(subject.userId && doc.user_id === subject.userId)) return no(`This ${scope.label} belongs to someone else.`);
      }
      return OK;
    case "attachment": {
      // Attaching, changing or removing follows the right to change the record itself.
      for (const doc of [oldDoc, newDoc]) {
        if (!doc) continue;
        const entity = await entityOf(db, scope, doc);
        if (!entity) return no(`The record this ${scope.label} belongs to does not exist.`);
        const verdict = await canWrite(db, subject, entity.table, entity.doc, entity.doc, []);
        if (!verdict.ok) return verdict;
      }
      return OK;
    }
    case "job":
      return OK;
    case "derived":
    case "audit":
    case "system":
      return no(`${scope.plural[0].toUpperCase()}${scope.plural.slice(1)} are kept by the system and cannot be changed directly.`);
  }
}

async function entityOf(db: Reader, scope: { entityTypes: readonly TableNames[] }, doc: AnyDoc) {
  const table = doc.entity_type as TableNames;
  if (!scope.entityTypes.includes(table)) return null;
  const id = db.normalizeId(table, doc.entity_id);
  const entity = id ? ((await db.get(id)) as AnyDoc | null) : null;
  return entity && entity.organisation_id === doc.organisation_id ? { table, doc: entity } : null;
}

/** The places an audit row records for the entity it describes. */
export async function auditPlaceOf(db: Reader, table: TableNames, doc: AnyDoc): Promise<{
  organisation_level?: boolean;
  department_id?: Id<"departments">;
  team_id?: Id<"teams">;
  lecturer_department_id?: Id<"departments">;
  lecturer_team_id?: Id<"teams">;
}> {
  const scope = TABLE_SCOPES[table];
  if (scope.kind === "organisation") return { organisation_level: true };
  if (scope.kind === "attachment") {
    const entity = await entityOf(db, scope, doc);
    return entity ? await auditPlaceOf(db, entity.table, entity.doc) : {};
  }
  if (scope.kind !== "placed" && scope.kind !== "derived") return {};
  const [first, second] = await placesOf(db, table, doc);
  const out: Record<string, unknown> = {};
  if (first?.department_id) out.department_id = first.department_id;
  if (first?.team_id) out.team_id = first.team_id;
  // An allocation's second place (the lecturer's) is kept only where it differs, so a list reads each row once.
  if (second?.department_id && second.department_id !== first?.department_id) out.lecturer_department_id = second.department_id;
  if (second?.team_id && second.team_id !== first?.team_id) out.lecturer_team_id = second.team_id;
  return out as any;
}

async function canReadAudit(db: Reader, subject: Subject, doc: AnyDoc): Promise<Verdict> {
  if (!subject.access.has("audit.view")) {
    // One's own records' history (a lecturer's own allocation) is theirs to see.
    const entityScope = TABLE_SCOPES[doc.entity_type as TableNames];
    if (entityScope?.kind === "placed" && entityScope.own?.permission && subject.access.has(entityScope.own.permission)) {
      const id = db.normalizeId(doc.entity_type as TableNames, doc.entity_id);
      const entity = id ? ((await db.get(id)) as AnyDoc | null) : null;
      if (entity && (await isOwn(subject, entityScope.own, entity))) return OK;
    }
    return no("You do not have permission to see the audit trail.");
  }
  if (subject.access.hasEverywhere("audit.view")) return OK;
  const kind = TABLE_SCOPES[doc.entity_type as TableNames]?.kind;
  if (doc.organisation_level || kind === "organisation") return OK;
  const targets: ScopeTarget[] = [
    { department_id: doc.department_id, team_id: doc.team_id },
    { department_id: doc.lecturer_department_id, team_id: doc.lecturer_team_id },
  ];
  if (targets.some((t) => subject.access.has("audit.view", t))) return OK;
  return await outsideScope(subject, targets, ["audit.view"], "audit entry");
}

/**
 * The permissions a grant scoped to a department or team can never use: they
 * only change organisation-level objects (or start organisation-wide work).
 * A permission is usable with a scope when it reads or changes placed rows
 * (a table's view, edit or own-row permission), when queries declare it
 * (reading is for scoped holders too; not an organisation-level table's edit
 * permission, which such a query only serves), or when the layer checks it at a row's
 * place (the trail, attachments, a locked year). `functions`: every public
 * function's declared permission and whether it is a query.
 */
export function organisationOnlyPermissions(functions: Iterable<{ permission: Permission | null; query: boolean }>): Permission[] {
  const usable = new Set<Permission>(["audit.view", "files.upload", "years.edit_locked"]);
  const candidates = new Set<Permission>();
  for (const scope of Object.values(TABLE_SCOPES)) {
    if (scope.kind === "placed" || scope.kind === "derived") {
      if (scope.kind === "placed") usable.add(scope.edit);
      if (scope.view !== "member") scope.view.forEach((p) => usable.add(p));
      if (scope.own?.permission) usable.add(scope.own.permission);
      if (scope.own?.write) usable.add(scope.own.write.permission);
    }
    if (scope.kind === "organisation") candidates.add(scope.edit);
  }
  // A query declaring an organisation-level table's edit permission serves that table's editor (a
  // form's choices): without the organisation-wide grant to save, a scoped holder has no use for it.
  const organisationEdits = new Set([...candidates]);
  for (const f of functions) {
    if (!f.permission) continue;
    if (f.query && !organisationEdits.has(f.permission)) usable.add(f.permission);
    else candidates.add(f.permission);
  }
  return [...candidates].filter((p) => !usable.has(p)).sort();
}

export type { Doc };
