/**
 * One implementation of list / all / get / create / update / remove / restore
 * for the many tables that are plain records of the organisation (faculties,
 * sites, courses, modules...). Each domain file declares its table, its
 * editable fields, its view permission and its domain checks; the function
 * layer does the rest for every table alike (lib/scope.ts, lib/scopedDb.ts):
 * the edit permission and where it reaches, references (same organisation,
 * live, same year), place fields, refusing a delete while other rows depend
 * on the row, and re-checking a restore. Lists read only the caller's scope
 * (lib/lists.ts). Versioned rows take the version their editor saw.
 *
 *   export const { list, all, get, create, update, remove, restore } = crud({
 *     table: "sites", label: "site", view: "structure.view",
 *     fields: { name: v.string(), code: v.string(), address: v.optional(v.string()) },
 *   });
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v, type Infer, type ObjectType, type PropertyValidators, type Validator } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import { checkVersion, getOrThrow, restore as restoreRow, softDelete } from "./db";
import { appError } from "./errors";
import { orgMutation, orgQuery, type OrgMutationCtx, type OrgQueryCtx } from "./functions";
import { scopedList } from "./lists";
import type { Permission } from "./permissions";
import { TABLE_SCOPES } from "./scope";

export type CrudConfig<T extends TableNames, F extends PropertyValidators> = {
  table: T;
  label: string;
  /** The permission a list or read needs (the table's edit permission comes from lib/scope.ts). */
  view: Permission;
  fields: F;
  /** Rows belong to one academic year (`academic_year_id`): lists take the year. */
  yearScoped?: boolean;
  /** Rows carry `version`; updates must name the version the editor saw. */
  versioned?: boolean;
  /** Domain rules beyond the validators (uniqueness, ranges); throw appError. Run on create, update and restore. */
  validate?: (ctx: OrgMutationCtx, value: Record<string, any>, existing: Doc<T> | null) => Promise<void>;
  /** Sort for `all` (in-memory; reference lists are small). */
  sortBy?: string;
  /** Values every new row starts with (not editable: e.g. a role is never created built-in). */
  defaults?: Record<string, unknown>;
  /** Refuses a delete the domain forbids (a built-in role); dependents are refused by the layer. */
  beforeRemove?: (ctx: OrgMutationCtx, existing: Doc<T>) => Promise<void>;
};

/**
 * Most lists name what they are; `all` serves dropdowns and is capped: past
 * the cap it refuses, naming the paged `list`, rather than return part of
 * the rows as if they were all.
 */
export const ALL_LIMIT = 2000;

/** The permission that changes rows of `table`, as lib/scope.ts declares it. */
export function editPermission(table: TableNames): Permission {
  const scope = TABLE_SCOPES[table];
  if (scope.kind !== "organisation" && scope.kind !== "placed") throw new Error(`crud(): ${table} is not written by functions`);
  return scope.edit;
}

export function crud<T extends TableNames, F extends PropertyValidators>(config: CrudConfig<T, F>) {
  const { table, label, view, fields } = config;
  const edit = editPermission(table);
  // Typed as the table's document so clients keep Doc<T> (convex-helpers' doc() widens over the generic T).
  const vRow = doc(schema, table) as unknown as Validator<Doc<T>, "required", any>;
  const yearArg: PropertyValidators = config.yearScoped ? { academicYearId: v.id("academic_years") } : {};
  const versionArg: PropertyValidators = config.versioned ? { expectedVersion: v.optional(v.number()) } : {};

  const list = orgQuery({
    permission: view,
    args: { ...yearArg, paginationOpts: paginationOptsValidator, includeDeleted: v.optional(v.boolean()) },
    returns: paginationResultValidator(vRow),
    handler: async (ctx: OrgQueryCtx, args: any) =>
      await scopedList(ctx, table, { academicYearId: args.academicYearId, includeDeleted: args.includeDeleted, order: "desc" }).paginate(
        args.paginationOpts,
      ),
  });

  const all = orgQuery({
    permission: view,
    args: { ...yearArg },
    returns: v.array(vRow),
    handler: async (ctx: OrgQueryCtx, args: any): Promise<Doc<T>[]> => {
      const rows = (await scopedList(ctx, table, { academicYearId: args.academicYearId }).take(ALL_LIMIT + 1)) as Doc<T>[];
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
      if (config.yearScoped) value.academic_year_id = academicYearId;
      await config.validate?.(ctx, value, null);
      const row: Record<string, any> = {
        ...config.defaults,
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
    args: { id: v.id(table), patch: v.object(clearablePatch(fields)), ...versionArg },
    returns: v.object({ version: v.optional(v.number()) }),
    handler: async (ctx: OrgMutationCtx, args: any): Promise<{ version?: number }> => {
      const existing = (await getOrThrow(ctx.db, args.id as Id<T>, label)) as any;
      if (config.versioned) checkVersion(existing, args.expectedVersion, label);
      // null clears an optional field (undefined cannot travel over the wire).
      const changes = Object.fromEntries(Object.entries(args.patch).map(([k, value]) => [k, value === null ? undefined : value]));
      const merged = { ...existing, ...changes };
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
      await config.beforeRemove?.(ctx, existing);
      await softDelete(ctx.db, args.id as Id<T>, ctx.now);
      return null;
    },
  });

  const restore = orgMutation({
    permission: edit,
    args: { id: v.id(table) },
    returns: v.null(),
    handler: async (ctx: OrgMutationCtx, args: any): Promise<null> => {
      const existing = (await getOrThrow(ctx.dbWithDeleted, args.id as Id<T>, label)) as any;
      if (existing.deleted_at !== undefined) await config.validate?.(ctx, { ...existing, deleted_at: undefined }, existing);
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
