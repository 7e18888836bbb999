/**
 * One year beside another, per lecturer (by profile, so a person is one row
 * across years) or per module: hours, FTE and contract, students, who
 * teaches it, and the differences. The one comparison of the product: the
 * comparison view pages through it (`compare`), and the reports issue's
 * year-comparison report calls `compareYearsPage` from its own queries.
 *
 * Each row says why its hours moved (`changes`, in words, largest first):
 * per module the lecturer teaches, the hours in each year and what differs
 * (students, assessment, first-time preparation, share, override, a module
 * only in one year), admin duties not carried (one-off ones), and the
 * allowances that follow FTE and contract; a module row, its students and
 * assessments. The figures are the engine's stored ones, never recomputed:
 * the reasons only name which stored inputs differ.
 *
 * It reads only through `ctx.db`, a page at a time (convex-helpers' stream,
 * so a caller may take several pages in one function), and keeps to what
 * the caller may see (decisions.md, "Scope"): with an `access`, a scoped
 * reader gets the lecturer rows of their departments and teams; the module
 * rows of their departments in full; and, since an allocation is readable
 * from either side, a row for any other module their departments' or teams'
 * lecturers teach, whose hours and teachers cover those lecturers only
 * (`partial` says so).
 */
import { stream } from "convex-helpers/server/stream";
import { paginationOptsValidator, paginationResultValidator, type GenericDatabaseReader } from "convex/server";
import { v, type Infer } from "convex/values";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { Access } from "../lib/access";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgQuery } from "../lib/functions";
import { adminAllocationHours, cleanHours, effectiveHours } from "../lib/workload";
import { formatHoursText } from "../reports/model";
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
  /** Why the hours (or students) differ, in words, largest first; empty when nothing moved. */
  changes: v.array(v.string()),
  /** Set when the row covers part of what the year holds (a scoped reader's module of another department), and why. */
  partial: v.optional(v.string()),
});
export type ComparisonRow = Infer<typeof vComparisonRow>;

/** Rows per page at most: a module row reads its iterations, allocations and their lecturers. */
export const COMPARISON_MAX_PAGE = 50;
/** Names (or codes) listed per side; the rest are counted in `teaching_more`. */
const TEACHING_LISTED = 8;
/** Reasons listed per row; the rest are counted in one last line. */
const CHANGES_LISTED = 5;
/** A difference smaller than this is the stored hours' rounding, not a change. */
const CHANGE_MIN_HOURS = 0.05;

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
          ...listed(new Set((await names.teachingOf(t.lecturer_id)).keys())),
        };
      const r = row("lecturer", profile._id, profile.full_name, undefined, department, await names.department(department), await side(a), await side(b));
      if (a && b) r.changes = await lecturerChanges(names, a, b, to.name);
      out.push(r);
    }
    return { rows: out, cursor: page.isDone ? null : page.continueCursor, isDone: page.isDone };
  }

  const page = await rows
    .query("modules")
    .withIndex("by_organisation_id", (q) => q.eq("organisation_id", from.organisation_id))
    .paginate(opts);
  for (const module of page.page) {
    if (module.deleted_at !== undefined) continue;
    // Another department's module: only the allocations of the reader's own lecturers count (either side may read an allocation).
    const whole = inScope(module.department_id);
    const counts = whole
      ? undefined
      : async (a: Doc<"module_allocations">) => {
          const lecturer = await names.lecturerDoc(a.lecturer_id);
          return inScope(a.lecturer_department_id ?? lecturer?.department_id, lecturer?.team_id);
        };
    const a = await moduleYear(ctx.db, names, module._id, from._id, counts);
    const b = await moduleYear(ctx.db, names, module._id, to._id, counts);
    if (!a && !b) continue;
    if (!whole && !a?.counted && !b?.counted) continue;
    const departmentName = await names.department(module.department_id);
    const r = row("module", module._id, module.title, module.code, module.department_id, departmentName, a && a.figures, b && b.figures);
    if (a && b) r.changes = moduleChanges(a, b, to.name);
    if (!whole) {
      r.partial = `${departmentName ?? "Another department"} runs this module: its hours and teachers here are your ${scopeWord(scope)} lecturers' only.`;
    }
    out.push(r);
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
    changes: [],
  };
}

function scopeWord(scope: { departments: Set<string>; teams: Set<string> } | null): string {
  if (!scope) return "organisation's";
  if (scope.departments.size === 0) return scope.teams.size > 1 ? "teams'" : "team's";
  if (scope.teams.size === 0) return scope.departments.size > 1 ? "departments'" : "department's";
  return "departments' and teams'";
}

const hoursText = (h: number) => formatHoursText(cleanHours(h));
const signed = (h: number) => `${h > 0 ? "+" : h < 0 ? "−" : ""}${hoursText(Math.abs(h))}`;

/** The reasons, largest first, capped, with what is left counted. */
function ranked(reasons: { size: number; text: string }[]): string[] {
  const sorted = reasons.filter((r) => r.text).sort((x, y) => Math.abs(y.size) - Math.abs(x.size));
  const shown = sorted.slice(0, CHANGES_LISTED).map((r) => r.text);
  if (sorted.length > CHANGES_LISTED) shown.push(`and ${sorted.length - CHANGES_LISTED} more change${sorted.length - CHANGES_LISTED === 1 ? "" : "s"}`);
  return shown;
}

const CATEGORY_WORDS: Record<string, string> = {
  teaching: "teaching",
  marking: "marking",
  preparation: "preparation",
  leadership: "leadership",
  admin: "admin",
  research: "research",
};

/**
 * Why a lecturer's hours differ between the years: module by module (the
 * same iteration code in both years), then admin duties, then what is left
 * (the contract's allowances, which follow FTE and family).
 */
async function lecturerChanges(names: Names, a: Doc<"lecturer_year_totals">, b: Doc<"lecturer_year_totals">, toName: string): Promise<string[]> {
  if (Math.abs(b.allocated_hours - a.allocated_hours) < CHANGE_MIN_HOURS && a.fte === b.fte) return [];
  const reasons: { size: number; text: string }[] = [];
  const [ta, tb] = [await names.teachingOf(a.lecturer_id), await names.teachingOf(b.lecturer_id)];
  let explained = 0;
  for (const code of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(code);
    const y = tb.get(code);
    const before = x?.hours ?? 0;
    const after = y?.hours ?? 0;
    const d = cleanHours(after - before);
    if (Math.abs(d) < CHANGE_MIN_HOURS) continue;
    explained += d;
    if (!x) {
      reasons.push({ size: d, text: `${code}: new in ${toName} (${signed(d)})` });
      continue;
    }
    if (!y) {
      reasons.push({ size: d, text: `${code}: not taught in ${toName} (${signed(d)})` });
      continue;
    }
    const why: string[] = [];
    const moved = Object.keys(CATEGORY_WORDS)
      .map((c) => [c, x.categories[c] ?? 0, y.categories[c] ?? 0] as const)
      .filter(([, p, q]) => Math.abs(q - p) >= CHANGE_MIN_HOURS)
      .map(([c, p, q]) => `${CATEGORY_WORDS[c]} ${hoursText(p)} → ${hoursText(q)}`);
    const [sa, sb] = [await names.assessmentsOf(x.iteration._id), await names.assessmentsOf(y.iteration._id)];
    if (sa !== sb) why.push(`assessment ${sa || "none"} → ${sb || "none"}`);
    if (x.iteration.student_count !== y.iteration.student_count) why.push(`${x.iteration.student_count} → ${y.iteration.student_count} students`);
    if (x.firstTime && !y.firstTime) why.push("first-time preparation not repeated");
    if (x.shares !== y.shares) why.push(`shares ${x.shares} → ${y.shares}`);
    if (x.overrides !== y.overrides) why.push("hours set by hand in one year only");
    reasons.push({ size: d, text: `${code}: ${hoursText(before)} → ${hoursText(after)} (${[...moved, ...why].join("; ")})` });
  }
  const [aa, ab] = [await names.adminOf(a), await names.adminOf(b)];
  const adminDelta = cleanHours(ab.hours - aa.hours);
  if (Math.abs(adminDelta) >= CHANGE_MIN_HOURS) {
    explained += adminDelta;
    const oneOff = aa.rows.filter((r) => !r.recurring);
    reasons.push({
      size: adminDelta,
      text:
        oneOff.length > 0
          ? `Admin duties ${hoursText(aa.hours)} → ${hoursText(ab.hours)}: one-off duties are not carried (${(await Promise.all(oneOff.map((r) => names.adminName(r)))).join(", ")})`
          : `Admin duties ${hoursText(aa.hours)} → ${hoursText(ab.hours)}`,
    });
  }
  const rest = cleanHours(b.allocated_hours - a.allocated_hours - explained);
  if (Math.abs(rest) >= CHANGE_MIN_HOURS || a.fte !== b.fte) {
    const research = cleanHours((b.category_hours.research ?? 0) - (a.category_hours.research ?? 0));
    const parts = [a.fte !== b.fte ? `FTE ${a.fte} → ${b.fte}` : "", a.contract_family !== b.contract_family ? "another contract family" : ""].filter(Boolean);
    reasons.push({
      size: rest,
      text:
        Math.abs(rest) >= CHANGE_MIN_HOURS
          ? `Allowances ${signed(rest)}${Math.abs(research) >= CHANGE_MIN_HOURS ? ` (research ${hoursText(a.category_hours.research)} → ${hoursText(b.category_hours.research)})` : ""}${parts.length ? `: ${parts.join(", ")}` : ""}`
          : parts.join(", "),
    });
  }
  return ranked(reasons);
}

/** Why a module's students or hours differ between the years, iteration by iteration. */
function moduleChanges(a: ModuleYear, b: ModuleYear, toName: string): string[] {
  const reasons: { size: number; text: string }[] = [];
  for (const code of new Set([...a.iterations.keys(), ...b.iterations.keys()])) {
    const x = a.iterations.get(code);
    const y = b.iterations.get(code);
    if (!x || !y) {
      reasons.push({ size: (y?.hours ?? 0) - (x?.hours ?? 0), text: `${code}: ${x ? `not run in ${toName}` : `new in ${toName}`}` });
      continue;
    }
    const why: string[] = [];
    if (x.assessments !== y.assessments) why.push(`assessment ${x.assessments || "none"} → ${y.assessments || "none"}`);
    if (x.students !== y.students) why.push(`${x.students} → ${y.students} students`);
    if (Math.abs(y.hours - x.hours) >= CHANGE_MIN_HOURS) why.unshift(`${hoursText(x.hours)} → ${hoursText(y.hours)}`);
    if (why.length) reasons.push({ size: y.hours - x.hours || y.students - x.students, text: `${code}: ${why.join("; ")}` });
  }
  return ranked(reasons);
}

function listed(items: Set<string>) {
  const sorted = [...items].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { teaching: sorted.slice(0, TEACHING_LISTED), teaching_more: Math.max(0, sorted.length - TEACHING_LISTED) };
}

type ModuleYear = {
  figures: YearFigures;
  /** Allocations that count for the reader (all of them unless the row is partial). */
  counted: number;
  iterations: Map<string, { hours: number; students: number; assessments: string }>;
};

/** A module in one year: its iterations' students, their allocations' hours and who holds them (those that `counts`, if given). */
async function moduleYear(
  db: Reader,
  names: Names,
  moduleId: Id<"modules">,
  yearId: Id<"academic_years">,
  counts?: (a: Doc<"module_allocations">) => Promise<boolean>,
): Promise<ModuleYear | null> {
  const iterations = await db
    .query("module_iterations")
    .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", moduleId).eq("academic_year_id", yearId))
    .collect();
  if (iterations.length === 0) return null;
  let hours = 0;
  let students = 0;
  let counted = 0;
  const teachers = new Set<string>();
  const perIteration: ModuleYear["iterations"] = new Map();
  const live = iterations.filter((i) => i.deleted_at === undefined);
  if (live.length === 0) return null;
  for (const iteration of live) {
    students += iteration.student_count;
    let own = 0;
    const allocations = await db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect();
    for (const a of allocations) {
      if (a.deleted_at !== undefined || (counts && !(await counts(a)))) continue;
      counted += 1;
      own += effectiveHours(a);
      teachers.add(await names.lecturer(a.lecturer_id));
    }
    hours += own;
    perIteration.set(iteration.code, { hours: cleanHours(own), students: iteration.student_count, assessments: await names.assessmentsOf(iteration._id) });
  }
  return { figures: { hours: cleanHours(hours), iterations: live.length, students, ...listed(teachers) }, counted, iterations: perIteration };
}

/** What a lecturer teaches in one iteration (by its code) that year: hours, per category, and the inputs a change can come from. */
type Taught = {
  iteration: Doc<"module_iterations">;
  hours: number;
  categories: Record<string, number>;
  firstTime: boolean;
  /** Shares by allocation type, e.g. "contact 50%, marking 50%". */
  shares: string;
  /** Allocation types whose hours were set by hand. */
  overrides: string;
};

/** Names read once per page. */
class Names {
  private departments = new Map<string, Promise<string | undefined>>();
  private lecturers = new Map<string, Promise<string>>();
  private lecturerDocs = new Map<string, Promise<Doc<"lecturers"> | null>>();
  private iterationDocs = new Map<string, Promise<Doc<"module_iterations"> | null>>();
  private allocationTypes = new Map<string, Promise<Doc<"allocation_types"> | null>>();
  private assessmentTypes = new Map<string, Promise<Doc<"assessment_types"> | null>>();
  private assessments = new Map<string, Promise<string>>();
  private adminCategories = new Map<string, Promise<Doc<"admin_allocation_categories"> | null>>();
  private teaching = new Map<string, Promise<Map<string, Taught>>>();
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
      hit = this.lecturerDoc(id).then(async (l) => (l ? ((await this.db.get(l.profile_id))?.full_name ?? "Unknown lecturer") : "Unknown lecturer"));
      this.lecturers.set(id, hit);
    }
    return hit;
  }

  lecturerDoc(id: Id<"lecturers">) {
    return memo(this.lecturerDocs, id, () => this.db.get(id));
  }

  /** The assessments of an iteration, as people name them ("Exam 60%, Coursework 40%"). */
  assessmentsOf(iterationId: Id<"module_iterations">): Promise<string> {
    return memo(this.assessments, iterationId, async () => {
      const rows = await this.db.query("module_iteration_assessments").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId)).collect();
      const parts: string[] = [];
      for (const r of rows) {
        if (r.deleted_at !== undefined) continue;
        const type = await memo(this.assessmentTypes, r.assessment_type_id, () => this.db.get(r.assessment_type_id));
        parts.push(rows.length > 1 ? `${type?.name ?? r.name} ${r.weighting}%` : (type?.name ?? r.name));
      }
      return parts.sort().join(", ");
    });
  }

  /** What a lecturer teaches that year, per iteration code. */
  teachingOf(lecturerId: Id<"lecturers">): Promise<Map<string, Taught>> {
    return memo(this.teaching, lecturerId, async () => {
      const allocations = await this.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturerId)).collect();
      const out = new Map<string, Taught & { shareList: string[]; overrideList: string[] }>();
      for (const a of allocations) {
        if (a.deleted_at !== undefined) continue;
        const iteration = await memo(this.iterationDocs, a.module_iteration_id, () => this.db.get(a.module_iteration_id));
        if (!iteration) continue;
        const type = await memo(this.allocationTypes, a.allocation_type_id, () => this.db.get(a.allocation_type_id));
        const t = out.get(iteration.code) ?? { iteration, hours: 0, categories: {}, firstTime: false, shares: "", overrides: "", shareList: [], overrideList: [] };
        const hours = effectiveHours(a);
        t.hours = cleanHours(t.hours + hours);
        t.categories[a.work_category] = cleanHours((t.categories[a.work_category] ?? 0) + hours);
        t.firstTime ||= a.first_time;
        const typeName = type?.code ?? "allocation";
        t.shareList.push(`${typeName} ${a.share}%`);
        if (a.hours_override !== undefined) t.overrideList.push(typeName);
        out.set(iteration.code, t);
      }
      return new Map(
        [...out].map(([code, { shareList, overrideList, ...t }]) => [code, { ...t, shares: shareList.sort().join(", "), overrides: overrideList.sort().join(", ") }]),
      );
    });
  }

  /** An admin duty as people name it: its description, else its category's name. */
  async adminName(row: Doc<"admin_allocations">): Promise<string> {
    if (row.description) return row.description;
    const category = await memo(this.adminCategories, row.category_id, () => this.db.get(row.category_id));
    return category?.name ?? "an admin duty";
  }

  /** A lecturer's admin duties that year and their hours (the engine's rule: hours, else a share of the contract). */
  async adminOf(totals: Doc<"lecturer_year_totals">): Promise<{ hours: number; rows: Doc<"admin_allocations">[] }> {
    const rows = (await this.db.query("admin_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", totals.lecturer_id)).collect()).filter(
      (r) => r.deleted_at === undefined,
    );
    return { hours: cleanHours(rows.reduce((n, r) => n + adminAllocationHours({ hours: r.hours, percent_of_contract: r.percent_of_contract, work_category: "admin" }, totals.contract_hours), 0)), rows };
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = load();
    cache.set(key, hit);
  }
  return hit;
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
