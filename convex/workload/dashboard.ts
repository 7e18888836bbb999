/**
 * Dashboards of a year, filterable by faculty, department and team and
 * limited to what the caller may see. They read the live totals rows (one
 * per lecturer) and team summaries, never allocations; coverage gaps are the
 * exception, a separate query that reads the year's iterations.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { orgQuery, type OrgQueryCtx } from "../lib/functions";
import { BANDS, DASHBOARD_TOP_N, isOverBand, iterationCoverage, utilisationHistogram } from "../lib/workload";
import { requireLecturerView } from "./allocations";
import { explainLecturer } from "./explain";
import { WorkloadLoader } from "./loader";
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
    const all = await visibleTotals(ctx, args);
    // People with no capacity and no work (on leave, sabbatical) have nothing to plan this year.
    const rows = all.filter((r) => r.contract_hours > 0 || r.allocated_hours > 0);
    const contract = rows.reduce((s, r) => s + r.contract_hours, 0);
    const allocated = rows.reduce((s, r) => s + r.allocated_hours, 0);
    const byUtilisation = [...rows].sort((a, b) => b.utilisation - a.utilisation);
    return {
      lecturer_count: rows.length,
      total_contract_hours: contract,
      total_allocated_hours: allocated,
      utilisation: contract > 0 ? allocated / contract : 0,
      band_counts: BANDS.map((band) => ({ band, count: rows.filter((r) => r.band === band).length })),
      histogram: utilisationHistogram(rows.map((r) => r.utilisation)),
      top_over: byUtilisation.filter((r) => isOverBand(r.band)).slice(0, DASHBOARD_TOP_N).map(totalsView),
      top_under: byUtilisation.filter((r) => r.band === "under").reverse().slice(0, DASHBOARD_TOP_N).map(totalsView),
      team_summaries: await teamSummaries(ctx, args),
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
    const scope = ctx.access.scope("allocations.view");
    const facultyDepartments = args.facultyId ? await departmentsOf(ctx, args.facultyId) : null;
    const page = await ctx.db
      .query("lecturer_year_totals")
      .withIndex("by_academic_year_id_and_utilisation", (q) => q.eq("academic_year_id", args.academicYearId))
      .order(args.ascending ? "asc" : "desc")
      .filter((q) =>
        q.and(
          args.departmentId ? q.eq(q.field("department_id"), args.departmentId) : true,
          args.teamId ? q.eq(q.field("team_id"), args.teamId) : true,
        ),
      )
      .paginate(args.paginationOpts);
    return {
      ...page,
      page: page.page
        .filter((r) => inScope(r, scope) && (!facultyDepartments || (r.department_id && facultyDepartments.has(r.department_id))))
        .map(totalsView),
    };
  },
});

export const teamSummaryList = orgQuery({
  permission: "allocations.view",
  args: vDashboardFilters,
  returns: v.array(vTeamSummaryRow),
  handler: async (ctx, args) => teamSummaries(ctx, args),
});

/** Iterations whose components are not shared out to 100%, and groups nobody teaches. */
export const coverageGaps = orgQuery({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years"), facultyId: v.optional(v.id("faculties")), departmentId: v.optional(v.id("departments")) },
  returns: v.array(
    v.object({
      iteration_id: v.id("module_iterations"),
      iteration_code: v.string(),
      module_title: v.string(),
      unallocated: v.boolean(),
      gaps: v.array(
        v.object({
          allocation_type_code: v.string(),
          group_id: v.union(v.string(), v.null()),
          group_name: v.union(v.string(), v.null()),
          covered_percent: v.number(),
          status: v.union(v.literal("under"), v.literal("over")),
        }),
      ),
      groups_without_lecturer: v.array(v.object({ id: v.string(), name: v.string() })),
    }),
  ),
  handler: async (ctx, args) => {
    const scope = ctx.access.scope("allocations.view");
    const facultyDepartments = args.facultyId ? await departmentsOf(ctx, args.facultyId) : null;
    const iterations = await ctx.db
      .query("module_iterations")
      .withIndex("by_organisation_id_and_academic_year_id", (q) =>
        q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", args.academicYearId),
      )
      .collect();
    // One read of the year's groups and allocations, grouped here: a query per
    // iteration would re-read them hundreds of times on every dashboard refresh.
    const yearRows = <T extends "module_iteration_groups" | "module_allocations">(table: T) =>
      ctx.db
        .query(table)
        .withIndex("by_organisation_id_and_academic_year_id", (q: any) =>
          q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", args.academicYearId),
        )
        .collect() as Promise<Doc<T>[]>;
    const groupsByIteration = groupBy(await yearRows("module_iteration_groups"), (g) => g.module_iteration_id);
    const allocationsByIteration = groupBy(await yearRows("module_allocations"), (a) => a.module_iteration_id);
    const types = new Map<string, Doc<"allocation_types">>();
    const out = [];
    for (const iteration of iterations) {
      const module = await ctx.db.get(iteration.module_id);
      if (!module) continue;
      if (args.departmentId && module.department_id !== args.departmentId) continue;
      if (facultyDepartments && !(module.department_id && facultyDepartments.has(module.department_id))) continue;
      if (scope && !(module.department_id && scope.departments.has(module.department_id))) continue;
      const groups = groupsByIteration.get(iteration._id) ?? [];
      const allocations = allocationsByIteration.get(iteration._id) ?? [];
      const inputs = [];
      for (const a of allocations) {
        let type = types.get(a.allocation_type_id);
        if (!type) {
          type = (await ctx.dbWithDeleted.get(a.allocation_type_id)) ?? undefined;
          if (type) types.set(a.allocation_type_id, type);
        }
        if (type) inputs.push({ allocation_type_code: type.code, basis: type.basis, group_id: a.group_id, share: a.share });
      }
      const coverage = iterationCoverage(groups.map((g) => ({ id: g._id })), inputs);
      if (!coverage.unallocated && coverage.gaps.length === 0 && coverage.groups_without_lecturer.length === 0) continue;
      const groupName = new Map(groups.map((g) => [g._id as string, g.name]));
      out.push({
        iteration_id: iteration._id,
        iteration_code: iteration.code,
        module_title: module.title,
        unallocated: coverage.unallocated,
        gaps: coverage.gaps.map((g) => ({ ...g, group_name: g.group_id ? (groupName.get(g.group_id) ?? null) : null })),
        groups_without_lecturer: coverage.groups_without_lecturer.map((id) => ({ id, name: groupName.get(id) ?? "" })),
      });
    }
    return out;
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

// --- shared ---------------------------------------------------------------------

function inScope(row: { department_id?: string; team_id?: string }, scope: { departments: Set<string>; teams: Set<string> } | null) {
  if (!scope) return true;
  return (!!row.department_id && scope.departments.has(row.department_id)) || (!!row.team_id && scope.teams.has(row.team_id));
}

async function departmentsOf(ctx: OrgQueryCtx, facultyId: Id<"faculties">): Promise<Set<string>> {
  const departments = await ctx.db.query("departments").withIndex("by_faculty_id", (q) => q.eq("faculty_id", facultyId)).collect();
  return new Set(departments.map((d) => d._id));
}

async function visibleTotals(ctx: OrgQueryCtx, f: Filters): Promise<TotalsRow[]> {
  const scope = ctx.access.scope("allocations.view");
  const rows = f.teamId
    ? (await ctx.db.query("lecturer_year_totals").withIndex("by_team_id", (q) => q.eq("team_id", f.teamId)).collect()).filter(
        (r) => r.academic_year_id === f.academicYearId,
      )
    : await ctx.db
        .query("lecturer_year_totals")
        .withIndex("by_organisation_id_and_academic_year_id", (q) =>
          q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", f.academicYearId),
        )
        .collect();
  return rows.filter(
    (r) =>
      inScope(r, scope) &&
      (!f.departmentId || r.department_id === f.departmentId) &&
      (!f.facultyId || r.faculty_id === f.facultyId),
  );
}

async function teamSummaries(ctx: OrgQueryCtx, f: Filters) {
  const scope = ctx.access.scope("allocations.view");
  const facultyDepartments = f.facultyId ? await departmentsOf(ctx, f.facultyId) : null;
  const summaries = await ctx.db
    .query("team_summaries")
    .withIndex("by_organisation_id_and_academic_year_id", (q) =>
      q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", f.academicYearId),
    )
    .collect();
  const out = [];
  for (const s of summaries) {
    if (f.teamId && s.team_id !== f.teamId) continue;
    if (f.departmentId && s.department_id !== f.departmentId) continue;
    if (facultyDepartments && !(s.department_id && facultyDepartments.has(s.department_id))) continue;
    if (!inScope(s, scope)) continue;
    const team = await ctx.db.get(s.team_id);
    out.push({
      team_id: s.team_id,
      team_name: team?.name ?? "",
      department_id: s.department_id,
      lecturer_count: s.lecturer_count,
      total_fte: s.total_fte,
      total_contract_hours: s.total_contract_hours,
      total_allocated_hours: s.total_allocated_hours,
      total_teaching_hours: s.total_teaching_hours,
      over_count: s.over_count,
      under_count: s.under_count,
      utilisation: s.utilisation,
    });
  }
  return out.sort((a, b) => b.utilisation - a.utilisation);
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

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
