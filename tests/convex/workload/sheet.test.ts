/**
 * The department sheet's data: a department's iterations with their groups
 * down the side, its lecturers (with live totals) across the top, and the
 * allocations between; other departments' iterations its lecturers teach
 * come along read-only with the reason; a department outside the caller's
 * scope is refused with the reason. The departments are stored on the rows
 * (the layer, lib/scope.ts) and follow a module that moves department.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { identity } from "../harness";
import { expectAppError, setupWorkload, withTriggers, type Workload } from "./fixtures";

async function withMathematics(w: Workload) {
  return await withTriggers(w.t, async (ctx) => {
    const base = { organisation_id: w.organisationId, created_at: 0, updated_at: 0 };
    const departmentId = await ctx.db.insert("departments", { ...base, faculty_id: w.facultyId, name: "Mathematics", code: "MA" });
    const moduleId = await ctx.db.insert("modules", { ...base, department_id: departmentId, code: "MA101", title: "Calculus", credits: 20, level: 4, default_semester: "S1" });
    const iterationId = await ctx.db.insert("module_iterations", {
      ...base,
      academic_year_id: w.activeYearId,
      module_id: moduleId,
      department_id: departmentId,
      code: "MA101-A",
      semester: "S2",
      student_count: 60,
      intakes: 1,
      version: 1,
    });
    const roles = await ctx.db.query("roles").collect();
    const userId = await ctx.db.insert("users", {
      ...base,
      email: "hod@tu.example",
      name: "Harriet Head",
      token_identifier: identity("hod@tu.example").tokenIdentifier,
      status: "active",
    });
    await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roles.find((r) => r.name === "Head of Department")!._id, scope_department_id: w.departmentId });
    return { departmentId, moduleId, iterationId };
  });
}

describe("the department sheet", () => {
  test("Computing's sheet: its iteration and lecturers with totals; Ada's Mathematics teaching read-only for its head, with the reason", async () => {
    const w = await setupWorkload();
    const math = await withMathematics(w);
    const hod = w.t.withIdentity(identity("hod@tu.example"));
    const make = (iterationId: typeof math.iterationId, code: string, share: number) =>
      w.admin.mutation(api.workload.allocations.create, { organisationId: w.organisationId, iterationId, lecturerId: w.active.ada, allocationTypeId: w.types[code], share });
    await make(w.active.iterationId, "contact", 60);
    await make(math.iterationId, "module_leadership", 100);

    const sheet = await hod.query(api.workload.sheet.get, { organisationId: w.organisationId, academicYearId: w.activeYearId });
    expect(sheet.label).toBe("Computing");
    expect(sheet.types.map((t) => t.code)).toEqual(["contact", "preparation", "marking", "module_admin", "module_leadership"]);
    expect(sheet.iterations.map((i) => [i.code, i.in_view, i.can_edit, i.read_only_reason ?? null, i.groups.length])).toEqual([
      ["CS201-A", true, true, null, 4],
      ["MA101-A", false, false, "Mathematics is outside your department.", 0],
    ]);
    expect(sheet.lecturers.map((l) => [l.name, l.in_view, l.contract_hours])).toEqual([
      ["Ada Lovelace", true, 1650],
      ["Brian Kernighan", true, 825],
    ]);
    // Ada: 300 h research allowance + 120 h contact + 15.6 h leadership of MA101 (15 + 0.01 x 60).
    expect(sheet.lecturers[0].allocated_hours).toBe(435.6);
    // Each iteration carries its allocations, naming the lecturer and type by their place in the lists.
    expect(sheet.iterations.map((i) => i.allocations.map((a) => [sheet.lecturers[a.lecturer].name, sheet.types[a.type].code, a.share, a.hours]))).toEqual([
      [["Ada Lovelace", "contact", 60, 120]],
      [["Ada Lovelace", "module_leadership", 100, 15.6]],
    ]);

    // The same head asking for Mathematics' sheet is told why not.
    const refused = await expectAppError(
      hod.query(api.workload.sheet.get, { organisationId: w.organisationId, academicYearId: w.activeYearId, departmentId: math.departmentId }),
      "FORBIDDEN",
    );
    expect(refused.message).toBe("Mathematics is outside your department: you can open the sheet of your own.");
    // An organisation-wide planner must choose; their Mathematics sheet has Ada as a column from elsewhere.
    await expectAppError(w.planner.query(api.workload.sheet.get, { organisationId: w.organisationId, academicYearId: w.activeYearId }), "INVALID_ARGUMENT");
    const mathSheet = await w.planner.query(api.workload.sheet.get, { organisationId: w.organisationId, academicYearId: w.activeYearId, departmentId: math.departmentId });
    expect(mathSheet.iterations.map((i) => [i.code, i.in_view, i.can_edit])).toEqual([["MA101-A", true, true]]);
    expect(mathSheet.lecturers.map((l) => [l.name, l.in_view, l.department_name])).toEqual([["Ada Lovelace", false, "Computing"]]);
  });

  test("a module that moves department takes its iterations, groups and allocations with it", async () => {
    const w = await setupWorkload();
    const math = await withMathematics(w);
    const a = await w.admin.mutation(api.workload.allocations.create, {
      organisationId: w.organisationId,
      iterationId: w.active.iterationId,
      lecturerId: w.active.ada,
      allocationTypeId: w.types.contact,
      groupId: w.active.groups[0],
      share: 100,
    });
    const placed = await w.t.run(async (ctx) => ctx.db.get(a.id));
    expect([placed!.department_id, placed!.lecturer_department_id]).toEqual([w.departmentId, w.departmentId]);
    await w.admin.mutation(api.curriculum.modules.update, { organisationId: w.organisationId, id: w.moduleId, patch: { department_id: math.departmentId } });
    const moved = await w.t.run(async (ctx) => ({
      iterations: (await ctx.db.query("module_iterations").withIndex("by_module_id", (q) => q.eq("module_id", w.moduleId)).collect()).map((i) => i.department_id),
      groups: (await ctx.db.query("module_iteration_groups").collect()).map((g) => g.department_id),
      allocation: (await ctx.db.get(a.id))!,
    }));
    expect(new Set(moved.iterations)).toEqual(new Set([math.departmentId]));
    expect(new Set(moved.groups)).toEqual(new Set([math.departmentId]));
    expect([moved.allocation.department_id, moved.allocation.lecturer_department_id]).toEqual([math.departmentId, w.departmentId]);
    // The move is one audited change (the module's), not one per derived row.
    const audit = await w.t.run(async (ctx) => (await ctx.db.query("audit_logs").collect()).filter((r) => r.action === "update" && r.changed_fields.includes("department_id")));
    expect(audit.map((r) => r.entity_type)).toEqual(["modules"]);
  });
});
