/**
 * The one way to list a table within the caller's scope so that the list
 * reads what it returns: for an organisation-wide grant, the organisation's
 * index; for a scoped one, the place index (department, team, and for an
 * allocation also the lecturer's department and team) once per department
 * and team in scope, merged in creation order with each row read once.
 * crud's lists, the dashboards, the audit trail and any domain list use it.
 *
 *   const rows = await scopedList(ctx, "lecturers", { academicYearId }).collect();
 *   const page = await scopedList(ctx, "admin_allocations", { academicYearId }).paginate(opts);
 *
 * Rows read still pass the scoped `ctx.db` (visibility is checked twice, never skipped).
 */
import { mergedStream, stream, type QueryStream } from "convex-helpers/server/stream";
import type { PaginationOptions, PaginationResult } from "convex/server";
import type { Doc, Id, TableNames } from "../_generated/dataModel";
import schema from "../schema";
import type { Access } from "./access";
import type { Permission } from "./permissions";
import { TABLE_SCOPES } from "./scope";

type Ctx = { db: any; dbWithDeleted: any; access: Access; organisationId: Id<"organisations"> };

export type ListOptions = {
  academicYearId?: Id<"academic_years">;
  /** Whose scope applies: by default the table's view permissions (a dashboard passes `allocations.view`). */
  permissions?: readonly Permission[];
  includeDeleted?: boolean;
  /** Default ascending, as a query's. */
  order?: "asc" | "desc";
  /** The field after the equality prefix the list is ordered by (default creation time). */
  orderField?: string;
  /** Bounds on `orderField` (e.g. an audit trail's date range). */
  range?: { gte?: number; lte?: number };
  /** Only rows of these departments, or of this team (a dashboard's filter), read by their index too. */
  within?: { departments?: readonly string[]; team?: string };
  /** Only the table's first place counts (an allocation's module department, for coverage of modules). */
  homePlaceOnly?: boolean;
};

/** What a list gives back: the usual query endings. */
export type ScopedList<T> = {
  collect(): Promise<T[]>;
  take(n: number): Promise<T[]>;
  first(): Promise<T | null>;
  paginate(opts: PaginationOptions): Promise<PaginationResult<T>>;
};

type Index = { indexDescriptor: string; fields: string[] };
const indexesOf = (table: TableNames): Index[] => (schema.tables[table] as any)[" indexes"]();

function findIndex(table: TableNames, prefix: string[], orderField?: string): Index {
  // Without an order field the index must be exactly the prefix, so rows come in creation order.
  const index = indexesOf(table).find(
    (i) =>
      prefix.every((f, n) => i.fields[n] === f) &&
      (orderField === undefined ? i.fields.length === prefix.length : i.fields[prefix.length] === orderField),
  );
  if (!index) throw new Error(`scopedList: ${table} has no index on [${[...prefix, orderField ?? ""].join(", ")}]`);
  return index;
}

function applyRange(q: any, field: string | undefined, range: ListOptions["range"]) {
  if (!field || !range) return q;
  if (range.gte !== undefined) q = q.gte(field, range.gte);
  if (range.lte !== undefined) q = q.lte(field, range.lte);
  return q;
}

/** The organisation-wide list of `table` (year and range applied). */
function organisationList(ctx: Ctx, table: TableNames, db: any, o: ListOptions) {
  const prefix = o.academicYearId ? ["organisation_id", "academic_year_id"] : ["organisation_id"];
  const index = findIndex(table, prefix, o.orderField);
  return db
    .query(table)
    .withIndex(index.indexDescriptor, (q: any) => {
      let r = q.eq("organisation_id", ctx.organisationId);
      if (o.academicYearId) r = r.eq("academic_year_id", o.academicYearId);
      return applyRange(r, o.orderField, o.range);
    })
    .order(o.order ?? "asc");
}

/** Streams of rows at each in-scope place (`keys`), each row emitted by the first key it matches. */
export function placeStreams(
  db: any,
  table: TableNames,
  keys: { field: string; value: string }[],
  o: Pick<ListOptions, "academicYearId" | "order" | "orderField" | "range">,
): QueryStream<any>[] {
  return keys.map((key, k) => {
    const prefix = o.academicYearId ? [key.field, "academic_year_id"] : [key.field];
    const index = findIndex(table, prefix, o.orderField);
    const earlier = keys.slice(0, k);
    return stream(db, schema)
      .query(table)
      .withIndex(index.indexDescriptor as any, (q: any) => {
        let r = q.eq(key.field, key.value);
        if (o.academicYearId) r = r.eq("academic_year_id", o.academicYearId);
        return applyRange(r, o.orderField, o.range);
      })
      .order(o.order ?? "asc")
      .filterWith(async (doc: any) => !earlier.some((e) => doc[e.field] === e.value));
  });
}

/** Merges streams into one list in `orderField` order; an empty list when there are none. */
export function mergeStreams<T>(streams: QueryStream<any>[], orderField = "_creationTime"): ScopedList<T> {
  if (streams.length === 0) {
    return {
      collect: async () => [],
      take: async () => [],
      first: async () => null,
      paginate: async () => ({ page: [], isDone: true, continueCursor: "" }),
    };
  }
  return mergedStream(streams, [orderField]) as unknown as ScopedList<T>;
}

export function scopedList<T extends TableNames>(ctx: Ctx, table: T, o: ListOptions = {}): ScopedList<Doc<T>> {
  const db = o.includeDeleted ? ctx.dbWithDeleted : ctx.db;
  const scope = TABLE_SCOPES[table];
  const placed = scope.kind === "placed" || scope.kind === "derived";
  const view = o.permissions ?? (placed && scope.view !== "member" ? scope.view : null);
  const reach = placed && view ? ctx.access.scopeOfAny(view) : null;
  const within = placed ? o.within : undefined;
  if (!placed || (!reach && !within?.departments && !within?.team)) return organisationList(ctx, table, db, o);
  const home = scope.places[0];
  const keys: { field: string; value: string }[] = [];
  if (!reach) {
    // Everywhere, narrowed by the filter: read by the filter's index.
    if (within?.team && home.team) keys.push({ field: home.team, value: within.team });
    else if (within?.departments && home.department) for (const d of within.departments) keys.push({ field: home.department, value: d });
  } else {
    for (const place of o.homePlaceOnly ? [home] : scope.places) {
      if (place.department) for (const d of reach.departments) keys.push({ field: place.department, value: d });
      if (place.team) for (const t of reach.teams) keys.push({ field: place.team, value: t });
    }
  }
  let streams = placeStreams(db, table, keys, o);
  if (reach && within) {
    const inFilter = (doc: any) =>
      (!within.team || (home.team && doc[home.team] === within.team)) &&
      (!within.departments || (home.department && within.departments.includes(doc[home.department])));
    streams = streams.map((s) => s.filterWith(async (doc: any) => !!inFilter(doc)));
  }
  return mergeStreams<Doc<T>>(streams, o.orderField ?? "_creationTime");
}
