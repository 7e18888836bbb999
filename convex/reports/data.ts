/**
 * What a report reads, in pages: internal queries that act as the job's
 * actor (`jobQuery`, lib/functions.ts), called one page at a time by the
 * report's action (reports/build.ts), because a large university has more
 * allocations than one transaction may read. Every figure is the workload
 * engine's: the live totals rows it maintains (the dashboard's numbers), the
 * allocations' stored computed hours, and the engine's coverage and rule
 * selection through the loader.
 *
 * A report holds what its actor may see, resolved at every page: the report's
 * filters are intersected with their `allocations.view` scope into "units"
 * (the whole organisation, departments or teams), and each page reads one
 * unit through an index, never the whole organisation for a scoped person.
 */
import { v, type Infer } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { appError } from "../lib/errors";
import { jobQuery, type JobQueryCtx } from "../lib/functions";
import { effectiveHours, iterationCoverage } from "../lib/workload";
import { explainLecturer } from "../workload/explain";
import { WorkloadLoader } from "../workload/loader";
import { COMPARISON_MAX_PAGE, compareYearsPage, vComparisonRow, vCompareBy } from "../workload/yearComparison";
import { comparedYear } from "./executions";
import { vReportFilters, vReportFormat, vReportKind, type ReportFilters } from "../schema/validators";
import {
  ALLOCATION_LECTURERS_PAGE,
  ALLOCATIONS_PAGE,
  ITERATIONS_PAGE,
  MODULES_PAGE,
  STAFF_PAGE,
  TOTALS_PAGE,
} from "./constants";
import { normaliseFilters } from "./templates";

export const vUnit = v.union(
  v.object({ kind: v.literal("all") }),
  v.object({ kind: v.literal("department"), id: v.id("departments") }),
  v.object({ kind: v.literal("team"), id: v.id("teams") }),
);
export type Unit = Infer<typeof vUnit>;

const vCursor = v.union(v.string(), v.null());

// --- context -------------------------------------------------------------------

/**
 * Everything a report needs besides its rows: who it is for, the year, the
 * names of the structure, the band thresholds, and the units it covers.
 * Refuses what the actor may not see (a statement of someone else's, a
 * report without reports.view).
 */
export const context = jobQuery({
  args: { reportId: v.id("workload_reports") },
  handler: async (ctx, { reportId }) => {
    const report = await ctx.db.get(reportId);
    if (!report) throw appError("NOT_FOUND", "This report execution no longer exists.");
    if (!report.kind) throw appError("INVALID_ARGUMENT", "This execution was written before report kinds existed; run its template again.");
    const filters = normaliseFilters(report.filters);
    const year = await ctx.db.get(report.academic_year_id);
    if (!year) throw appError("NOT_FOUND", "The report's academic year no longer exists.");
    const loader = new WorkloadLoader(ctx.db);
    const settings = await loader.settings(year._id);
    const departments = await ctx.db
      .query("departments")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .collect();
    const teams = await ctx.db.query("teams").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect();
    const faculties = await ctx.db
      .query("faculties")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .collect();

    let lecturerId: Id<"lecturers"> | null = null;
    let units: Unit[] = [];
    if (report.kind === "lecturer_statement") {
      lecturerId = await statementLecturer(ctx, filters, year._id);
    } else {
      if (!ctx.access.has("reports.view")) throw appError("FORBIDDEN", "You do not have permission to see and run reports.");
      units = await unitsFor(ctx, filters, departments, teams);
    }
    let compareYear: ContextYear | null = null;
    if (report.kind === "year_comparison") {
      const other = await comparedYear(ctx.db, ctx.organisationId, year, filters.compare_year_id);
      compareYear = { id: other._id, name: other.name, start_date: other.start_date, end_date: other.end_date, status: other.status };
    }
    return {
      report: {
        id: report._id,
        name: report.name,
        kind: report.kind,
        formats: report.formats ?? [],
        columns: report.columns ?? null,
        filters,
      },
      organisation: { name: ctx.organisation.name, timezone: ctx.organisation.timezone },
      year: { id: year._id, name: year.name, start_date: year.start_date, end_date: year.end_date, status: year.status },
      compare_year: compareYear,
      for_user: ctx.viewer ? { id: ctx.viewer._id, name: ctx.viewer.name, email: ctx.viewer.email } : null,
      scope_label: scopeLabel(filters, units, departments, teams, faculties),
      units,
      lecturer_id: lecturerId,
      band_thresholds: settings.band_thresholds,
      family_labels: Object.fromEntries(settings.contract_families.map((f) => [f.family, f.label])),
      departments: departments.map((d) => ({ id: d._id, name: d.name, code: d.code, faculty_id: d.faculty_id ?? null })),
      teams: teams.map((t) => ({ id: t._id, name: t.name, department_id: t.department_id })),
    };
  },
});
/** The context's shape, for the pure report model. */
export type ContextShape = {
  report: { id: string; name: string; kind: Infer<typeof vReportKind>; formats: Infer<typeof vReportFormat>[]; columns: string[] | null; filters: Infer<typeof vReportFilters> };
  organisation: { name: string; timezone: string };
  year: { id: string; name: string; start_date: string; end_date: string; status: string };
  /** Year comparison: the other year (the report's year is the one side). */
  compare_year: ContextYear | null;
  for_user: { id: string; name: string; email: string } | null;
  scope_label: string;
  units: Unit[];
  lecturer_id: string | null;
  band_thresholds: { under: number; healthy: number; near: number; critical: number };
  family_labels: Record<string, string>;
  departments: { id: string; name: string; code: string; faculty_id: string | null }[];
  teams: { id: string; name: string; department_id: string }[];
};

type ContextYear = { id: string; name: string; start_date: string; end_date: string; status: string };

async function statementLecturer(ctx: JobQueryCtx, filters: ReportFilters, yearId: Id<"academic_years">): Promise<Id<"lecturers">> {
  let lecturer: Doc<"lecturers"> | null;
  if (filters.lecturer_id) {
    lecturer = await ctx.db.get(filters.lecturer_id);
    if (!lecturer) throw appError("NOT_FOUND", "This lecturer does not exist or has been deleted.");
  } else {
    const profileId = ctx.viewer?.lecturer_profile_id;
    if (!profileId) throw appError("INVALID_ARGUMENT", "A lecturer statement needs a lecturer; this person has no lecturer record.");
    lecturer = await ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profileId).eq("academic_year_id", yearId))
      .first();
    if (!lecturer) throw appError("NOT_FOUND", "There is no lecturer record for this person in the report's year.");
  }
  const own = !!ctx.viewer?.lecturer_profile_id && ctx.viewer.lecturer_profile_id === lecturer.profile_id;
  if (!(own && ctx.access.has("allocations.view_own"))) ctx.access.require("allocations.view", lecturer);
  return lecturer._id;
}

/** The report's filters within the actor's `allocations.view` scope, as units read one index range each. */
async function unitsFor(
  ctx: JobQueryCtx,
  filters: ReportFilters,
  departments: Doc<"departments">[],
  teams: Doc<"teams">[],
): Promise<Unit[]> {
  const scope = ctx.access.scope("allocations.view");
  const teamDepartment = new Map(teams.map((t) => [t._id as string, t.department_id as string]));
  let wanted: Unit[];
  if (filters.team_id) wanted = [{ kind: "team", id: filters.team_id }];
  else if (filters.department_id) wanted = [{ kind: "department", id: filters.department_id }];
  else if (filters.faculty_id) {
    wanted = departments.filter((d) => d.faculty_id === filters.faculty_id).map((d) => ({ kind: "department" as const, id: d._id }));
  } else wanted = [{ kind: "all" }];
  if (!scope) return wanted;

  const out: Unit[] = [];
  const add = (u: Unit) => {
    if (!out.some((o) => o.kind === u.kind && "id" in o && "id" in u && o.id === u.id)) out.push(u);
  };
  for (const unit of wanted) {
    if (unit.kind === "all") {
      for (const d of scope.departments) add({ kind: "department", id: d as Id<"departments"> });
      for (const t of scope.teams) if (!scope.departments.has(teamDepartment.get(t) ?? "")) add({ kind: "team", id: t as Id<"teams"> });
    } else if (unit.kind === "department") {
      if (scope.departments.has(unit.id)) add(unit);
      else for (const t of scope.teams) if (teamDepartment.get(t) === unit.id) add({ kind: "team", id: t as Id<"teams"> });
    } else if (scope.teams.has(unit.id) || scope.departments.has(teamDepartment.get(unit.id) ?? "")) {
      add(unit);
    }
  }
  return out;
}

function scopeLabel(
  filters: ReportFilters,
  units: Unit[],
  departments: Doc<"departments">[],
  teams: Doc<"teams">[],
  faculties: Doc<"faculties">[],
): string {
  const name = (u: Unit) =>
    u.kind === "all" ? "Whole organisation" : u.kind === "department" ? departments.find((d) => d._id === u.id)?.name ?? "Department" : teams.find((t) => t._id === u.id)?.name ?? "Team";
  if (filters.faculty_id && units.length > 1) return faculties.find((f) => f._id === filters.faculty_id)?.name ?? "Faculty";
  if (units.length === 0) return "Nothing in your scope";
  return units.map(name).join(", ");
}

// --- pages -----------------------------------------------------------------------

type Page<T> = { rows: T[]; cursor: string | null };

function unitTotals(ctx: JobQueryCtx, unit: Unit, yearId: Id<"academic_years">) {
  if (unit.kind === "department") {
    return ctx.db
      .query("lecturer_year_totals")
      .withIndex("by_department_id", (q) => q.eq("department_id", unit.id))
      .filter((q) => q.eq(q.field("academic_year_id"), yearId));
  }
  if (unit.kind === "team") {
    return ctx.db
      .query("lecturer_year_totals")
      .withIndex("by_team_id", (q) => q.eq("team_id", unit.id))
      .filter((q) => q.eq(q.field("academic_year_id"), yearId));
  }
  return ctx.db
    .query("lecturer_year_totals")
    .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", yearId));
}

function unitLecturers(ctx: JobQueryCtx, unit: Unit, yearId: Id<"academic_years">) {
  if (unit.kind === "department") {
    return ctx.db
      .query("lecturers")
      .withIndex("by_department_id", (q) => q.eq("department_id", unit.id))
      .filter((q) => q.eq(q.field("academic_year_id"), yearId));
  }
  if (unit.kind === "team") {
    return ctx.db
      .query("lecturers")
      .withIndex("by_team_id", (q) => q.eq("team_id", unit.id))
      .filter((q) => q.eq(q.field("academic_year_id"), yearId));
  }
  return ctx.db
    .query("lecturers")
    .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", yearId));
}

/** One page of a unit's live totals rows (the dashboard's figures), with each lecturer's staff number and email. */
export const totalsPage = jobQuery({
  args: { yearId: v.id("academic_years"), unit: vUnit, cursor: vCursor },
  handler: async (ctx, { yearId, unit, cursor }) => {
    const page = await unitTotals(ctx, unit, yearId).paginate({ cursor, numItems: TOTALS_PAGE });
    const rows = [];
    for (const r of page.page) {
      const profile = await ctx.dbWithDeleted.get(r.profile_id);
      rows.push({
        lecturer_id: r.lecturer_id,
        full_name: r.full_name,
        email: profile?.email ?? "",
        staff_number: profile?.staff_number ?? "",
        department_id: r.department_id ?? null,
        team_id: r.team_id ?? null,
        fte: r.fte,
        contract_family: r.contract_family,
        contract_hours: r.contract_hours,
        max_teaching_hours: r.max_teaching_hours,
        category_hours: r.category_hours,
        semester_hours: r.semester_hours,
        allocated_hours: r.allocated_hours,
        teaching_hours: r.teaching_hours,
        capacity_hours: r.capacity_hours,
        // Infinity (work without a contract) does not survive every format; the band says "critical".
        utilisation: Number.isFinite(r.utilisation) ? r.utilisation : null,
        band: r.band,
        allocation_count: r.allocation_count,
      });
    }
    return { rows, cursor: page.isDone ? null : page.continueCursor } satisfies Page<unknown>;
  },
});
export type TotalsRowData = {
    lecturer_id: string;
    full_name: string;
    email: string;
    staff_number: string;
    department_id: string | null;
    team_id: string | null;
    fte: number;
    contract_family: string;
    contract_hours: number;
    max_teaching_hours: number;
    category_hours: Record<"teaching" | "marking" | "preparation" | "leadership" | "admin" | "research", number>;
    semester_hours: { S1: number; S2: number; S3: number };
    allocated_hours: number;
    teaching_hours: number;
    capacity_hours: number;
    utilisation: number | null;
    band: string;
    allocation_count: number;
};

/** An allocation as the export writes it: every input, the engine's hours, and the natural keys an import matches on. */
async function allocationRow(
  ctx: JobQueryCtx,
  loader: WorkloadLoader,
  row: Doc<"module_allocations">,
  lecturer: Doc<"lecturers"> | null,
  year: Doc<"academic_years">,
) {
  const result = await loader.compute(row);
  const { iteration, module, groups } = result.bundle;
  const profile = lecturer ? await ctx.dbWithDeleted.get(lecturer.profile_id) : null;
  const group = row.group_id ? groups.find((g) => g._id === row.group_id) : undefined;
  const students = result.explanation.variables.find((x) => x.name === "students")?.value ?? iteration.student_count;
  const groupCount = result.explanation.variables.find((x) => x.name === "groups")?.value ?? 0;
  return {
    allocation_id: row._id,
    academic_year: year.name,
    module_code: module.code,
    module_title: module.title,
    module_department_id: module.department_id ?? null,
    iteration_code: iteration.code,
    semester: iteration.semester,
    allocation_type: result.type.code,
    allocation_type_name: result.type.name,
    work_category: row.work_category,
    group_name: group?.name ?? "",
    lecturer_id: row.lecturer_id,
    lecturer_name: profile?.full_name ?? "",
    lecturer_email: profile?.email ?? "",
    staff_number: profile?.staff_number ?? "",
    lecturer_department_id: lecturer?.department_id ?? null,
    share: row.share,
    first_time: row.first_time,
    hours_override: row.hours_override ?? null,
    override_reason: row.override_reason ?? "",
    computed_hours: row.computed_hours,
    hours: effectiveHours(row),
    semester_hours: row.semester_hours,
    rule: result.explanation.rule?.name ?? "",
    students,
    groups: groupCount,
    response_status: row.response_status,
    notes: row.notes ?? "",
  };
}
export type AllocationRowData = Awaited<ReturnType<typeof allocationRow>>;

function inUnits(units: Unit[], lecturer: Pick<Doc<"lecturers">, "department_id" | "team_id"> | null): boolean {
  if (!lecturer) return false;
  return units.some(
    (u) => u.kind === "all" || (u.kind === "department" && u.id === lecturer.department_id) || (u.kind === "team" && u.id === lecturer.team_id),
  );
}

/**
 * One page of a unit's allocations. Pass "lecturers": the allocations of the
 * unit's lecturers (their load). Pass "modules" (departments only): the
 * allocations on the department's modules of lecturers outside every unit of
 * the report (taught by colleagues from elsewhere), so no row comes twice.
 * The whole organisation reads the year's allocations directly.
 */
export const allocationsPage = jobQuery({
  args: { yearId: v.id("academic_years"), unit: vUnit, units: v.array(vUnit), pass: v.union(v.literal("lecturers"), v.literal("modules")), cursor: vCursor },
  handler: async (ctx, { yearId, unit, units, pass, cursor }) => {
    const year = await ctx.db.get(yearId);
    if (!year) throw appError("NOT_FOUND", "The report's academic year no longer exists.");
    const loader = new WorkloadLoader(ctx.db);
    const rows: AllocationRowData[] = [];
    if (unit.kind === "all") {
      const page = await ctx.db
        .query("module_allocations")
        .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", yearId))
        .paginate({ cursor, numItems: ALLOCATIONS_PAGE });
      const lecturers = new Map<string, Doc<"lecturers"> | null>();
      for (const a of page.page) {
        if (!lecturers.has(a.lecturer_id)) lecturers.set(a.lecturer_id, await ctx.dbWithDeleted.get(a.lecturer_id));
        rows.push(await allocationRow(ctx, loader, a, lecturers.get(a.lecturer_id) ?? null, year));
      }
      return { rows, cursor: page.isDone ? null : page.continueCursor };
    }
    if (pass === "lecturers") {
      const page = await unitLecturers(ctx, unit, yearId).paginate({ cursor, numItems: ALLOCATION_LECTURERS_PAGE });
      for (const lecturer of page.page) {
        const allocations = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
        for (const a of allocations) rows.push(await allocationRow(ctx, loader, a, lecturer, year));
      }
      return { rows, cursor: page.isDone ? null : page.continueCursor };
    }
    if (unit.kind !== "department") return { rows, cursor: null };
    const page = await ctx.db
      .query("modules")
      .withIndex("by_department_id", (q) => q.eq("department_id", unit.id))
      .paginate({ cursor, numItems: MODULES_PAGE });
    for (const module of page.page) {
      const iterations = await ctx.db
        .query("module_iterations")
        .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", module._id).eq("academic_year_id", yearId))
        .collect();
      for (const iteration of iterations) {
        const allocations = await ctx.db
          .query("module_allocations")
          .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id))
          .collect();
        for (const a of allocations) {
          const lecturer = await ctx.dbWithDeleted.get(a.lecturer_id);
          if (inUnits(units, lecturer)) continue; // already in a "lecturers" pass
          rows.push(await allocationRow(ctx, loader, a, lecturer, year));
        }
      }
    }
    return { rows, cursor: page.isDone ? null : page.continueCursor };
  },
});

/** Iterations of a unit's modules whose components are not shared out to 100%, or with groups nobody teaches. */
export const coveragePage = jobQuery({
  args: { yearId: v.id("academic_years"), unit: vUnit, cursor: vCursor },
  handler: async (ctx, { yearId, unit, cursor }) => {
    const iterations: { iteration: Doc<"module_iterations">; module: Doc<"modules"> }[] = [];
    let next: string | null = null;
    if (unit.kind === "all") {
      const page = await ctx.db
        .query("module_iterations")
        .withIndex("by_organisation_id_and_academic_year_id", (q) => q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", yearId))
        .paginate({ cursor, numItems: ITERATIONS_PAGE });
      for (const iteration of page.page) {
        const module = await ctx.db.get(iteration.module_id);
        if (module) iterations.push({ iteration, module });
      }
      next = page.isDone ? null : page.continueCursor;
    } else if (unit.kind === "department") {
      const page = await ctx.db
        .query("modules")
        .withIndex("by_department_id", (q) => q.eq("department_id", unit.id))
        .paginate({ cursor, numItems: MODULES_PAGE });
      for (const module of page.page) {
        const its = await ctx.db
          .query("module_iterations")
          .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", module._id).eq("academic_year_id", yearId))
          .collect();
        for (const iteration of its) iterations.push({ iteration, module });
      }
      next = page.isDone ? null : page.continueCursor;
    } // a team owns no modules: coverage is the department's

    const types = new Map<string, Doc<"allocation_types"> | null>();
    const rows = [];
    for (const { iteration, module } of iterations) {
      const groups = await ctx.db
        .query("module_iteration_groups")
        .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id))
        .collect();
      const allocations = await ctx.db
        .query("module_allocations")
        .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id))
        .collect();
      const inputs = [];
      for (const a of allocations) {
        if (!types.has(a.allocation_type_id)) types.set(a.allocation_type_id, await ctx.dbWithDeleted.get(a.allocation_type_id));
        const type = types.get(a.allocation_type_id);
        if (type) inputs.push({ allocation_type_code: type.code, basis: type.basis, group_id: a.group_id, share: a.share });
      }
      const coverage = iterationCoverage(groups.map((g) => ({ id: g._id })), inputs);
      if (!coverage.unallocated && coverage.gaps.length === 0 && coverage.groups_without_lecturer.length === 0) continue;
      const groupName = new Map(groups.map((g) => [g._id as string, g.name]));
      const typeName = new Map([...types.values()].filter((t): t is Doc<"allocation_types"> => !!t).map((t) => [t.code, t.name]));
      rows.push({
        iteration_code: iteration.code,
        module_code: module.code,
        module_title: module.title,
        department_id: module.department_id ?? null,
        semester: iteration.semester,
        students: iteration.student_count,
        unallocated: coverage.unallocated,
        gaps: coverage.gaps.map((g) => ({
          allocation_type: typeName.get(g.allocation_type_code) ?? g.allocation_type_code,
          group_name: g.group_id ? (groupName.get(g.group_id) ?? "") : "",
          covered_percent: g.covered_percent,
          status: g.status,
        })),
        groups_without_lecturer: coverage.groups_without_lecturer.map((id) => groupName.get(id) ?? ""),
      });
    }
    return { rows, cursor: next };
  },
});
export type CoverageRowData = {
  iteration_code: string;
  module_code: string;
  module_title: string;
  department_id: string | null;
  semester: string;
  students: number;
  unallocated: boolean;
  gaps: { allocation_type: string; group_name: string; covered_percent: number; status: "under" | "over" }[];
  groups_without_lecturer: string[];
};

/** One page of a unit's lecturers with their contract fields: the staff export an import reads back. */
export const staffPage = jobQuery({
  args: { yearId: v.id("academic_years"), unit: vUnit, cursor: vCursor },
  handler: async (ctx, { yearId, unit, cursor }) => {
    const page = await unitLecturers(ctx, unit, yearId).paginate({ cursor, numItems: STAFF_PAGE });
    const statuses = new Map<string, Doc<"lecturer_statuses"> | null>();
    const rows = [];
    for (const l of page.page) {
      const profile = await ctx.dbWithDeleted.get(l.profile_id);
      if (l.status_id && !statuses.has(l.status_id)) statuses.set(l.status_id, await ctx.dbWithDeleted.get(l.status_id));
      rows.push({
        lecturer_id: l._id,
        staff_number: profile?.staff_number ?? "",
        email: profile?.email ?? "",
        title: profile?.title ?? "",
        first_name: profile?.first_name ?? "",
        last_name: profile?.last_name ?? "",
        department_id: l.department_id ?? null,
        team_id: l.team_id ?? null,
        status: l.status_id ? (statuses.get(l.status_id)?.code ?? "") : "",
        fte: l.fte,
        contract_family: l.contract_family,
        contract_start: l.contract_start ?? "",
        contract_end: l.contract_end ?? "",
        contract_hours_adjustment: l.contract_hours_adjustment ?? null,
        adjustment_reason: l.adjustment_reason ?? "",
        notes: l.notes ?? "",
      });
    }
    return { rows, cursor: page.isDone ? null : page.continueCursor };
  },
});
export type StaffRowData = {
  lecturer_id: string;
  staff_number: string;
  email: string;
  title: string;
  first_name: string;
  last_name: string;
  department_id: string | null;
  team_id: string | null;
  status: string;
  fte: number;
  contract_family: string;
  contract_start: string;
  contract_end: string;
  contract_hours_adjustment: number | null;
  adjustment_reason: string;
  notes: string;
};

/** One page of a department's (or the organisation's) modules, each with its iterations of the year and their groups. */
export const modulesPage = jobQuery({
  args: { yearId: v.id("academic_years"), unit: vUnit, cursor: vCursor },
  handler: async (ctx, { yearId, unit, cursor }) => {
    if (unit.kind === "team") return { rows: [], cursor: null };
    const query =
      unit.kind === "department"
        ? ctx.db.query("modules").withIndex("by_department_id", (q) => q.eq("department_id", unit.id))
        : ctx.db.query("modules").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId));
    const page = await query.paginate({ cursor, numItems: MODULES_PAGE * 4 });
    const rows = [];
    for (const m of page.page) {
      const iterations = await ctx.db
        .query("module_iterations")
        .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", m._id).eq("academic_year_id", yearId))
        .collect();
      const its = [];
      for (const it of iterations) {
        const groups = await ctx.db
          .query("module_iteration_groups")
          .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", it._id))
          .collect();
        its.push({
          iteration_id: it._id,
          code: it.code,
          semester: it.semester,
          student_count: it.student_count,
          max_group_size: it.max_group_size ?? null,
          teaching_weeks: it.teaching_weeks ?? null,
          contact_hours_override: it.contact_hours_override ?? null,
          intakes: it.intakes,
          groups: groups.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })).map((g) => ({ name: g.name, student_count: g.student_count })),
        });
      }
      rows.push({
        module_id: m._id,
        code: m.code,
        title: m.title,
        credits: m.credits,
        level: m.level,
        department_id: m.department_id ?? null,
        subject_area: m.subject_area ?? "",
        default_semester: m.default_semester,
        iterations: its,
      });
    }
    return { rows, cursor: page.isDone ? null : page.continueCursor };
  },
});
export type ModuleRowData = {
  module_id: string;
  code: string;
  title: string;
  credits: number;
  level: number;
  department_id: string | null;
  subject_area: string;
  default_semester: string;
  iterations: {
    iteration_id: string;
    code: string;
    semester: string;
    student_count: number;
    max_group_size: number | null;
    teaching_weeks: number | null;
    contact_hours_override: number | null;
    intakes: number;
    groups: { name: string; student_count: number }[];
  }[];
};

/**
 * A lecturer's statement: the explained total (contract, every counted line,
 * sums, band: the same breakdown as explain) with each module line's rule and
 * inputs. One lecturer fits one read.
 */
export const statement = jobQuery({
  args: { lecturerId: v.id("lecturers") },
  handler: async (ctx, { lecturerId }) => {
    const lecturer = await ctx.db.get(lecturerId);
    if (!lecturer) throw appError("NOT_FOUND", "This lecturer does not exist or has been deleted.");
    const own = !!ctx.viewer?.lecturer_profile_id && ctx.viewer.lecturer_profile_id === lecturer.profile_id;
    if (!(own && ctx.access.has("allocations.view_own"))) ctx.access.require("allocations.view", lecturer);
    const explained = await explainLecturer(ctx.db, lecturer);
    const loader = new WorkloadLoader(ctx.db);
    const profile = await ctx.dbWithDeleted.get(lecturer.profile_id);
    const year = await ctx.db.get(lecturer.academic_year_id);
    const details = [];
    for (const line of explained.lines) {
      if (line.kind !== "module" || !line.id) continue;
      const row = await ctx.db.get(line.id as Id<"module_allocations">);
      if (!row) continue;
      const result = await loader.compute(row);
      const group = row.group_id ? result.bundle.groups.find((g) => g._id === row.group_id) : undefined;
      details.push({
        id: line.id,
        group_name: group?.name ?? "",
        module_code: result.bundle.module.code,
        module_title: result.bundle.module.title,
        iteration_code: result.bundle.iteration.code,
        semester: result.bundle.iteration.semester,
        allocation_type: result.type.name,
        inputs: result.explanation.variables.filter((x) => x.used).map((x) => ({ name: x.name, value: x.value })),
        formula: result.explanation.rule?.formula ?? "",
      });
    }
    const department = lecturer.department_id ? await ctx.db.get(lecturer.department_id) : null;
    const team = lecturer.team_id ? await ctx.db.get(lecturer.team_id) : null;
    return {
      lecturer: {
        id: lecturer._id,
        name: profile?.full_name ?? "",
        email: profile?.email ?? "",
        staff_number: profile?.staff_number ?? "",
        department: department?.name ?? "",
        team: team?.name ?? "",
        year: year?.name ?? "",
      },
      explained: {
        contract: explained.contract,
        lines: explained.lines,
        category_hours: explained.category_hours,
        semester_hours: explained.semester_hours,
        allocated_hours: explained.allocated_hours,
        teaching_hours: explained.teaching_hours,
        max_teaching_hours: explained.max_teaching_hours,
        capacity_hours: explained.capacity_hours,
        utilisation: Number.isFinite(explained.utilisation) ? explained.utilisation : null,
        band: explained.band,
        band_thresholds: explained.band_thresholds,
        allocation_count: explained.allocation_count,
      },
      details,
    };
  },
});
export type StatementData = {
  lecturer: { id: string; name: string; email: string; staff_number: string; department: string; team: string; year: string };
  explained: {
    contract: { contract_hours: number; fte: number; family_label: string; standard_fte_hours: number; year_fraction: number; adjustment_hours: number; adjustment_reason?: string; max_teaching_hours: number; research_allowance_hours: number; counts_towards_capacity: boolean };
    lines: { kind: "module" | "admin" | "allowance"; id?: string; label: string; work_category: string; hours: number; share?: number; rule?: string; override_reason?: string }[];
    category_hours: Record<string, number>;
    semester_hours: { S1: number; S2: number; S3: number };
    allocated_hours: number;
    teaching_hours: number;
    max_teaching_hours: number;
    capacity_hours: number;
    utilisation: number | null;
    band: string;
    band_thresholds: { under: number; healthy: number; near: number; critical: number };
    allocation_count: number;
  };
  details: { id: string; group_name: string; module_code: string; module_title: string; iteration_code: string; semester: string; allocation_type: string; inputs: { name: string; value: number }[]; formula: string }[];
};

/**
 * A page of the year comparison, per lecturer or per module: the rows of
 * `compareYearsPage`, the one comparison the rollover's comparison view
 * pages through too, kept to the report's units (already within the actor's
 * scope). A module of a department outside the units still has a row when
 * the units' lecturers teach it, counting their allocations only (`partial`),
 * as in the comparison view.
 */
export const comparisonPage = jobQuery({
  args: { fromYearId: v.id("academic_years"), toYearId: v.id("academic_years"), by: vCompareBy, units: v.array(vUnit), cursor: vCursor },
  returns: v.object({ rows: v.array(vComparisonRow), cursor: vCursor }),
  handler: async (ctx, { fromYearId, toYearId, by, units, cursor }) => {
    const whole = units.some((u) => u.kind === "all");
    const within = {
      departments: new Set<string>(units.flatMap((u) => (u.kind === "department" ? [u.id] : []))),
      teams: new Set<string>(units.flatMap((u) => (u.kind === "team" ? [u.id] : []))),
    };
    // "all" is only ever the unit of an organisation-wide reader; their own scope is then null.
    const access = whole ? ctx.access : { scope: () => within };
    const page = await compareYearsPage({ db: ctx.db, access }, { fromYearId, toYearId, by, cursor, numItems: COMPARISON_MAX_PAGE });
    return { rows: page.rows, cursor: page.isDone ? null : page.cursor };
  },
});
