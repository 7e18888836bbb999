/**
 * The `ctx.db` every builder hands its handler. It applies lib/scope.ts to
 * every row read or written, so a handler cannot forget:
 *
 * - reads: rows of another organisation, soft-deleted rows (unless asked
 *   for) and rows outside the caller's scope are invisible; a direct read of
 *   one outside scope is FORBIDDEN through `getOrThrow` with the reason
 *   (lib/db.ts asks `hiddenReason`), never NOT_FOUND.
 * - writes: the old and the new row must be within the caller's reach for
 *   the table's edit permission; the row's derived place fields are filled
 *   here, never by the handler; every stored number is finite and every text
 *   bounded; every reference exists in the same organisation, is not deleted,
 *   and (for rows of a year) belongs to the same year; a stored file must
 *   belong to the organisation; rows of an archived year are read-only and
 *   of a locked year need `years.edit_locked`; a delete (hard or soft) is
 *   refused while other rows still depend on the row; a restore re-checks
 *   all of it.
 *
 * System actors (the seed, crons) get the same writer with every permission
 * and, where they work across organisations, no organisation of their own:
 * references must then match the row's organisation.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import { filter } from "convex-helpers/server/filter";
import type { DataModel, Id, TableNames } from "../_generated/dataModel";
import schema from "../schema";
import { appError } from "./errors";
import { MAX_TEXT_LENGTH } from "./inputRanges";
import {
  canRead,
  canWrite,
  childrenOf,
  derivePlace,
  derivedFields,
  idFields,
  isSystemWritten,
  isYearBound,
  ownerOf,
  placesOf,
  TABLE_SCOPES,
  type Subject,
} from "./scope";
import { checkStoredFile } from "./storage";
import type { Access, ScopeTarget } from "./access";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;
type AnyDoc = Record<string, any> & { _id: string; _creationTime: number };

const TABLES = Object.keys(schema.tables) as TableNames[];

export type ScopeOptions = {
  /** The organisation the caller acts in; null for system work across organisations. */
  organisationId: Id<"organisations"> | null;
  subject: Subject;
  /** Soft-deleted rows are visible (restore, history). */
  includeDeleted: boolean;
  /** System actors hold everything: scope checks are skipped, integrity checks are not. */
  system: boolean;
};

function tableOf(db: Reader, id: string): TableNames | null {
  for (const t of TABLES) if (db.normalizeId(t, id)) return t;
  return null;
}

const human = (field: string) => field.replace(/_id$/, "").replace(/_/g, " ");

/**
 * What a year's state allows a writer (decisions.md, "Years"): rows of an
 * archived year are read-only to everyone, the system included; rows of a
 * locked (published) year change only with `years.edit_locked` at their place
 * (`target`; none: organisation-wide). `access` null: a system actor. The one
 * rule, used by the writer on every row and by work that refuses a year up
 * front (an import, before it reads a file).
 */
export function yearStateRefusal(
  year: { _id: string; name: string; status: string },
  access: Access | null,
  target?: ScopeTarget,
): ReturnType<typeof appError> | null {
  if (year.status === "archived") {
    return appError("FORBIDDEN", `${year.name} is archived: its records are read-only.`, { academicYearId: year._id });
  }
  if (year.status === "locked" && access) {
    const allowed = target ? access.has("years.edit_locked", target) : access.hasEverywhere("years.edit_locked");
    if (!allowed) {
      return appError(
        "FORBIDDEN",
        `${year.name} is locked (published): changing its records needs the permission to change a locked year's records.`,
        { academicYearId: year._id, permission: "years.edit_locked" },
      );
    }
  }
  return null;
}

/** A reader that shows only what the caller may see. */
export class ScopedReader implements Reader {
  readonly system: Reader["system"];
  /** Why rows were hidden from this caller, by id, for `getOrThrow`'s FORBIDDEN. */
  private hidden = new Map<string, string>();

  constructor(
    protected readonly raw: Reader,
    protected readonly options: ScopeOptions,
  ) {
    this.system = raw.system;
  }

  normalizeId<T extends TableNames>(table: T, id: string): Id<T> | null {
    return this.raw.normalizeId(table, id);
  }

  /** The reason a row was hidden from the last read of it, if it was hidden by scope (not absent). */
  hiddenReason(id: string): string | undefined {
    return this.hidden.get(id);
  }

  /** Whether `doc` of `table` is visible; records the reason when scope hides it. */
  protected async visible(table: TableNames, doc: AnyDoc): Promise<boolean> {
    const org = this.options.organisationId;
    if (org && ownerOf(table, doc) !== org) return false;
    if (!this.options.includeDeleted && doc.deleted_at !== undefined) return false;
    if (this.options.system) return true;
    const verdict = await canRead(this.raw, this.options.subject, table, doc);
    if (!verdict.ok && !verdict.quiet) this.hidden.set(doc._id, verdict.reason);
    return verdict.ok;
  }

  async get(a: any, b?: any): Promise<any> {
    const [table, id] = b !== undefined ? [a as TableNames, b as string] : [tableOf(this.raw, a), a as string];
    if (!table) return null;
    const doc = (await this.raw.get(id as Id<any>)) as AnyDoc | null;
    if (!doc) return null;
    return (await this.visible(table, doc)) ? doc : null;
  }

  query(table: any): any {
    return filter(this.raw.query(table), (doc: any) => this.visible(table, doc));
  }
}

/** A writer that refuses what the caller may not do and keeps what the layer owns. */
export class ScopedWriter extends ScopedReader implements Writer {
  readonly vars: Writer["vars"];
  private years = new Map<string, AnyDoc | null>();
  /**
   * Rows read to check references, by id, for this call: a batch refers to the
   * same parents again and again. A row is dropped when this writer changes
   * it, and everything when a parent changes (its triggers move children).
   */
  private refs = new Map<string, AnyDoc | null>();
  /** Organisations whose admin grants this call touched, with how many permanent Admins they had before. */
  private adminsBefore = new Map<Id<"organisations">, number>();

  constructor(
    raw: Reader,
    private readonly writer: Writer,
    options: ScopeOptions,
  ) {
    super(raw, options);
    this.vars = writer.vars;
  }

  async insert(table: any, value: any): Promise<any> {
    const row = { ...value } as AnyDoc;
    await this.fillDerived(table, row, null);
    await this.checkWrite(table, null, row, Object.keys(row));
    await this.noteAdmins(table, row);
    const id = await this.writer.insert(table, row as any);
    this.forget(table, id, "insert");
    return id;
  }

  async patch(a: any, b: any, c?: any): Promise<void> {
    const [id, value] = c !== undefined ? [b, c] : [a, b];
    const { table, old } = await this.existing(id);
    const patch = { ...value } as Record<string, any>;
    const next = applyPatch(old, patch);
    const extra = await this.fillDerived(table, next, old);
    Object.assign(patch, extra);
    const changed = Object.keys(patch).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]));
    await this.checkWrite(table, old, next, changed);
    await this.noteAdmins(table, old);
    await this.writer.patch(id, patch as any);
    this.forget(table, id, "update");
  }

  async replace(a: any, b: any, c?: any): Promise<void> {
    const [id, value] = c !== undefined ? [b, c] : [a, b];
    const { table, old } = await this.existing(id);
    const { _id, _creationTime, ...rest } = value as AnyDoc;
    const next = { ...rest, _id: old._id, _creationTime: old._creationTime } as AnyDoc;
    await this.fillDerived(table, next, old);
    const changed = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter(
      (k) => k !== "_id" && k !== "_creationTime" && JSON.stringify(old[k]) !== JSON.stringify(next[k]),
    );
    await this.checkWrite(table, old, next, changed);
    await this.noteAdmins(table, old);
    const { _id: _i, _creationTime: _c, ...stored } = next;
    await this.writer.replace(id, stored as any);
    this.forget(table, id, "update");
  }

  async delete(a: any, b?: any): Promise<void> {
    const id = b !== undefined ? b : a;
    const { table, old } = await this.existing(id);
    await this.checkWrite(table, old, null, []);
    await this.noteAdmins(table, old);
    await this.writer.delete(id);
    this.forget(table, id, "delete");
  }

  /**
   * Refuses (FORBIDDEN with the reason) unless the caller may change `doc`
   * of `table` as it stands: for handlers whose success writes nothing
   * (tagging a record already tagged) but must still be the editor's.
   */
  async assertCanChange(table: TableNames, doc: AnyDoc) {
    if (this.options.system) return;
    const verdict = await canWrite(this.raw, this.options.subject, table, doc, doc, []);
    if (!verdict.ok) throw appError("FORBIDDEN", verdict.reason, { table });
  }

  /** The row a write is about: it must be in the organisation (and visible, deleted rows only when asked for). */
  private async existing(id: string): Promise<{ table: TableNames; old: AnyDoc }> {
    const table = tableOf(this.raw, id);
    const old = table ? ((await this.raw.get(id as Id<any>)) as AnyDoc | null) : null;
    const org = this.options.organisationId;
    if (!table || !old || (org && ownerOf(table, old) !== org) || (!this.options.includeDeleted && old.deleted_at !== undefined)) {
      throw appError("NOT_FOUND", "This record does not exist or has been deleted.", { id });
    }
    if (!(await this.visible(table, old))) {
      const reason = this.hiddenReason(old._id);
      throw reason ? appError("FORBIDDEN", reason) : appError("NOT_FOUND", "This record does not exist or has been deleted.", { id });
    }
    return { table, old };
  }

  private forget(table: TableNames, id: string, how: "insert" | "update" | "delete") {
    if (how !== "insert" && childrenOf(table).length > 0) this.refs.clear();
    else this.refs.delete(id);
  }

  private async cachedGet(id: string): Promise<AnyDoc | null> {
    if (!this.refs.has(id)) this.refs.set(id, (await this.raw.get(id as Id<any>)) as AnyDoc | null);
    return this.refs.get(id)!;
  }

  /** Sets the row's derived place fields from its parents; returns them. */
  private async fillDerived(table: TableNames, row: AnyDoc, old: AnyDoc | null): Promise<Record<string, unknown>> {
    const fields = derivedFields(table);
    if (fields.length === 0) return {};
    const scope = TABLE_SCOPES[table];
    const parentMoved =
      !old ||
      (scope.kind === "placed" && (scope.derive ?? []).some((d) => old[d.via] !== row[d.via])) ||
      fields.some((f) => row[f] !== old[f]) ||
      fields.every((f) => old[f] === undefined);
    if (!parentMoved) return {};
    const derived = await derivePlace({ get: (id: string) => this.cachedGet(id) } as unknown as Reader, table, row);
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      out[f] = derived[f];
      if (derived[f] === undefined) delete row[f];
      else row[f] = derived[f];
    }
    return out;
  }

  private async noteAdmins(table: TableNames, doc: AnyDoc) {
    if (table !== "users" && table !== "user_role_assignments" && table !== "roles") return;
    const org = doc.organisation_id as Id<"organisations">;
    if (!this.adminsBefore.has(org)) this.adminsBefore.set(org, await countPermanentAdmins(this.raw, org));
  }

  /**
   * Run once the handler succeeded: an organisation that had a permanent,
   * organisation-wide Admin still has one (revoking, expiring, suspending or
   * re-scoping the last one is refused, and the whole call with it).
   */
  async assertAdminsKept() {
    for (const [org, before] of this.adminsBefore) {
      if (before > 0 && (await countPermanentAdmins(this.raw, org)) === 0) {
        throw appError(
          "CONFLICT",
          "The organisation must keep at least one active person with an organisation-wide Admin role that does not expire; give someone else that role first.",
        );
      }
    }
  }

  private async checkWrite(table: TableNames, old: AnyDoc | null, next: AnyDoc | null, changed: string[]) {
    const { organisationId: org, subject, system } = this.options;
    const scope = TABLE_SCOPES[table];
    if (isSystemWritten(table) && !system) {
      throw appError("FORBIDDEN", `${scope.plural[0].toUpperCase()}${scope.plural.slice(1)} are kept by the system and cannot be changed directly.`);
    }
    if (next) {
      const owner = ownerOf(table, next);
      if (table === "organisations" ? org !== null : !owner || (org && owner !== org)) {
        throw appError("FORBIDDEN", "A record can only be written in the organisation you are working in.");
      }
      if (old && ownerOf(table, old) !== owner) throw appError("INVALID_ARGUMENT", "A record cannot move to another organisation.");
    }
    if (!system) {
      const verdict = await canWrite(this.raw, subject, table, old, next, changed);
      if (!verdict.ok) throw appError("FORBIDDEN", verdict.reason, { table });
    }
    // Place fields follow their parent whatever the year's state (they say where a row sits, not what it holds).
    const derived = new Set(derivedFields(table));
    if (!(old && next && changed.length > 0 && changed.every((f) => derived.has(f) || f === "updated_at"))) await this.checkYearState(table, old, next);
    // Derived tables are written by the layer's own code, with the engine's values (utilisation may be Infinity).
    if (next && !isSystemWritten(table)) {
      checkValues(scope.label, next, changed);
      const restored = !!old && old.deleted_at !== undefined && next.deleted_at === undefined;
      await this.checkReferences(table, next, old && !restored ? changed : null);
      await this.checkTeamInDepartment(table, next, old && !restored ? changed : null);
    }
    const deleting = !next || (old?.deleted_at === undefined && next.deleted_at !== undefined);
    if (old && deleting) await this.checkDependents(table, old);
  }

  private async year(id: string): Promise<AnyDoc | null> {
    if (!this.years.has(id)) this.years.set(id, (await this.raw.get(id as Id<"academic_years">)) as AnyDoc | null);
    return this.years.get(id)!;
  }

  /** Archived years are read-only; locked (published) years need `years.edit_locked`. */
  private async checkYearState(table: TableNames, old: AnyDoc | null, next: AnyDoc | null) {
    if (table !== "academic_years" && isYearBound(table)) {
      for (const doc of [old, next]) {
        const yearId = doc?.academic_year_id;
        const year = yearId ? await this.year(yearId) : null;
        if (!year || year.status === "active" || year.status === "staging") continue;
        const [target] = year.status === "locked" && !this.options.system ? await placesOf(this.raw, table, doc!) : [];
        const refusal = yearStateRefusal(year as AnyDoc & { name: string; status: string }, this.options.system ? null : this.options.subject.access, target);
        if (refusal) throw refusal;
      }
      return;
    }
    if (table === "academic_years") this.years.delete(String((old ?? next)!._id));
  }

  /** Every reference (changed ones, or all on insert and restore) exists, in this organisation, live, and of the same year. */
  private async checkReferences(table: TableNames, row: AnyDoc, changed: string[] | null) {
    for (const { field, target } of idFields(table)) {
      const value = row[field];
      if (value === undefined || value === null || (changed && !changed.includes(field))) continue;
      if (field === "organisation_id" || (table === "organisations" && field === "_id")) continue;
      const owner = ownerOf(table, row) as Id<"organisations">;
      if (target === "_storage") {
        await checkStoredFile(this.raw, this.writer, value, owner, this.options.subject.userId);
        continue;
      }
      // Other system tables (scheduled functions) are the layer's own bookkeeping, not the organisation's rows.
      if (target.startsWith("_")) continue;
      const targetTable = target as TableNames;
      const id = this.raw.normalizeId(targetTable, String(value));
      const ref = id ? await this.cachedGet(id) : null;
      const label = TABLE_SCOPES[targetTable].label;
      // Provenance (who made it, what it was carried from) names a row of the organisation, of any year, live or not.
      const provenance = PROVENANCE.has(field);
      if (!ref || ownerOf(targetTable, ref) !== owner || (!provenance && ref.deleted_at !== undefined)) {
        throw appError("NOT_FOUND", `The ${label} given as ${human(field)} does not exist or has been deleted.`, { field });
      }
      if (provenance) continue;
      if (row.academic_year_id && ref.academic_year_id && isYearBound(targetTable) && ref.academic_year_id !== row.academic_year_id) {
        throw appError("INVALID_ARGUMENT", `The ${label} given as ${human(field)} belongs to another academic year.`, { field });
      }
    }
  }

  /** A row placed in both a department and a team names a team of that department. */
  private async checkTeamInDepartment(table: TableNames, row: AnyDoc, changed: string[] | null) {
    const scope = TABLE_SCOPES[table];
    if (scope.kind !== "placed") return;
    const derived = new Set(derivedFields(table));
    for (const place of scope.places) {
      if (!place.department || !place.team || derived.has(place.team)) continue;
      if (changed && !changed.includes(place.team) && !changed.includes(place.department)) continue;
      const teamId = row[place.team];
      const departmentId = row[place.department];
      if (!teamId || !departmentId) continue;
      const team = (await this.raw.get(teamId as Id<"teams">)) as AnyDoc | null;
      if (team && team.department_id !== departmentId) {
        throw appError("INVALID_ARGUMENT", `The team ${team.name} belongs to another department.`, { field: place.team });
      }
    }
  }

  /** A delete is refused while live rows still point at this one, naming what they are. */
  private async checkDependents(table: TableNames, old: AnyDoc) {
    const blocking: string[] = [];
    for (const dep of dependentsOf(table)) {
      const found = await this.raw
        .query(dep.table)
        .withIndex(dep.index as any, (q: any) => q.eq(dep.field, old._id))
        .filter((q: any) => q.eq(q.field("deleted_at"), undefined))
        .first();
      if (found) blocking.push(TABLE_SCOPES[dep.table].plural);
    }
    if (blocking.length) {
      const what = [...new Set(blocking)];
      const list = what.length > 1 ? `${what.slice(0, -1).join(", ")} and ${what[what.length - 1]}` : what[0];
      throw appError("CONFLICT", `This ${TABLE_SCOPES[table].label} cannot be deleted while ${list} still refer to it.`, {
        dependents: what,
      });
    }
  }
}

/** Active members holding the built-in Admin role organisation-wide, with no expiry. */
export async function countPermanentAdmins(db: Reader, organisationId: Id<"organisations">): Promise<number> {
  const roles = await db.query("roles").withIndex("by_organisation_id_and_name", (q) => q.eq("organisation_id", organisationId).eq("name", "Admin")).collect();
  let count = 0;
  for (const role of roles) {
    if (!role.is_system || role.deleted_at !== undefined) continue;
    const assignments = await db.query("user_role_assignments").withIndex("by_role_id", (q) => q.eq("role_id", role._id)).collect();
    for (const a of assignments) {
      if (a.deleted_at !== undefined || a.expires_at !== undefined || a.scope_department_id || a.scope_team_id) continue;
      const user = await db.get(a.user_id);
      if (user && user.deleted_at === undefined && user.status === "active") count++;
    }
  }
  return count;
}

function applyPatch(old: AnyDoc, patch: Record<string, any>): AnyDoc {
  const next: AnyDoc = { ...old };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** Stored numbers are finite and texts bounded, in the fields being written. */
function checkValues(label: string, row: AnyDoc, fields: readonly string[]) {
  const visit = (value: unknown, path: string) => {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw appError("INVALID_ARGUMENT", `The ${label}'s ${path} must be a finite number (got ${value}).`, { field: path });
    }
    if (typeof value === "string" && value.length > MAX_TEXT_LENGTH) {
      throw appError("INVALID_ARGUMENT", `The ${label}'s ${path} is too long (at most ${MAX_TEXT_LENGTH.toLocaleString("en-GB")} characters).`, {
        field: path,
      });
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
  };
  for (const f of fields) if (!f.startsWith("_")) visit(row[f], human(f));
}

/** References that record who or where something came from, not something it depends on. */
const PROVENANCE = new Set([
  "organisation_id",
  "created_by",
  "invited_by",
  "granted_by",
  "uploaded_by",
  "requested_by",
  "claimed_by",
  "rolled_over_from_id",
  // A rollover's copy names the row of last year it was carried from (structure/rolloverCopy.ts).
  "carried_from_id",
  "rollover_job_id",
  "updated_by",
]);

type Dependent = { table: TableNames; field: string; index: string };
const dependentsCache = new Map<string, Dependent[]>();

/** Rows that depend on a row of `table`: every indexed reference to it, except copies and bookkeeping. */
export function dependentsOf(table: TableNames): Dependent[] {
  const hit = dependentsCache.get(table);
  if (hit) return hit;
  const out: Dependent[] = [];
  for (const t of TABLES) {
    const kind = TABLE_SCOPES[t].kind;
    if (kind === "derived" || kind === "audit" || kind === "system" || kind === "job" || kind === "own" || TABLE_SCOPES[t].history) continue;
    const derived = new Set(derivedFields(t));
    for (const { field, target } of idFields(t)) {
      if (target !== table || PROVENANCE.has(field) || derived.has(field)) continue;
      const index = (schema.tables[t] as any)[" indexes"]().find((i: { fields: string[] }) => i.fields[0] === field);
      if (index) out.push({ table: t, field, index: index.indexDescriptor });
    }
  }
  dependentsCache.set(table, out);
  return out;
}
