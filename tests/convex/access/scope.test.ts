/**
 * Scope by construction, as a Head of Department of Mathematics and of
 * Computer Science would meet it: personal records of another department are
 * invisible in lists and FORBIDDEN (with the reason) when read directly;
 * curriculum is readable but changed only within scope; an allocation is
 * changed by its module's department and read by either; organisation-level
 * objects need an organisation-wide grant; dashboards and the trail cover the
 * scope only; and the place fields the layer stores follow their parents.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { expectAppError, identity, newBackend } from "../harness";
import { diff, dump } from "./dump";
import { asSystem, buildFixture, emailOf, type Fixture } from "./fixture";

const as = (t: ReturnType<typeof newBackend>, who: string) => t.withIdentity(identity(who.includes("@") ? who : emailOf(who as any)));

/** A Mathematics lecturer, and a Head of Department scoped to Computer Science ("Harriet"). */
async function withMathsAndHarriet(t: ReturnType<typeof newBackend>, fx: Fixture) {
  return await asSystem(t, async (db) => {
    const now = Date.now();
    const base = { organisation_id: fx.org, created_at: now, updated_at: now };
    const profile = await db.insert("lecturer_profiles", {
      ...base,
      first_name: "Maya",
      last_name: "Maths",
      full_name: "Maya Maths",
      email: "maya@fixture.test",
      default_contract_family: "teaching_focused",
      default_fte: 1,
      department_id: fx.other,
    });
    const lecturer: Id<"lecturers"> = await db.insert("lecturers", {
      ...base,
      academic_year_id: fx.year,
      profile_id: profile,
      department_id: fx.other,
      fte: 1,
      contract_family: "teaching_focused",
      version: 1,
    });
    const roles = await db.query("roles").withIndex("by_organisation_id", (q: any) => q.eq("organisation_id", fx.org)).collect();
    const harriet = await db.insert("users", { ...base, email: "harriet@fixture.test", name: "Harriet Head", status: "active", token_identifier: identity("harriet@fixture.test").tokenIdentifier });
    await db.insert("user_role_assignments", { ...base, user_id: harriet, role_id: roles.find((r: any) => r.name === "Head of Department")._id, scope_department_id: fx.home });
    return { mayaProfile: profile, maya: lecturer };
  });
}

describe("scope by construction", { timeout: 60_000 }, () => {
  test("another department's personal records are invisible in lists and FORBIDDEN with the reason when read or changed", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const { maya } = await withMathsAndHarriet(t, fx);
    const mathsHead = as(t, "hodOther");
    const args = { organisationId: fx.org, academicYearId: fx.year };

    expect((await mathsHead.query(api.staff.lecturers.all, args)).map((l) => l._id)).toEqual([maya]);
    expect((await mathsHead.query(api.staff.adminAllocations.all, args)).length).toBe(0);
    const denied = await expectAppError(mathsHead.query(api.staff.lecturers.get, { organisationId: fx.org, id: fx.rows.lecturers as Id<"lecturers"> }), "FORBIDDEN");
    expect(denied.message).toBe("Computer Science is outside your department (Mathematics): you cannot reach this lecturer.");
    await expectAppError(mathsHead.query(api.workload.dashboard.lecturerDetail, { organisationId: fx.org, lecturerId: fx.rows.lecturers as Id<"lecturers"> }), "FORBIDDEN");

    const before = await dump(t);
    await expectAppError(
      mathsHead.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: fx.rows.lecturers as Id<"lecturers">, patch: { fte: 0.2 }, expectedVersion: 1 }),
      "FORBIDDEN",
    );
    // Moving one's own lecturer into another department would take it out of scope: refused too.
    await expectAppError(
      mathsHead.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: maya, patch: { department_id: fx.home }, expectedVersion: 1 }),
      "FORBIDDEN",
    );
    expect(diff(before, await dump(t))).toEqual([]);

    // Harriet, Head of Computer Science, sees her lecturers and not Maya.
    const harriet = as(t, "harriet@fixture.test");
    const hers = (await harriet.query(api.staff.lecturers.all, args)).map((l) => l._id).sort();
    expect(hers).toEqual([fx.rows.lecturers, fx.leaf.lecturers, fx.ownLecturer].sort());
    const outside = await expectAppError(harriet.query(api.staff.lecturers.get, { organisationId: fx.org, id: maya }), "FORBIDDEN");
    expect(outside.message).toBe("Mathematics is outside your department (Computer Science): you cannot reach this lecturer.");
  });

  test("curriculum is readable by members but changed only within scope", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const mathsHead = as(t, "hodOther");
    const modules = await mathsHead.query(api.curriculum.modules.all, { organisationId: fx.org });
    expect(modules.map((m) => m.code)).toContain("CS101");
    const refused = await expectAppError(
      mathsHead.mutation(api.curriculum.modules.update, { organisationId: fx.org, id: fx.rows.modules as Id<"modules">, patch: { title: "Renamed" } }),
      "FORBIDDEN",
    );
    expect(refused.message).toBe("Computer Science is outside your department (Mathematics): you cannot reach this module.");
    // Creating into another department is refused; into one's own it works.
    await expectAppError(
      mathsHead.mutation(api.curriculum.modules.create, { organisationId: fx.org, code: "CS201", title: "Data", credits: 20, level: 5, default_semester: "S1", department_id: fx.home }),
      "FORBIDDEN",
    );
    await mathsHead.mutation(api.curriculum.modules.create, { organisationId: fx.org, code: "MA201", title: "Algebra", credits: 20, level: 5, default_semester: "S1", department_id: fx.other });
  });

  test("an allocation is changed by its module's department and read by the lecturer's, read-only with the reason", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const { maya } = await withMathsAndHarriet(t, fx);
    const harriet = as(t, "harriet@fixture.test");
    const mathsHead = as(t, "hodOther");
    const iterationId = fx.rows.module_iterations as Id<"module_iterations">;
    const prep = (await harriet.query(api.reference.allocationTypes.all, { organisationId: fx.org })).find((x) => x.code === "preparation")!;
    // Harriet gives Maya (Mathematics) work on her Computer Science module.
    const created = await harriet.mutation(api.workload.allocations.create, { organisationId: fx.org, iterationId, lecturerId: maya, allocationTypeId: prep._id, share: 50 });
    // Maya's personal figures stay hidden from Harriet: no capacity warnings about her.
    expect(created.warnings.map((w) => w.code)).not.toContain("OVER_CAPACITY");
    const stored = await t.run((ctx) => ctx.db.get(created.id));
    expect(stored).toMatchObject({ department_id: fx.home, lecturer_department_id: fx.other });

    // The Head of Mathematics sees it (Maya is theirs) but cannot change it.
    const seen = await mathsHead.query(api.workload.allocations.listForIteration, { organisationId: fx.org, iterationId });
    expect(seen.allocations.map((a) => [a.lecturer_name, a.can_edit, a.read_only_reason])).toEqual([["Maya Maths", false, "Computer Science is outside your department."]]);
    await expectAppError(
      mathsHead.mutation(api.workload.allocations.update, { organisationId: fx.org, allocationId: created.id, expectedVersion: created.version, share: 40 }),
      "FORBIDDEN",
    );
    expect((await mathsHead.query(api.workload.allocations.listForLecturer, { organisationId: fx.org, lecturerId: maya })).map((a) => a.id)).toEqual([created.id]);
    // Harriet's view names Maya (directory) and lets her edit it.
    const hers = await harriet.query(api.workload.allocations.listForIteration, { organisationId: fx.org, iterationId });
    expect(hers.allocations.find((a) => a.id === created.id)).toMatchObject({ lecturer_name: "Maya Maths", can_edit: true });
    await harriet.mutation(api.workload.allocations.update, { organisationId: fx.org, allocationId: created.id, expectedVersion: created.version, share: 40 });
  });

  test("organisation-level objects need an organisation-wide grant", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    await withMathsAndHarriet(t, fx);
    // A department-scoped Admin holds every permission, but only within Mathematics.
    await asSystem(t, async (db) => {
      const roles = await db.query("roles").withIndex("by_organisation_id", (q: any) => q.eq("organisation_id", fx.org)).collect();
      const now = Date.now();
      const user = await db.insert("users", { organisation_id: fx.org, created_at: now, updated_at: now, email: "scoped.admin@fixture.test", name: "Scoped Admin", status: "active", token_identifier: identity("scoped.admin@fixture.test").tokenIdentifier });
      await db.insert("user_role_assignments", { organisation_id: fx.org, created_at: now, updated_at: now, user_id: user, role_id: roles.find((r: any) => r.name === "Admin")._id, scope_department_id: fx.other });
    });
    const scopedAdmin = as(t, "scoped.admin@fixture.test");
    const site = await expectAppError(scopedAdmin.mutation(api.structure.sites.create, { organisationId: fx.org, name: "North", code: "N" }), "FORBIDDEN");
    expect(site.message).toBe(
      "Changing sites needs an organisation-wide grant to edit reference data (allocation types, statuses, categories...); yours reaches your department (Mathematics).",
    );
    await expectAppError(
      scopedAdmin.mutation(api.workload.rules.create, {
        organisationId: fx.org,
        academicYearId: fx.year,
        rule: { name: "Mine", formula: "credits", conditions: {}, priority: 1, rounding: "none", rounding_step: 0, is_active: true },
      }),
      "FORBIDDEN",
    );
    await expectAppError(scopedAdmin.mutation(api.structure.departments.update, { organisationId: fx.org, id: fx.other, patch: { name: "Maths" } }), "FORBIDDEN");
    await expectAppError(
      scopedAdmin.mutation(api.workload.settings.update, { organisationId: fx.org, academicYearId: fx.year, expectedVersion: 1, patch: { teaching_weeks: 20 } }),
      "FORBIDDEN",
    );
    // Reading them is for every member.
    expect((await scopedAdmin.query(api.structure.sites.all, { organisationId: fx.org })).length).toBeGreaterThan(0);
  });

  test("dashboards and the audit trail cover the caller's scope only", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const { maya } = await withMathsAndHarriet(t, fx);
    const admin = as(t, "admin");
    // A change in each department, through the functions, so the trail has both.
    await admin.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: fx.rows.lecturers as Id<"lecturers">, patch: { fte: 0.9 }, expectedVersion: 1 });
    await admin.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: maya, patch: { fte: 0.8 }, expectedVersion: 1 });
    const mathsHead = as(t, "hodOther");
    const overview = await mathsHead.query(api.workload.dashboard.overview, { organisationId: fx.org, academicYearId: fx.year });
    expect(overview.lecturer_count).toBe(1);
    const everyone = await admin.query(api.workload.dashboard.overview, { organisationId: fx.org, academicYearId: fx.year });
    expect(everyone.lecturer_count).toBe(4);
    const trail = await mathsHead.query(api.audit.logs.list, { organisationId: fx.org, paginationOpts: { numItems: 200, cursor: null }, entityType: "lecturers" });
    expect(trail.page.map((r) => [r.entity_id, r.action])).toEqual([
      [maya, "update"],
      [maya, "create"],
    ]);
    expect(trail.page[0]).toMatchObject({ department_id: fx.other, actor_kind: "user", user_name: "admin" });
    expect(trail.page[1]).toMatchObject({ actor_kind: "system", user_name: "Test fixture" });
    // Organisation-level changes are there for every holder of audit.view.
    const north = await admin.mutation(api.structure.sites.create, { organisationId: fx.org, name: "North", code: "N" });
    const sites = await mathsHead.query(api.audit.logs.list, { organisationId: fx.org, paginationOpts: { numItems: 50, cursor: null }, entityType: "sites" });
    expect(sites.page.filter((r) => r.entity_id === north).map((r) => [r.action, r.user_name])).toEqual([["create", "admin"]]);
    const gaps = await mathsHead.query(api.workload.dashboard.coverageGaps, { organisationId: fx.org, academicYearId: fx.year });
    expect(gaps).toEqual([]); // Mathematics runs no modules; Computer Science's gaps are not theirs
    expect((await admin.query(api.workload.dashboard.coverageGaps, { organisationId: fx.org, academicYearId: fx.year })).length).toBeGreaterThan(0);
  });

  test("the layer stores places and keeps them in step when a parent moves", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const { maya } = await withMathsAndHarriet(t, fx);
    const admin = as(t, "admin");
    const read = (id: string) => t.run((ctx) => ctx.db.get(id as any)) as Promise<any>;
    expect(await read(fx.rows.module_allocations!)).toMatchObject({ department_id: fx.home, lecturer_department_id: fx.home, lecturer_team_id: fx.homeTeam });
    expect(await read(fx.rows.admin_allocations!)).toMatchObject({ department_id: fx.home, team_id: fx.homeTeam });
    expect(await read(fx.rows.module_iteration_groups!)).toMatchObject({ department_id: fx.home });
    expect(await read(fx.rows.cohort_module_plans!)).toMatchObject({ department_id: fx.home });
    // The module moves to Mathematics: its iterations, groups, assessments and allocations follow.
    await admin.mutation(api.curriculum.modules.update, { organisationId: fx.org, id: fx.rows.modules as Id<"modules">, patch: { department_id: fx.other } });
    for (const id of [fx.rows.module_iterations, fx.rows.module_iteration_groups, fx.rows.module_iteration_assessments, fx.rows.module_allocations]) {
      expect((await read(id!)).department_id).toBe(fx.other);
    }
    // The lecturer moves: their admin allocations and the allocations' lecturer place follow.
    await admin.mutation(api.staff.lecturers.update, { organisationId: fx.org, id: fx.rows.lecturers as Id<"lecturers">, patch: { department_id: fx.other, team_id: null }, expectedVersion: 1 });
    expect(await read(fx.rows.admin_allocations!)).toMatchObject({ department_id: fx.other });
    expect((await read(fx.rows.admin_allocations!)).team_id).toBeUndefined();
    expect(await read(fx.rows.module_allocations!)).toMatchObject({ lecturer_department_id: fx.other });
    // A handler cannot set a derived place: the layer writes what the parent says.
    await admin.mutation(api.staff.specialisations.create, { organisationId: fx.org, lecturer_profile_id: (await read(maya)).profile_id, subject: "algebra", level: "expert" });
    const spec = await t.run((ctx) => ctx.db.query("lecturer_specialisations").filter((q) => q.eq(q.field("subject"), "algebra")).first());
    expect(spec).toMatchObject({ department_id: fx.other });
    // Audit rows carry the place of what they describe.
    const audit = await t.run((ctx) => ctx.db.query("audit_logs").withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", "lecturer_specialisations").eq("entity_id", spec!._id)).first());
    expect(audit).toMatchObject({ department_id: fx.other, actor_kind: "user", actor_name: "admin" });
  });
  test("a suggested line sits in its module's department: seen and accepted there only, and it follows the module", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    const admin = as(t, "admin");
    const mathsHead = as(t, "hodOther");
    const lineId = fx.rows.allocation_suggestion_lines as Id<"allocation_suggestion_lines">;
    const read = (id: string) => t.run((ctx) => ctx.db.get(id as any)) as Promise<any>;
    expect(await read(lineId)).toMatchObject({ department_id: fx.home });
    // The Head of Mathematics's own run, holding a line on a Computer Science module (as if their scope had shrunk).
    const runId = await asSystem(t, async (db) => {
      const now = Date.now();
      const run = await db.insert("allocation_suggestion_runs", {
        organisation_id: fx.org,
        academic_year_id: fx.year,
        started_by: fx.users.hodOther,
        strategy: "balance",
        settings: { step_percent: 50, time_limit_seconds: 10 },
        status: "completed",
        line_count: 1,
        accepted_count: 0,
        skipped_count: 0,
        created_at: now,
        updated_at: now,
      });
      const { _id, _creationTime, department_id, ...line } = await db.get(lineId);
      await db.insert("allocation_suggestion_lines", { ...line, run_id: run });
      return run as Id<"allocation_suggestion_runs">;
    });
    const theirs = await mathsHead.query(api.workload.suggestions.getRun, { organisationId: fx.org, runId });
    expect(theirs.lines).toEqual([]);
    const hidden = await t.run(async (ctx) => (await ctx.db.query("allocation_suggestion_lines").withIndex("by_run_id_and_position", (q) => q.eq("run_id", runId)).first())!._id);
    const before = await dump(t);
    const refused = await expectAppError(mathsHead.mutation(api.workload.suggestions.accept, { organisationId: fx.org, runId, lineIds: [hidden] }), "FORBIDDEN");
    expect(refused.message).toBe("Computer Science is outside your department (Mathematics): you cannot reach this suggestion line.");
    expect(diff(before, await dump(t))).toEqual([]);
    // The module moves to Mathematics: the lines follow, and the Head of Mathematics now sees theirs.
    await admin.mutation(api.curriculum.modules.update, { organisationId: fx.org, id: fx.rows.modules as Id<"modules">, patch: { department_id: fx.other } });
    expect(await read(lineId)).toMatchObject({ department_id: fx.other });
    expect((await mathsHead.query(api.workload.suggestions.getRun, { organisationId: fx.org, runId })).lines.map((l) => l._id)).toEqual([hidden]);
  });
});
