/**
 * What checking or committing one import row works with: the job's scoped
 * reader/writer and access (convex/lib/functions.ts `jobMutation`), the
 * import, the organisation's reference data by natural key (read once per
 * batch), the import's keys (which row first names a staff email, a module
 * code...), and the row's report (verdict, messages, changes, targets).
 *
 * A row is processed the same way in the dry run and in the commit; only
 * `write` differs, so the dry run says exactly what the commit will do.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { Access } from "../lib/access";
import { sameLayerAs, type Directory } from "../lib/functions";
import type { ImportMessage, ImportRowAction, ImportTarget, ImportWrite } from "../schema/importValidators";

export type RowCtx = {
  db: MutationCtx["db"];
  dbWithDeleted: MutationCtx["db"];
  scheduler: MutationCtx["scheduler"];
  access: Access;
  viewer: Doc<"users"> | null;
  directory: Directory;
  /**
   * Finds people by email or staff number whatever their department (directory
   * information: an allocation's module decides who may write it, not its
   * lecturer's department). Never used to write.
   */
  people: GenericDatabaseReader<DataModel>;
  organisationId: Id<"organisations">;
  now: number;
  log: Doc<"data_sync_logs">;
  yearId: Id<"academic_years">;
  /** "check": the dry run (records keys, writes no data); "commit": keys are read, data written when `write`. */
  mode: "check" | "commit";
  write: boolean;
  refs: Refs;
};

/** The organisation's reference data by the codes and names files use. */
export class Refs {
  private constructor(
    readonly year: Doc<"academic_years">,
    readonly departments: Map<string, Doc<"departments">>,
    readonly departmentById: Map<string, Doc<"departments">>,
    readonly teams: Doc<"teams">[],
    readonly statuses: Map<string, Doc<"lecturer_statuses">>,
    readonly statusById: Map<string, Doc<"lecturer_statuses">>,
    readonly allocationTypes: Map<string, Doc<"allocation_types">>,
  ) {}

  static async load(db: MutationCtx["db"], organisationId: Id<"organisations">, yearId: Id<"academic_years">): Promise<Refs> {
    const year = await db.get(yearId);
    if (!year) throw new Error("The import's academic year no longer exists.");
    const departments = await db.query("departments").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    const statuses = await db.query("lecturer_statuses").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    const types = await db.query("allocation_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    const teams = await db.query("teams").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    return new Refs(
      year,
      new Map(departments.map((d) => [d.code.toLowerCase(), d])),
      new Map(departments.map((d) => [d._id as string, d])),
      teams,
      new Map(statuses.map((s) => [s.code.toLowerCase(), s])),
      new Map(statuses.map((s) => [s._id as string, s])),
      new Map(types.flatMap((t) => [[t.code.toLowerCase(), t] as const, [t.name.toLowerCase(), t] as const])),
    );
  }

  team(departmentId: Id<"departments"> | undefined, name: string): Doc<"teams"> | undefined {
    const n = name.trim().toLowerCase();
    const matches = this.teams.filter((t) => t.name.toLowerCase() === n);
    return matches.find((t) => t.department_id === departmentId) ?? (departmentId ? undefined : matches[0]);
  }
}

/** The verdict being built for one row. */
export class RowReport {
  messages: ImportMessage[] = [];
  changes: string[] = [];
  targets: ImportTarget[] = [];
  creates = 0;
  updates = 0;

  error(column: string | undefined, message: string) {
    this.messages.push({ level: "error", column, message });
  }
  warn(column: string | undefined, message: string) {
    this.messages.push({ level: "warning", column, message });
  }
  get failed(): boolean {
    return this.messages.some((m) => m.level === "error");
  }
  get status(): "ok" | "warning" | "error" {
    return this.failed ? "error" : this.messages.length > 0 ? "warning" : "ok";
  }
  get action(): ImportRowAction {
    if (this.failed) return "none";
    if (this.creates > 0) return "create";
    if (this.updates > 0) return "update";
    return "unchanged";
  }
  target(key: string, stamp: number | null) {
    this.targets.push({ key, stamp });
  }
}

// --- the import's keys ---------------------------------------------------------------

/** The first row of this import naming `key`, if any. */
export async function keyOwner(ctx: RowCtx, key: string): Promise<Doc<"import_keys"> | null> {
  return await ctx.db
    .query("import_keys")
    .withIndex("by_sync_log_id_and_key", (q) => q.eq("sync_log_id", ctx.log._id).eq("key", key))
    .first();
}

/**
 * Claims `key` for row `position`: returns the row that named it first (this
 * one when it is new). The dry run records claims; the commit only reads them.
 */
export async function claimKey(ctx: RowCtx, key: string, position: number, info?: unknown): Promise<Doc<"import_keys"> | { position: number; info?: string }> {
  const owner = await keyOwner(ctx, key);
  if (owner) return owner;
  const entry = { position, info: info === undefined ? undefined : JSON.stringify(info) };
  if (ctx.mode === "check") {
    await ctx.db.insert("import_keys", { organisation_id: ctx.organisationId, sync_log_id: ctx.log._id, key, ...entry });
  }
  return entry;
}

// --- values ------------------------------------------------------------------------------

export type Cells = Record<string, string>;

/** A number from a cell ("1,234.5", " 0.8 "), undefined when empty, NaN when not a number. */
export function numberCell(cells: Cells, field: string): number | undefined {
  const text = cells[field];
  if (text === undefined || text.trim() === "") return undefined;
  const clean = text.replace(/,/g, "").trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(clean) ? Number(clean) : NaN;
}

/** A boolean from a cell: true/false, yes/no, y/n, 1/0; undefined when empty, null when unreadable. */
export function booleanCell(cells: Cells, field: string): boolean | undefined | null {
  const text = cells[field]?.trim().toLowerCase();
  if (text === undefined || text === "") return undefined;
  if (["true", "yes", "y", "1"].includes(text)) return true;
  if (["false", "no", "n", "0"].includes(text)) return false;
  return null;
}

/** Whether the import's mapping gives `field` a column (an empty cell then clears an optional field). */
export function mapped(ctx: RowCtx, field: string): boolean {
  return ctx.log.mapping?.some((m) => m.field === field) ?? false;
}

/** The row's value, or, when the file has no column for it, what the record holds. */
export function orKept<T>(ctx: RowCtx, field: string, value: T | undefined, kept: T | undefined): T | undefined {
  return value !== undefined || mapped(ctx, field) ? value : kept;
}

/** A text cell, undefined when empty. */
export function textCell(cells: Cells, field: string): string | undefined {
  const text = cells[field]?.trim();
  return text ? text : undefined;
}

/** Compares `wanted` with `existing` on `fields`; returns the patch and "field: old → new" lines. */
export function diff<T extends Record<string, unknown>>(existing: T, wanted: Partial<T>, fields: (keyof T & string)[], label: string) {
  const patch: Partial<T> = {};
  const lines: string[] = [];
  for (const field of fields) {
    const before = existing[field];
    const after = wanted[field];
    // An empty text and no value are the same to a file.
    if (JSON.stringify(before === "" ? null : (before ?? null)) === JSON.stringify(after === "" ? null : (after ?? null))) continue;
    patch[field] = after as T[typeof field];
    lines.push(`${label} ${field}: ${show(before)} → ${show(after)}`);
  }
  return { patch, lines, changed: lines.length > 0 };
}

function show(x: unknown): string {
  if (x === undefined || x === null || x === "") return "(empty)";
  if (typeof x === "string" && x.length > 40) return `"${x.slice(0, 37)}..."`;
  return typeof x === "string" ? `"${x}"` : String(x);
}

/** An ISO date (yyyy-mm-dd), or undefined when empty, or null when it is not one. */
export function dateCell(cells: Cells, field: string): string | undefined | null {
  const text = textCell(cells, field);
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) return null;
  return text;
}

/** The stamp a commit compares: the row's version where it has one, else when it was last written. */
export function stampOf(doc: { version?: number; updated_at: number }): number {
  return doc.version ?? doc.updated_at;
}

/** The tables an import writes for itself (not the notices, totals or audit rows its writes cause). */
const RECORDED = new Set(["lecturer_profiles", "lecturers", "modules", "module_iterations", "module_iteration_groups", "module_allocations"]);

/**
 * A writer that records what a committing row inserts and patches (with the
 * patched fields' values before), for the undo. Everything else passes
 * through to the job's scoped, trigger-wrapped writer.
 */
export function recordingWriter(db: MutationCtx["db"]): { db: MutationCtx["db"]; finish: () => Promise<ImportWrite[]> } {
  const entries = new Map<string, { table: string; id: string; op: "insert" | "patch"; before?: string }>();
  const recorder = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "insert") {
        return async (table: string, value: Record<string, unknown>) => {
          const id = await (target.insert as (t: string, v: unknown) => Promise<string>)(table, value);
          if (RECORDED.has(table)) entries.set(id, { table, id, op: "insert" });
          return id;
        };
      }
      if (prop === "patch") {
        return async (...args: unknown[]) => {
          const [id, value] = (args.length === 3 ? [args[1], args[2]] : args) as [string, Record<string, unknown>];
          const old = (await target.get(id as never)) as Record<string, unknown> | null;
          const table = old ? tableName(target, id) : null;
          if (old && table && RECORDED.has(table) && !entries.has(id)) {
            const before = Object.fromEntries(Object.keys(value).map((k) => [k, old[k] ?? null]));
            entries.set(id, { table, id, op: "patch", before: JSON.stringify(before) });
          }
          return await (target.patch as (i: unknown, v: unknown) => Promise<void>)(id, value);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return {
    // The same layer context as `db`: the allocation path's notices reach the bell through it.
    db: sameLayerAs(recorder, db),
    finish: async () => {
      const out: ImportWrite[] = [];
      for (const e of entries.values()) {
        const doc = (await db.get(e.id as never)) as { version?: number; updated_at: number } | null;
        if (doc) out.push({ ...e, stamp: stampOf(doc) });
      }
      return out;
    },
  };
}

function tableName(db: MutationCtx["db"], id: string): string | null {
  for (const table of RECORDED) if (db.normalizeId(table as never, id)) return table;
  return null;
}
