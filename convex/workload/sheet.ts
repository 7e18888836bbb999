/**
 * The department sheet: the planner's spreadsheet, with a department's (or
 * a team's, or the caller's scope's) iterations and their components down
 * the side and its lecturers across the top, each with their live totals.
 * One live query returns everything the sheet draws; the client virtualises
 * rows and columns (src/features/sheet).
 *
 * Rows are the view's iterations (the modules of its departments) plus the
 * other departments' iterations its lecturers teach, which show read-only
 * with the reason when the caller may not change them. Columns are the
 * view's lecturers plus anyone else teaching on its iterations, so no share
 * of a component is hidden from the coverage a planner sees.
 *
 * Reads go through indexes a department at a time: the department each
 * iteration, group and allocation belongs to is stored on it
 * (lib/scope.ts: the layer stores them), so the sheet reads one index range per table whatever the
 * department's size, and nothing reads the whole year.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgQuery, type OrgQueryCtx } from "../lib/functions";
import { effectiveHours } from "../lib/workload";
import { vAllocationResponse, vSemester } from "../schema/validators";
import { AllocationScope } from "./allocationScope";
import { totalsRowOf } from "./liveTotals";

/**
 * An allocation in the sheet, inside its iteration, naming its lecturer,
 * type and group by their place in the sheet's lists rather than by id: the
 * sheet of a large department carries thousands of them, and every byte is
 * sent again on each change.
 */
const vSheetAllocation = v.object({
  id: v.id("module_allocations"),
  version: v.number(),
  /** Index into `lecturers`. */
  lecturer: v.number(),
  /** Index into `types`. */
  type: v.number(),
  /** Index into the iteration's `groups`; absent for the whole iteration. */
  group: v.optional(v.number()),
  share: v.number(),
  hours: v.number(),
  computed_hours: v.number(),
  hours_override: v.optional(v.number()),
  override_reason: v.optional(v.string()),
  response_status: vAllocationResponse,
  response_comment: v.optional(v.string()),
});

const vSheetIteration = v.object({
  id: v.id("module_iterations"),
  code: v.string(),
  module_code: v.string(),
  module_title: v.string(),
  semester: vSemester,
  student_count: v.number(),
  department_name: v.string(),
  /** One of the view's own iterations (not another department's that its lecturers teach). */
  in_view: v.boolean(),
  can_edit: v.boolean(),
  read_only_reason: v.optional(v.string()),
  groups: v.array(v.object({ id: v.id("module_iteration_groups"), name: v.string(), student_count: v.number() })),
  allocations: v.array(vSheetAllocation),
});

const vSheetLecturer = v.object({
  id: v.id("lecturers"),
  name: v.string(),
  department_name: v.string(),
  team_name: v.string(),
  in_view: v.boolean(),
  fte: v.number(),
  contract_hours: v.number(),
  allocated_hours: v.number(),
  capacity_hours: v.number(),
  utilisation: v.number(),
  band: v.string(),
});

export const get = orgQuery({
  permission: "allocations.view",
  args: {
    academicYearId: v.id("academic_years"),
    departmentId: v.optional(v.id("departments")),
    teamId: v.optional(v.id("teams")),
  },
  returns: v.object({
    label: v.string(),
    types: v.array(
      v.object({
        id: v.id("allocation_types"),
        code: v.string(),
        name: v.string(),
        basis: v.union(v.literal("iteration"), v.literal("group")),
        sort_order: v.number(),
      }),
    ),
    iterations: v.array(vSheetIteration),
    lecturers: v.array(vSheetLecturer),
  }),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const scope = new AllocationScope(ctx);
    const view = await resolveView(ctx, scope, args);

    const types = (await ctx.db.query("allocation_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId)).collect())
      .sort((a, b) => a.sort_order - b.sort_order)
      .map((t) => ({ id: t._id, code: t.code, name: t.name, basis: t.basis, sort_order: t.sort_order }));

    // The view's lecturers, from their live totals rows (names and figures in one read each).
    const totals: Doc<"lecturer_year_totals">[] = [];
    for (const departmentId of view.departments) {
      const rows = await ctx.db
        .query("lecturer_year_totals")
        .withIndex("by_academic_year_id_and_department_id", (q) => q.eq("academic_year_id", args.academicYearId).eq("department_id", departmentId))
        .collect();
      totals.push(...rows.filter((r) => !view.team || r.team_id === view.team));
    }
    const viewLecturers = new Set<string>(totals.map((t) => t.lecturer_id));

    // The view's iterations, groups and allocations: one index range each per department
    // (the department is stored on the rows by the layer, lib/scope.ts).
    type Place = { iteration: Doc<"module_iterations">; module: Doc<"modules">; inView: boolean; groups: Doc<"module_iteration_groups">[] };
    const iterations = new Map<Id<"module_iterations">, Place>();
    const allocations = new Map<Id<"module_allocations">, Doc<"module_allocations">>();
    const byYearAndDepartment = <T extends "module_iterations" | "module_iteration_groups" | "module_allocations">(table: T, departmentId: Id<"departments">) =>
      ctx.db
        .query(table)
        .withIndex("by_academic_year_id_and_department_id", (q: any) => q.eq("academic_year_id", args.academicYearId).eq("department_id", departmentId))
        .collect() as Promise<Doc<T>[]>;
    for (const departmentId of view.departments) {
      const modules = new Map(
        (await ctx.db.query("modules").withIndex("by_department_id", (q) => q.eq("department_id", departmentId)).collect()).map((m) => [m._id, m]),
      );
      for (const iteration of await byYearAndDepartment("module_iterations", departmentId)) {
        const module = modules.get(iteration.module_id);
        if (module) iterations.set(iteration._id, { iteration, module, inView: true, groups: [] });
      }
      for (const g of await byYearAndDepartment("module_iteration_groups", departmentId)) iterations.get(g.module_iteration_id)?.groups.push(g);
      for (const a of await byYearAndDepartment("module_allocations", departmentId)) allocations.set(a._id, a);
      // The view's lecturers teaching elsewhere.
      const elsewhere = await ctx.db
        .query("module_allocations")
        .withIndex("by_academic_year_id_and_lecturer_department_id", (q) => q.eq("academic_year_id", args.academicYearId).eq("lecturer_department_id", departmentId))
        .collect();
      for (const a of elsewhere) {
        if (!viewLecturers.has(a.lecturer_id)) continue;
        allocations.set(a._id, a);
        if (iterations.has(a.module_iteration_id)) continue;
        const iteration = await ctx.db.get(a.module_iteration_id);
        const module = iteration ? await ctx.db.get(iteration.module_id) : null;
        if (!iteration || !module) continue;
        const groups = await ctx.db.query("module_iteration_groups").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id)).collect();
        iterations.set(iteration._id, { iteration, module, inView: false, groups });
      }
    }

    // Only what the caller may read; lecturers from elsewhere who teach here become columns too.
    // Access is worked out from rows already in hand (each read counts towards the query's limits).
    const byLecturer = new Map<string, Doc<"lecturer_year_totals"> | null>(totals.map((t) => [t.lecturer_id, t]));
    const columns = new Set<string>(viewLecturers);
    const visible: Doc<"module_allocations">[] = [];
    for (const a of allocations.values()) {
      const place = iterations.get(a.module_iteration_id);
      if (!place) continue;
      if (!byLecturer.has(a.lecturer_id)) byLecturer.set(a.lecturer_id, await totalsRowOf(ctx.db, a.lecturer_id));
      const lecturer = byLecturer.get(a.lecturer_id) ?? null;
      if (!lecturer) continue;
      if (!(await scope.forRow(place.module, lecturer)).canRead) continue;
      visible.push(a);
      if (!columns.has(a.lecturer_id)) {
        columns.add(a.lecturer_id);
        totals.push(lecturer);
      }
    }

    const names = new Map<string, string>();
    const nameOf = async (id: Id<"departments"> | Id<"teams"> | undefined) => {
      if (!id) return "";
      if (!names.has(id)) names.set(id, (await ctx.dbWithDeleted.get(id))?.name ?? "");
      return names.get(id)!;
    };

    const lecturerRows = [];
    for (const t of totals) {
      lecturerRows.push({
        id: t.lecturer_id,
        name: t.full_name,
        department_name: await nameOf(t.department_id),
        team_name: await nameOf(t.team_id),
        in_view: viewLecturers.has(t.lecturer_id),
        fte: t.fte,
        contract_hours: t.contract_hours,
        allocated_hours: t.allocated_hours,
        capacity_hours: t.capacity_hours,
        utilisation: t.utilisation,
        band: t.band,
      });
    }
    lecturerRows.sort((a, b) => Number(b.in_view) - Number(a.in_view) || a.name.localeCompare(b.name));
    const lecturerIndex = new Map<string, number>(lecturerRows.map((l, i) => [l.id, i]));
    const typeIndex = new Map<string, number>(types.map((t, i) => [t.id, i]));
    const byIteration = new Map<string, Doc<"module_allocations">[]>();
    for (const a of visible) byIteration.set(a.module_iteration_id, [...(byIteration.get(a.module_iteration_id) ?? []), a]);

    const iterationRows = [];
    for (const { iteration, module, inView, groups: unsorted } of iterations.values()) {
      const edit = await scope.editModule(module);
      const groups = unsorted.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
      const groupIndex = new Map<string, number>(groups.map((g, i) => [g._id, i]));
      const allocationRows = [];
      for (const a of byIteration.get(iteration._id) ?? []) {
        const lecturer = lecturerIndex.get(a.lecturer_id);
        const type = typeIndex.get(a.allocation_type_id);
        if (lecturer === undefined || type === undefined) continue;
        allocationRows.push({
          id: a._id,
          version: a.version,
          lecturer,
          type,
          group: a.group_id ? groupIndex.get(a.group_id) : undefined,
          share: a.share,
          hours: effectiveHours(a),
          computed_hours: a.computed_hours,
          hours_override: a.hours_override,
          override_reason: a.override_reason,
          response_status: a.response_status,
          response_comment: a.response_comment,
        });
      }
      iterationRows.push({
        id: iteration._id,
        code: iteration.code,
        module_code: module.code,
        module_title: module.title,
        semester: iteration.semester,
        student_count: iteration.student_count,
        department_name: await nameOf(module.department_id),
        in_view: inView,
        can_edit: edit.canEdit,
        read_only_reason: edit.canEdit ? undefined : (edit.reason ?? undefined),
        groups: groups.map((g) => ({ id: g._id, name: g.name, student_count: g.student_count })),
        allocations: allocationRows,
      });
    }
    iterationRows.sort((a, b) => Number(b.in_view) - Number(a.in_view) || a.code.localeCompare(b.code, undefined, { numeric: true }));

    return { label: view.label, types, iterations: iterationRows, lecturers: lecturerRows };
  },
});

/**
 * Which departments (and team) the sheet shows: the one asked for, or the
 * caller's scope. A department or team outside the caller's scope is
 * refused with the reason, so the page can say why instead of "Try again".
 */
async function resolveView(
  ctx: OrgQueryCtx,
  scope: AllocationScope,
  args: { departmentId?: Id<"departments">; teamId?: Id<"teams"> },
): Promise<{ departments: Id<"departments">[]; team?: Id<"teams">; label: string }> {
  const allowed = ctx.access.scope("allocations.view");
  if (args.teamId) {
    const team = await getOrThrow(ctx.db, args.teamId, "team");
    if (!ctx.access.has("allocations.view", { department_id: team.department_id, team_id: team._id })) {
      throw appError("FORBIDDEN", `${team.name} is outside your scope: you can open the sheet of your own department or team.`, {
        permission: "allocations.view",
      });
    }
    return { departments: [team.department_id], team: team._id, label: team.name };
  }
  if (args.departmentId) {
    const department = await getOrThrow(ctx.db, args.departmentId, "department");
    if (!ctx.access.has("allocations.view", { department_id: department._id })) {
      throw appError("FORBIDDEN", `${department.name} is outside your ${allowed && allowed.departments.size > 1 ? "departments" : "department"}: you can open the sheet of your own.`, {
        permission: "allocations.view",
      });
    }
    return { departments: [department._id], label: department.name };
  }
  if (!allowed) throw appError("INVALID_ARGUMENT", "Choose a department or a team for the sheet.");
  const departments = new Set<Id<"departments">>([...allowed.departments] as Id<"departments">[]);
  for (const teamId of allowed.teams) {
    const team = await ctx.db.get(teamId as Id<"teams">);
    if (team) departments.add(team.department_id);
  }
  if (departments.size === 0) throw appError("FORBIDDEN", "Your role is not scoped to any department or team with allocations to plan.");
  const labels = [];
  for (const id of departments) labels.push(await scope.departmentName(id));
  return { departments: [...departments], label: labels.join(", ") };
}
