/**
 * One implementation of list / all / get / create / update / remove / restore
 * for the many tables that are plain records of the organisation (faculties,
 * sites, courses, modules...). Each domain file declares its table, its
 * editable fields, which of them are foreign keys, and its permissions; the
 * factory adds organisation scoping, foreign-key checks (in the same
 * organisation), optimistic concurrency for versioned rows, soft delete that
 * refuses while other rows still point at the row, and restore.
 *
 *   export const { list, all, get, create, update, remove, restore } = crud({
 *     table: "sites", label: "site", view: "structure.view", edit: "structure.edit",
 *     fields: { name: v.string(), code: v.string(), address: v.optional(v.string()) },
 *   });
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v, type Infer, type ObjectType, type PropertyValidators, type Validator } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import type { ScopeTarget } from "./access";
import { checkRef, checkVersion, getOrThrow, restore as restoreRow, softDelete } from "./db";
import { appError } from "./errors";
import { orgMutation, orgQuery, type OrgMutationCtx, type OrgQueryCtx } from "./functions";
import type { Permission } from "./permissions";

/** A table and index whose rows point at this one, with a phrase for the refusal. */
type Dependent = { table: TableNames; index: string; field: string; label: string };

export type CrudConfig<T extends TableNames, F extends PropertyValidators> = {
  table: T;
  label: string;
  view: Permission;
  edit: Permission;
  fields: F;
  /** Rows belong to one academic year (`academic_year_id`): lists take the year. */
  yearScoped?: boolean;
  /** Field -> referenced table, checked to exist in the caller's organisation. */
  refs?: Partial<Record<keyof F & string, TableNames>>;
  /** Rows that still point here block a delete. */
  dependents?: Dependent[];
  /** Rows carry `version`; updates must name the version the editor saw. */
  versioned?: boolean;
  /** Where in the structure a row sits, for department/team-scoped roles. */
  scopeOf?: (ctx: OrgQueryCtx, doc: Record<string, any>) => Promise<ScopeTarget> | ScopeTarget;
  /** Domain rules beyond the validators (uniqueness, ranges); throw appError. */
  validate?: (ctx: OrgMutationCtx, value: Record<string, any>, existing: Doc<T> | null) => Promise<void>;
  /** Sort for `all` (in-memory; reference lists are small). */
  sortBy?: string;
};

/**
 * Most lists name what they are; `all` serves dropdowns and is capped: past
 * the cap it refuses, naming the paged `list`, rather than return part of
 * the rows as if they were all.
 */
export const ALL_LIMIT = 2000;

export function crud<T extends TableNames, F extends PropertyValidators>(config: CrudConfig<T, F>) {
  const { table, label, view, edit, fields } = config;
  // Typed as the table's document so clients keep Doc<T> (convex-helpers' doc() widens over the generic T).
  const vRow = doc(schema, table) as unknown as Validator<Doc<T>, "required", any>;
  const yearArg: PropertyValidators = config.yearScoped ? { academicYearId: v.id("academic_years") } : {};

  async function checkRefs(ctx: OrgMutationCtx, value: Record<string, any>) {
    for (const [field, refTable] of Object.entries(config.refs ?? {})) {
      await checkRef(ctx.db as any, value[field] as Id<any> | undefined, refTable!.replace(/_/g, " ").replace(/s$/, ""));
    }
  }

  async function checkScope(ctx: OrgQueryCtx, permission: Permission, doc: Record<string, any>) {
    if (config.scopeOf) ctx.access.require(permission, await config.scopeOf(ctx, doc));
  }

  function baseQuery(ctx: OrgQueryCtx, db: OrgQueryCtx["db"], academicYearId?: Id<"academic_years">) {
    const q = db.query(table as any);
    return config.yearScoped
      ? q.withIndex("by_organisation_id_and_academic_year_id" as any, (i: any) =>
          i.eq("organisation_id", ctx.organisationId).eq("academic_year_id", academicYearId),
        )
      : q.withIndex("by_organisation_id" as any, (i: any) => i.eq("organisation_id", ctx.organisationId));
  }

  const list = orgQuery({
    permission: view,
    args: { ...yearArg, paginationOpts: paginationOptsValidator, includeDeleted: v.optional(v.boolean()) },
    returns: paginationResultValidator(vRow),
    handler: async (ctx: OrgQueryCtx, args: any) => {
      const db = args.includeDeleted ? ctx.dbWithDeleted : ctx.db;
      return await baseQuery(ctx, db, args.academicYearId).order("desc").paginate(args.paginationOpts);
    },
  });

  const all = orgQuery({
    permission: view,
    args: { ...yearArg },
    returns: v.array(vRow),
    handler: async (ctx: OrgQueryCtx, args: any): Promise<Doc<T>[]> => {
      const rows = (await baseQuery(ctx, ctx.db, args.academicYearId).take(ALL_LIMIT + 1)) as Doc<T>[];
      if (rows.length > ALL_LIMIT) {
        throw appError(
          "INVALID_ARGUMENT",
          `This list holds more than ${ALL_LIMIT.toLocaleString("en-GB")} rows (${config.label}), too many to send at once; page through it with the paged list instead.`,
          { limit: ALL_LIMIT },
        );
      }
      const key = config.sortBy;
      return key ? rows.sort((a: any, b: any) => String(a[key]).localeCompare(String(b[key]), undefined, { numeric: true })) : rows;
    },
  });

  const get = orgQuery({
    permission: view,
    args: { id: v.id(table) },
    returns: vRow,
    handler: async (ctx: OrgQueryCtx, args: any): Promise<any> => getOrThrow(ctx.db, args.id as Id<T>, label),
  });

  const create = orgMutation({
    permission: edit,
    args: { ...yearArg, ...fields },
    returns: v.id(table),
    handler: async (ctx: OrgMutationCtx, args: any): Promise<Id<T>> => {
      const { academicYearId, ...value } = args;
      if (config.yearScoped) {
        await getOrThrow(ctx.db, academicYearId as Id<"academic_years">, "academic year");
        value.academic_year_id = academicYearId;
      }
      await checkRefs(ctx, value);
      await checkScope(ctx, edit, value);
      await config.validate?.(ctx, value, null);
      const row: Record<string, any> = {
        ...value,
        organisation_id: ctx.organisationId,
        created_at: ctx.now,
        updated_at: ctx.now,
      };
      if (config.versioned) row.version = 1;
      return (await ctx.db.insert(table, row as any)) as Id<T>;
    },
  });

  const update = orgMutation({
    permission: edit,
    args: { id: v.id(table), patch: v.object(clearablePatch(fields)), expectedVersion: v.optional(v.number()) },
    returns: v.object({ version: v.optional(v.number()) }),
    handler: async (ctx: OrgMutationCtx, args: any): Promise<{ version?: number }> => {
      const existing = (await getOrThrow(ctx.db, args.id as Id<T>, label)) as any;
      if (config.versioned) checkVersion(existing, args.expectedVersion, label);
      await checkScope(ctx, edit, existing);
      // null clears an optional field (undefined cannot travel over the wire).
      const changes = Object.fromEntries(Object.entries(args.patch).map(([k, value]) => [k, value === null ? undefined : value]));
      const merged = { ...existing, ...changes };
      await checkRefs(ctx, changes);
      await checkScope(ctx, edit, merged);
      await config.validate?.(ctx, merged, existing);
      const patch: Record<string, any> = { ...changes, updated_at: ctx.now };
      if (config.versioned) patch.version = existing.version + 1;
      await ctx.db.patch(args.id, patch as any);
      return { version: patch.version };
    },
  });

  const remove = orgMutation({
    permission: edit,
    args: { id: v.id(table) },
    returns: v.null(),
    handler: async (ctx: OrgMutationCtx, args: any): Promise<null> => {
      const existing = await getOrThrow(ctx.db, args.id as Id<T>, label);
      await checkScope(ctx, edit, existing as any);
      for (const dep of config.dependents ?? []) {
        const blocking = await ctx.db
          .query(dep.table as any)
          .withIndex(dep.index as any, (q: any) => q.eq(dep.field, args.id))
          .first();
        if (blocking) {
          throw appError("CONFLICT", `This ${label} cannot be deleted while ${dep.label} still refer to it.`, {
            dependent: dep.table,
          });
        }
      }
      await softDelete(ctx.db, args.id as Id<T>, ctx.now);
      return null;
    },
  });

  const restore = orgMutation({
    permission: edit,
    args: { id: v.id(table) },
    returns: v.null(),
    handler: async (ctx: OrgMutationCtx, args: any): Promise<null> => {
      await restoreRow(ctx.dbWithDeleted, args.id as Id<T>, label, ctx.now);
      return null;
    },
  });

  return { list, all, get, create, update, remove, restore };
}

/**
 * The update patch: every field optional, and optional columns also accept
 * null, meaning "clear it". Required columns cannot be cleared.
 */
function clearablePatch(fields: PropertyValidators): PropertyValidators {
  const out: PropertyValidators = {};
  for (const [key, validator] of Object.entries(fields)) {
    if (validator.isOptional === "optional") {
      const required = Object.assign(Object.create(Object.getPrototypeOf(validator)), validator, { isOptional: "required" });
      out[key] = v.optional(v.union(required, v.null()));
    } else {
      out[key] = v.optional(validator as Validator<any, "required", any>);
    }
  }
  return out;
}

export type CrudValue<F extends PropertyValidators> = ObjectType<F>;
export type { Infer, DataModel };
