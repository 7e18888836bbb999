/**
 * The default roles against the scope registry: a Head of Department, who
 * is normally scoped to one department, holds no permission that only an
 * organisation-wide grant can use, and can still plan their department end
 * to end.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { DEFAULT_ROLES } from "../../../convex/lib/permissions";
import { organisationOnlyPermissions } from "../../../convex/lib/scope";
import { expectAppError, identity, newBackend } from "../harness";
import { asSystem, buildFixture } from "./fixture";
import { publicFunctions } from "./functions";

describe("default roles", { timeout: 60_000 }, () => {
  test("a Head of Department holds nothing only an organisation-wide grant can use", () => {
    const orgOnly = organisationOnlyPermissions(publicFunctions().map((f) => ({ permission: f.meta.permission, query: f.type === "query" })));
    // years.rollover is declared by rollover's read queries too (a scoped holder may read a run's progress); its
    // mutations refuse a scoped grant themselves (structure/rollover.ts, requireOrganisationWide).
    expect(orgOnly).toEqual(["organisation.manage", "reference.edit", "reports.manage", "roles.manage", "rules.edit", "structure.edit"]);
    const hod = DEFAULT_ROLES.find((r) => r.name === "Head of Department")!;
    expect(hod.permissions.filter((p) => orgOnly.includes(p))).toEqual([]);
  });

  test("a Head of Department scoped to Computer Science plans Computer Science", async () => {
    const t = newBackend();
    const fx = await buildFixture(t);
    await asSystem(t, async (db) => {
      const now = Date.now();
      const roles = await db.query("roles").withIndex("by_organisation_id", (q: any) => q.eq("organisation_id", fx.org)).collect();
      const user = await db.insert("users", { organisation_id: fx.org, created_at: now, updated_at: now, email: "harriet@fixture.test", name: "Harriet", status: "active", token_identifier: identity("harriet@fixture.test").tokenIdentifier });
      await db.insert("user_role_assignments", { organisation_id: fx.org, created_at: now, updated_at: now, user_id: user, role_id: roles.find((r: any) => r.name === "Head of Department")._id, scope_department_id: fx.home });
    });
    const harriet = t.withIdentity(identity("harriet@fixture.test"));
    const org = fx.org;
    const { lecturerId } = await harriet.mutation(api.staff.lecturerProfiles.createWithInstance, {
      organisationId: org,
      academicYearId: fx.year,
      first_name: "Nia",
      last_name: "New",
      email: "nia@fixture.test",
      default_contract_family: "teaching_focused",
      default_fte: 1,
      department_id: fx.home,
    });
    const module = await harriet.mutation(api.curriculum.modules.create, { organisationId: org, code: "CS250", title: "Networks", credits: 20, level: 5, default_semester: "S2", department_id: fx.home });
    const iterationId = await harriet.mutation(api.delivery.iterations.create, { organisationId: org, academicYearId: fx.year, module_id: module, code: "CS250-A", semester: "S2", student_count: 40, intakes: 1 });
    await harriet.mutation(api.delivery.groups.create, { organisationId: org, academicYearId: fx.year, module_iteration_id: iterationId, name: "G1", student_count: 40 });
    const types = await harriet.query(api.reference.allocationTypes.all, { organisationId: org });
    const result = await harriet.mutation(api.workload.allocations.create, {
      organisationId: org,
      iterationId,
      lecturerId,
      allocationTypeId: types.find((x) => x.code === "contact")!._id,
      share: 100,
    });
    expect(result.hours).toBeGreaterThan(0);
    const categories = await harriet.query(api.reference.adminCategories.all, { organisationId: org });
    await harriet.mutation(api.staff.adminAllocations.create, { organisationId: org, academicYearId: fx.year, lecturer_id: lecturerId, category_id: categories[0]._id, hours: 20, recurring: true });
    const detail = await harriet.query(api.workload.dashboard.lecturerDetail, { organisationId: org, lecturerId });
    expect(detail.totals?.allocated_hours).toBeGreaterThan(20);
    // What is the whole organisation's stays out of reach.
    await expectAppError(
      harriet.mutation(api.workload.rules.update, {
        organisationId: org,
        ruleId: fx.rows.workload_calculation_rules as Id<"workload_calculation_rules">,
        expectedVersion: 1,
        patch: { priority: 9 },
      }),
      "FORBIDDEN",
    );
    await expectAppError(harriet.mutation(api.structure.teams.create, { organisationId: org, name: "New team", department_id: fx.home }), "FORBIDDEN");
  });
});
