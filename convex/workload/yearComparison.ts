/**
 * One year beside another, per lecturer (by profile, so a person is one row
 * across years) or per module: hours, FTE and contract, students, who
 * teaches it, and the differences. The one comparison of the product: the
 * comparison view pages through it (`compare`), and the reports issue's
 * year-comparison report calls `compareYearsPage` from its own queries.
 *
 * It reads only through `ctx.db`, a page at a time (convex-helpers' stream,
 * so a caller may take several pages in one function), and keeps to what
 * the caller may see: with an `access`, a scoped reader gets the rows of
 * their departments and teams only. Figures come from the stored, engine-
 * computed hours (lecturer totals rows, allocation hours), never recomputed.
 */
import { stream } from "convex-helpers/server/stream";
import { paginationOptsValidator, paginationResultValidator, type GenericDatabaseReader } from "convex/server";
import { v, type Infer } from "convex/values";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { Access } from "../lib/access";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgQuery } from "../lib/functions";
import { cleanHours, effectiveHours } from "../lib/workload";
import schema from "../schema";

type Reader = GenericDatabaseReader<DataModel>;

export const vCompareBy = v.union(v.literal("lecturer"), v.literal("module"));
export type CompareBy = Infer<typeof vCompareBy>;

/** One side of a row: what the year holds for this lecturer or module. */
export const vYearFigures = v.object({
  hours: v.number(),
  /** Lecturer: FTE, contract hours, allocated / contract and its band. */
  fte: v.optional(v.number()),
  contract_hours: v.optional(v.number()),
  utilisation: v.optional(v.number()),
  band: v.optional(v.string()),
  /** Module: iterations and students (the sum over its iterations). */
  iterations: v.optional(v.number()),
  students: v.optional(v.number()),
  /** Who teaches it (module) or what they teach (lecturer: iteration codes), sorted, capped. */
  teaching: v.array(v.string()),
  teaching_more: v.number(),
});
export type YearFigures = Infer<typeof vYearFigures>;

export const vComparisonRow = v.object({
  by: vCompareBy,
  /** The profile's or module's id. */
  key: v.string(),
  name: v.string(),
  code: v.optional(v.string()),
  department_id: v.optional(v.id("departments")),
  department_name: v.optional(v.string()),
  from: v.union(vYearFigures, v.null()),
  to: v.union(vYearFigures, v.null()),
  /** "both", or in one year only: a lecturer who joined or left, a module new or dropped. */
  presence: v.union(v.literal("both"), v.literal("from_only"), v.literal("to_only")),
  delta: v.object({ hours: v.number(), fte: v.optional(v.number()), students: v.optional(v.number()) }),
});
export type ComparisonRow = Infer<typeof vComparisonRow>;

/** Rows per page at most: a module row reads its iterations, allocations and their lecturers. */
export const COMPARISON_MAX_PAGE = 50;
/** Names (or codes) listed per side; the rest are counted in `teaching_more`. */
const TEACHING_LISTED = 8;

export type CompareArgs = {
  fromYearId: Id<"academic_years">;
  toYearId: Id<"academic_years">;
  by: CompareBy;
  cursor: string | null;
  numItems: number;
  /** For reactive paging (usePaginatedQuery): where an already-loaded page ends. */
  endCursor?: string | null;
};

/** A page of the comparison. Rows outside the caller's scope, or in neither year, are left out of the page. */
export async function compareYearsPage(
  ctx: { db: Reader; access?: Pick<Access, "scope"> },
  args: CompareArgs,
): Promise<{ rows: ComparisonRow[]; cursor: string | null; isDone: boolean }> {
  const numItems = Math.max(1, Math.min(COMPARISON_MAX_PAGE, Math.floor(args.numItems)));
  const from = await ctx.db.get(args.fromYearId);
  const to = await ctx.db.get(args.toYearId);
  if (!from || !to) throw appError("NOT_FOUND", "One of the years to compare does not exist or has been deleted.");
  const scope = ctx.access ? ctx.access.scope("allocations.view") : null;
  const inScope = (department?: Id<"departments">, team?: Id<"teams">) =>
    scope === null || (!!department && scope.departments.has(department)) || (!!team && scope.teams.has(team));
  const names = new Names(ctx.db);
  const rows = stream(ctx.db, schema);
  const out: ComparisonRow[] = [];
  const opts = { cursor: args.cursor, numItems, endCursor: args.endCursor ?? undefined };

  if (args.by === "lecturer") {
    const page = await rows
      .query("lecturer_profiles")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", from.organisation_id))
      .paginate(opts);
    for (const profile of page.page) {
      if (profile.deleted_at !== undefined) continue; // a raw reader (internal callers) sees deleted rows too
      const totals = await ctx.db.query("lecturer_year_totals").withIndex("by_profile_id", (q) => q.eq("profile_id", profile._id)).collect();
      const a = totals.find((t) => t.academic_year_id === from._id) ?? null;
      const b = totals.find((t) => t.academic_year_id === to._id) ?? null;
      if (!a && !b) continue;
      if (!inScope(a?.department_id, a?.team_id) && !inScope(b?.department_id, b?.team_id)) continue;
      const department = b?.department_id ?? a?.department_id;
      const side = async (t: Doc<"lecturer_year_totals"> | null): Promise<YearFigures | null> =>
        t && {
          hours: t.allocated_hours,
          fte: t.fte,
          contract_hours: t.contract_hours,
          utilisation: t.utilisation,
          band: t.band,
          ...listed(await names.taughtBy(t.lecturer_id)),
        };
      out.push(row("lecturer", profile._id, profile.full_name, undefined, department, await names.department(department), await side(a), await side(b)));
    }
    return { rows: out, cursor: page.isDone ? null : page.continueCursor, isDone: page.isDone };
  }

  const page = await rows
    .query("modules")
    .withIndex("by_organisation_id", (q) => q.eq("organisation_id", from.organisation_id))
    .paginate(opts);
  for (const module of page.page) {
    if (module.deleted_at !== undefined || !inScope(module.department_id)) continue;
    const a = await moduleYear(ctx.db, names, module._id, from._id);
    const b = await moduleYear(ctx.db, names, module._id, to._id);
    if (!a && !b) continue;
    out.push(row("module", module._id, module.title, module.code, module.department_id, await names.department(module.department_id), a, b));
  }
  return { rows: out, cursor: page.isDone ? null : page.continueCursor, isDone: page.isDone };
}

function row(
  by: CompareBy,
  key: string,
  name: string,
  code: string | undefined,
  department_id: Id<"departments"> | undefined,
  department_name: string | undefined,
  from: YearFigures | null,
  to: YearFigures | null,
): ComparisonRow {
  const diff = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : cleanHours((y ?? 0) - (x ?? 0)));
  return {
    by,
    key,
    name,
    code,
    department_id,
    department_name,
    from,
    to,
    presence: from && to ? "both" : from ? "from_only" : "to_only",
    delta: {
      hours: cleanHours((to?.hours ?? 0) - (from?.hours ?? 0)),
      fte: by === "lecturer" ? diff(from?.fte, to?.fte) : undefined,
      students: by === "module" ? diff(from?.students, to?.students) : undefined,
    },
  };
}

function listed(items: Set<string>) {
  const sorted = [...items].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { teaching: sorted.slice(0, TEACHING_LISTED), teaching_more: Math.max(0, sorted.length - TEACHING_LISTED) };
}

/** A module in one year: its iterations' students, their allocations' hours and who holds them. */
async function moduleYear(db: Reader, names: Names, moduleId: Id<"modules">, yearId: Id<"academic_years">): Promise<YearFigures | null> {
  const iterations = await db
    .query("module_iterations")
    .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", moduleId).eq("academic_year_id", yearId))
    .collect();
  if (iterations.length === 0) return null;
  let hours = 0;
  let students = 0;
  const teachers = new Set<string>();
  const live = iterations.filter((i) => i.deleted_at === undefined);
  if (live.length === 0) return null;
  for (const iteration of live) {
    students += iteration.student_count;
    const allocations = await db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect();
    for (const a of allocations) {
      if (a.deleted_at !== undefined) continue;
      hours += effectiveHours(a);
      teachers.add(await names.lecturer(a.lecturer_id));
    }
  }
  return { hours: cleanHours(hours), iterations: live.length, students, ...listed(teachers) };
}

/** Names read once per page. */
class Names {
  private departments = new Map<string, Promise<string | undefined>>();
  private lecturers = new Map<string, Promise<string>>();
  constructor(private readonly db: Reader) {}

  department(id: Id<"departments"> | undefined) {
    if (!id) return Promise.resolve(undefined);
    let hit = this.departments.get(id);
    if (!hit) {
      hit = this.db.get(id).then((d) => d?.name);
      this.departments.set(id, hit);
    }
    return hit;
  }

  lecturer(id: Id<"lecturers">) {
    let hit = this.lecturers.get(id);
    if (!hit) {
      hit = this.db.get(id).then(async (l) => (l ? ((await this.db.get(l.profile_id))?.full_name ?? "Unknown lecturer") : "Unknown lecturer"));
      this.lecturers.set(id, hit);
    }
    return hit;
  }

  /** The iteration codes a lecturer teaches that year. */
  async taughtBy(lecturerId: Id<"lecturers">): Promise<Set<string>> {
    const allocations = await this.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturerId)).collect();
    const codes = new Set<string>();
    const seen = new Set<string>();
    for (const a of allocations) {
      if (a.deleted_at !== undefined || seen.has(a.module_iteration_id)) continue;
      seen.add(a.module_iteration_id);
      const iteration = await this.db.get(a.module_iteration_id);
      if (iteration) codes.add(iteration.code);
    }
    return codes;
  }
}

/** The comparison view: a page of rows, for `usePaginatedQuery`. */
export const compare = orgQuery({
  permission: "allocations.view",
  args: { fromYearId: v.id("academic_years"), toYearId: v.id("academic_years"), by: vCompareBy, paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(vComparisonRow),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.fromYearId, "academic year");
    await getOrThrow(ctx.db, args.toYearId, "academic year");
    if (args.fromYearId === args.toYearId) throw appError("INVALID_ARGUMENT", "Choose two different years to compare.");
    const page = await compareYearsPage(ctx, {
      fromYearId: args.fromYearId,
      toYearId: args.toYearId,
      by: args.by,
      cursor: args.paginationOpts.cursor,
      numItems: args.paginationOpts.numItems,
      endCursor: args.paginationOpts.endCursor,
    });
    return { page: page.rows, isDone: page.isDone, continueCursor: page.cursor ?? "" };
  },
});
