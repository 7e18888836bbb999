/**
 * Dashboards of a year, filterable by faculty, department and team and
 * limited to what the caller may see. The overview and the team table read
 * the kept overview cells (about one per team, workload/overviewCells.ts)
 * and the top of the `load_rank` indexes; the lecturer lists read the live
 * totals rows (one per lecturer); none reads allocations. Coverage gaps read
 * the coverage rows of the iterations that have gaps (workload/coverage.ts).
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { orgQuery, type OrgQueryCtx } from "../lib/functions";
import { BANDS, cleanHours, DASHBOARD_TOP_N, histogramFromCounts, isOverBand } from "../lib/workload";
import { scopedList } from "../lib/lists";
import { vCoverageGap } from "../schema/reporting";
import { requireLecturerView } from "./allocations";
import { explainLecturer } from "./explain";
import { WorkloadLoader } from "./loader";
import { addTeamFigures, teamUtilisation, ZERO_TEAM, type TeamFigures } from "./teamFigures";
import {
  vAllocationExplanationCore,
  vDashboardFilters,
  vLecturerTotalExplanation,
  vLecturerTotalsRow,
  vTeamSummaryRow,
} from "./validators";

type Filters = {
  academicYearId: Id<"academic_years">;
  facultyId?: Id<"faculties">;
  departmentId?: Id<"departments">;
  teamId?: Id<"teams">;
};
type TotalsRow = Doc<"lecturer_year_totals">;

export const overview = orgQuery({
  permission: "allocations.view",
  args: vDashboardFilters,
  returns: v.object({
    lecturer_count: v.number(),
    total_contract_hours: v.number(),
    total_allocated_hours: v.number(),
    utilisation: v.number(),
    band_counts: v.array(v.object({ band: v.string(), count: v.number() })),
    histogram: v.array(v.object({ from: v.number(), to: v.union(v.number(), v.null()), label: v.string(), count: v.number() })),
    top_over: v.array(vLecturerTotalsRow),
    top_under: v.array(vLecturerTotalsRow),
    team_summaries: v.array(vTeamSummaryRow),
  }),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const view = await overviewView(ctx, args);
    const visible = await visibleCells(ctx, args, view);
    // The sums of the visible cells: people with no capacity and no work (on leave, sabbatical) are not in them.
    let cells = { lecturer_count: 0, contract: 0, allocated: 0, bands: new Map<string, number>(), histogram: [] as number[] };
    for (const cell of visible) {
      cells = {
        lecturer_count: cells.lecturer_count + cell.lecturer_count,
        contract: cleanHours(cells.contract + cell.total_contract_hours),
        allocated: cleanHours(cells.allocated + cell.total_allocated_hours),
        bands: new Map(BANDS.map((b) => [b, (cells.bands.get(b) ?? 0) + cell.band_counts[b]])),
        histogram: cell.histogram.map((n, i) => n + (cells.histogram[i] ?? 0)),
      };
    }
    return {
      lecturer_count: cells.lecturer_count,
      total_contract_hours: cells.contract,
      total_allocated_hours: cells.allocated,
      utilisation: cells.contract > 0 ? cells.allocated / cells.contract : 0,
      band_counts: BANDS.map((band) => ({ band, count: cells.bands.get(band) ?? 0 })),
      histogram: histogramFromCounts(cells.histogram),
      top_over: (await topByLoad(ctx, args, view, "busiest", (r) => isOverBand(r.band))).map(totalsView),
      top_under: (await topByLoad(ctx, args, view, "idlest", (r) => r.band === "under")).map(totalsView),
      team_summaries: teamRows(visible),
    };
  },
});

/** Every visible lecturer's totals for the filters (one row each), highest utilisation first. */
export const lecturers = orgQuery({
  permission: "allocations.view",
  args: vDashboardFilters,
  returns: v.array(vLecturerTotalsRow),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const rows = await visibleTotals(ctx, args);
    return rows.sort((a, b) => b.utilisation - a.utilisation || a.full_name.localeCompare(b.full_name)).map(totalsView);
  },
});

/** The same list a page at a time, by utilisation (highest first unless `ascending`), for very large years. */
export const lecturersPage = orgQuery({
  permission: "allocations.view",
  args: { ...vDashboardFilters, paginationOpts: paginationOptsValidator, ascending: v.optional(v.boolean()) },
  returns: v.object({
    page: v.array(vLecturerTotalsRow),
    isDone: v.boolean(),
    continueCursor: v.string(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(v.union(v.literal("SplitRecommended"), v.literal("SplitRequired"), v.null())),
  }),
  handler: async (ctx, args) => {
    const order = args.ascending ? ("asc" as const) : ("desc" as const);
    const within = await filterPlaces(ctx, args);
    const page =
      !within && ctx.access.scope("allocations.view") === null
        ? await ctx.db
            .query("lecturer_year_totals")
            .withIndex("by_academic_year_id_and_utilisation", (q) => q.eq("academic_year_id", args.academicYearId))
            .order(order)
            .paginate(args.paginationOpts)
        : await scopedList(ctx, "lecturer_year_totals", {
            academicYearId: args.academicYearId,
            permissions: ["allocations.view"],
            within,
            orderField: "utilisation",
            order,
          }).paginate(args.paginationOpts);
    return { ...page, page: page.page.filter((r) => matchesFilters(r, args)).map(totalsView) };
  },
});

/** The overview's team table alone. */
export const teamSummaryList = orgQuery({
  permission: "allocations.view",
  args: vDashboardFilters,
  returns: v.array(vTeamSummaryRow),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    return teamRows(await visibleCells(ctx, args, await overviewView(ctx, args)));
  },
});

/**
 * Iterations whose components are not shared out to 100%, and groups nobody
 * teaches, from the iterations' coverage rows (kept by triggers): the query
 * reads the iterations with gaps, not the year's iterations, groups and
 * allocations.
 */
export const coverageGaps = orgQuery({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years"), facultyId: v.optional(v.id("faculties")), departmentId: v.optional(v.id("departments")) },
  returns: v.array(
    v.object({
      iteration_id: v.id("module_iterations"),
      iteration_code: v.string(),
      module_title: v.string(),
      unallocated: v.boolean(),
      gaps: v.array(vCoverageGap),
      groups_without_lecturer: v.array(v.object({ id: v.string(), name: v.string() })),
    }),
  ),
  handler: async (ctx, args) => {
    const scope = ctx.access.scope("allocations.view");
    // The departments whose modules' gaps the caller asked for and may see; null: all of them.
    let departments: Set<string> | null = args.departmentId ? new Set([args.departmentId]) : null;
    if (args.facultyId) departments = intersect(departments, await departmentsOf(ctx, args.facultyId));
    if (scope) departments = intersect(departments, scope.departments);
    const rows = departments
      ? (
          await Promise.all(
            [...departments].map((departmentId) =>
              ctx.db
                .query("iteration_coverage")
                .withIndex("by_department_id_and_academic_year_id_and_has_gap", (q) =>
                  q.eq("department_id", departmentId as Id<"departments">).eq("academic_year_id", args.academicYearId).eq("has_gap", true),
                )
                .collect(),
            ),
          )
        )
          .flat()
          .sort((a, b) => a._creationTime - b._creationTime)
      : await ctx.db
          .query("iteration_coverage")
          .withIndex("by_academic_year_id_and_has_gap", (q) => q.eq("academic_year_id", args.academicYearId).eq("has_gap", true))
          .collect();
    return rows.map((r) => ({
      iteration_id: r.module_iteration_id,
      iteration_code: r.iteration_code,
      module_title: r.module_title,
      unallocated: r.unallocated,
      gaps: r.gaps,
      groups_without_lecturer: r.groups_without_lecturer,
    }));
  },
});

/** One lecturer's page: totals, module and admin allocations, and the explained total. */
export const lecturerDetail = orgQuery({
  permission: null,
  args: { lecturerId: v.id("lecturers") },
  returns: v.object({
    totals: v.union(vLecturerTotalsRow, v.null()),
    allocations: v.array(
      v.object({
        id: v.id("module_allocations"),
        version: v.number(),
        iteration_code: v.string(),
        allocation_type_name: v.string(),
        group_name: v.optional(v.string()),
        share: v.number(),
        hours: v.number(),
        response_status: v.string(),
        explanation: v.object(vAllocationExplanationCore),
      }),
    ),
    admin_allocations: v.array(
      v.object({
        id: v.id("admin_allocations"),
        version: v.number(),
        category_name: v.string(),
        description: v.optional(v.string()),
        hours: v.optional(v.number()),
        percent_of_contract: v.optional(v.number()),
        semester: v.optional(v.string()),
      }),
    ),
    explain: vLecturerTotalExplanation,
  }),
  handler: async (ctx, args) => {
    const lecturer = await getOrThrow(ctx.db, args.lecturerId, "lecturer");
    await requireLecturerView(ctx, lecturer);
    const totals = await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).first();
    const explain = await explainLecturer(ctx.db, lecturer);
    const loader = new WorkloadLoader(ctx.db);
    const rows = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
    const allocations = [];
    for (const row of rows) {
      const result = await loader.compute(row);
      const group = row.group_id ? result.bundle.groups.find((g) => g._id === row.group_id) : undefined;
      allocations.push({
        id: row._id,
        version: row.version,
        iteration_code: result.bundle.iteration.code,
        allocation_type_name: result.type.name,
        group_name: group?.name,
        share: row.share,
        hours: row.hours_override ?? row.computed_hours,
        response_status: row.response_status,
        explanation: result.explanation,
      });
    }
    const adminRows = await ctx.db.query("admin_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
    const admin_allocations = [];
    for (const a of adminRows) {
      const category = await ctx.dbWithDeleted.get(a.category_id);
      admin_allocations.push({
        id: a._id,
        version: a.version,
        category_name: category?.name ?? "",
        description: a.description,
        hours: a.hours,
        percent_of_contract: a.percent_of_contract,
        semester: a.semester,
      });
    }
    return { totals: totals ? totalsView(totals) : null, allocations, admin_allocations, explain };
  },
});

// --- the overview's reads ---------------------------------------------------------

type Scope = { departments: Set<string>; teams: Set<string> } | null;
/** Where the rows the caller may see under the filters are: index prefixes, each a department, a team, or the whole year. */
type Source = { department: Id<"departments"> } | { team: Id<"teams"> } | "year";
type OverviewView = { scope: Scope; facultyDepartments: Set<string> | null; sources: Source[] };

/**
 * The index prefixes that hold every row the filters and the caller's scope
 * let through: a department-scoped head reads their departments' (and
 * teams') ranges only, never the whole year's, so the rows read are theirs.
 */
async function overviewView(ctx: OrgQueryCtx, f: Filters): Promise<OverviewView> {
  const scope = ctx.access.scope("allocations.view");
  const facultyDepartments = f.facultyId ? await departmentsOf(ctx, f.facultyId) : null;
  let sources: Source[];
  if (f.teamId) sources = [{ team: f.teamId }];
  else {
    const wanted = f.departmentId ? [f.departmentId as string] : facultyDepartments ? [...facultyDepartments] : null;
    if (!scope) sources = wanted ? wanted.map((d) => ({ department: d as Id<"departments"> })) : ["year"];
    else {
      const departments = (wanted ?? [...scope.departments]).filter((d) => scope.departments.has(d));
      sources = [
        ...departments.map((d) => ({ department: d as Id<"departments"> })),
        ...[...scope.teams].map((t) => ({ team: t as Id<"teams"> })),
      ];
    }
  }
  return { scope, facultyDepartments, sources };
}

/** Whether a row (totals or cell) is one the overview counts for these filters and this caller. */
function shown(row: { department_id?: string; team_id?: string }, f: Filters, view: OverviewView): boolean {
  return (
    inScope(row, view.scope) &&
    (!f.teamId || row.team_id === f.teamId) &&
    (!f.departmentId || row.department_id === f.departmentId) &&
    (!view.facultyDepartments || (!!row.department_id && view.facultyDepartments.has(row.department_id)))
  );
}

/** The overview cells the caller may see under the filters: about one per team. */
async function visibleCells(ctx: OrgQueryCtx, f: Filters, view: OverviewView): Promise<Doc<"overview_cells">[]> {
  const seen = new Map<string, Doc<"overview_cells">>();
  for (const source of view.sources) {
    const rows =
      source === "year"
        ? await ctx.db
            .query("overview_cells")
            .withIndex("by_academic_year_id_and_department_id_and_team_id", (q) => q.eq("academic_year_id", f.academicYearId))
            .collect()
        : "department" in source
          ? await ctx.db
              .query("overview_cells")
              .withIndex("by_academic_year_id_and_department_id_and_team_id", (q) =>
                q.eq("academic_year_id", f.academicYearId).eq("department_id", source.department),
              )
              .collect()
          : await ctx.db
              .query("overview_cells")
              .withIndex("by_academic_year_id_and_team_id", (q) => q.eq("academic_year_id", f.academicYearId).eq("team_id", source.team))
              .collect();
    for (const row of rows) if (shown(row, f, view)) seen.set(row._id, row);
  }
  return [...seen.values()];
}

/**
 * The first DASHBOARD_TOP_N lecturers who plan this year, busiest first
 * (the overview's most loaded) or idlest first (its least loaded), that
 * `keep` accepts, read from the `load_rank` indexes: each source's range in
 * that order until it has N rows or `keep` stops accepting (the bands follow
 * utilisation), then merged. Order within equal utilisation is creation
 * order (busiest) or its reverse (idlest), as the overview has always had it.
 */
async function topByLoad(ctx: OrgQueryCtx, f: Filters, view: OverviewView, end: "busiest" | "idlest", keep: (r: TotalsRow) => boolean) {
  const order = end === "busiest" ? "asc" : "desc";
  const candidates = new Map<string, TotalsRow>();
  for (const source of view.sources) {
    const query =
      source === "year"
        ? ctx.db.query("lecturer_year_totals").withIndex("by_academic_year_id_and_load_rank", (q) => q.eq("academic_year_id", f.academicYearId).gte("load_rank", -Infinity))
        : "department" in source
          ? ctx.db
              .query("lecturer_year_totals")
              .withIndex("by_academic_year_id_and_department_id_and_load_rank", (q) =>
                q.eq("academic_year_id", f.academicYearId).eq("department_id", source.department).gte("load_rank", -Infinity),
              )
          : ctx.db
              .query("lecturer_year_totals")
              .withIndex("by_academic_year_id_and_team_id_and_load_rank", (q) =>
                q.eq("academic_year_id", f.academicYearId).eq("team_id", source.team).gte("load_rank", -Infinity),
              );
    let taken = 0;
    for await (const row of query.order(order)) {
      if (!keep(row)) break;
      if (!shown(row, f, view)) continue;
      candidates.set(row._id, row);
      if (++taken >= DASHBOARD_TOP_N) break;
    }
  }
  const sign = end === "busiest" ? 1 : -1;
  return [...candidates.values()]
    .sort((a, b) => sign * ((a.load_rank ?? 0) - (b.load_rank ?? 0) || a._creationTime - b._creationTime))
    .slice(0, DASHBOARD_TOP_N);
}

// --- shared ---------------------------------------------------------------------

/**
 * Whether a row lies in the caller's scope. The scoped db already hides what
 * the caller may not read; the overview's cells and totals are read by index
 * prefixes of the scope, and this keeps a row reached through two prefixes
 * (a department and a team of another) counted under the same rule.
 */
function inScope(row: { department_id?: string; team_id?: string }, scope: Scope) {
  if (!scope) return true;
  return (!!row.department_id && scope.departments.has(row.department_id)) || (!!row.team_id && scope.teams.has(row.team_id));
}

/** A dashboard's department, faculty or team filter as places to read (none: everything in scope). */
async function filterPlaces(ctx: OrgQueryCtx, f: Omit<Filters, "academicYearId">) {
  if (f.teamId) return { team: f.teamId as string };
  if (f.departmentId) return { departments: [f.departmentId as string] };
  if (f.facultyId) return { departments: [...(await departmentsOf(ctx, f.facultyId))] };
  return undefined;
}

function matchesFilters(r: { department_id?: string; team_id?: string; faculty_id?: string }, f: Omit<Filters, "academicYearId">) {
  return (!f.departmentId || r.department_id === f.departmentId) && (!f.teamId || r.team_id === f.teamId) && (!f.facultyId || r.faculty_id === f.facultyId);
}

async function departmentsOf(ctx: OrgQueryCtx, facultyId: Id<"faculties">): Promise<Set<string>> {
  const departments = await ctx.db.query("departments").withIndex("by_faculty_id", (q) => q.eq("faculty_id", facultyId)).collect();
  return new Set(departments.map((d) => d._id));
}

/** The lecturers' totals the caller may see for the filters: read by department or team index when scoped. */
async function visibleTotals(ctx: OrgQueryCtx, f: Filters): Promise<TotalsRow[]> {
  const rows = await scopedList(ctx, "lecturer_year_totals", {
    academicYearId: f.academicYearId,
    permissions: ["allocations.view"],
    within: await filterPlaces(ctx, f),
  }).collect();
  return rows.filter((r) => matchesFilters(r, f));
}

/**
 * The team table from the visible cells: each team's lecturers the caller
 * may see under the filters, by the lecturer's own place as every figure of
 * the overview (a team's lecturers sit in its department), busiest team
 * first and, at equal utilisation, by name.
 */
function teamRows(cells: Doc<"overview_cells">[]) {
  const teams = new Map<Id<"teams">, { team_name: string; department_id?: Id<"departments">; figures: TeamFigures }>();
  for (const cell of cells) {
    if (!cell.team_id || !cell.team_figures || cell.team_figures.lecturer_count <= 0) continue;
    const entry = teams.get(cell.team_id) ?? { team_name: cell.team_name ?? "", department_id: cell.team_department_id, figures: ZERO_TEAM };
    teams.set(cell.team_id, { ...entry, figures: addTeamFigures(entry.figures, cell.team_figures, 1) });
  }
  return [...teams]
    .map(([team_id, { team_name, department_id, figures }]) => ({ team_id, team_name, department_id, ...figures, utilisation: teamUtilisation(figures) }))
    .sort((a, b) => b.utilisation - a.utilisation || a.team_name.localeCompare(b.team_name) || (a.team_id < b.team_id ? -1 : 1));
}

function totalsView(r: TotalsRow) {
  return {
    lecturer_id: r.lecturer_id,
    profile_id: r.profile_id,
    full_name: r.full_name,
    faculty_id: r.faculty_id,
    department_id: r.department_id,
    team_id: r.team_id,
    fte: r.fte,
    contract_family: r.contract_family,
    contract_hours: r.contract_hours,
    max_teaching_hours: r.max_teaching_hours,
    category_hours: r.category_hours,
    semester_hours: r.semester_hours,
    allocated_hours: r.allocated_hours,
    teaching_hours: r.teaching_hours,
    capacity_hours: r.capacity_hours,
    utilisation: r.utilisation,
    band: r.band,
    allocation_count: r.allocation_count,
  };
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  return a ? new Set([...a].filter((x) => b.has(x))) : new Set(b);
}
