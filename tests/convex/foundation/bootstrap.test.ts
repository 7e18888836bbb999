/**
 * Creating an organisation: everything a new organisation needs is there at
 * once (roles, reference data, settings, rules), the creator is its Admin,
 * and bad input is refused without leaving anything behind.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { ALL_PERMISSIONS } from "../../../convex/lib/permissions";
import { countRows, createOrganisation, expectAppError, identity, newBackend } from "../harness";

describe("organisation bootstrap", () => {
  test("seeds roles, reference data, settings and rules, and makes the creator Admin", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);

    const me = await admin.query(api.people.users.me, { organisationId });
    expect(me.user.status).toBe("active");
    expect(me.permissions.map((p) => p.permission).sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(me.permissions.every((p) => p.all)).toBe(true);

    const roles = await admin.query(api.people.roles.all, { organisationId });
    expect(roles.map((r) => r.name).sort()).toEqual(["Admin", "Head of Department", "Lecturer", "Planner", "Viewer"]);
    const lecturerRole = roles.find((r) => r.name === "Lecturer")!;
    expect(lecturerRole.permissions).toContain("allocations.respond");
    expect(lecturerRole.permissions).not.toContain("allocations.edit");

    const types = await admin.query(api.reference.allocationTypes.all, { organisationId });
    expect(types.map((x) => x.code)).toEqual(["contact", "preparation", "marking", "module_admin", "module_leadership"]);
    const statuses = await admin.query(api.reference.lecturerStatuses.all, { organisationId });
    expect(statuses.map((s) => s.code)).toEqual(["active", "on_leave", "sabbatical", "left"]);
    const assessment = await admin.query(api.reference.assessmentTypes.all, { organisationId });
    expect(assessment.find((a) => a.code === "exam")!.marking_hours_per_script).toBe(1);

    const years = await admin.query(api.structure.academicYears.all, { organisationId });
    expect(years).toHaveLength(1);
    expect(years[0]).toMatchObject({ _id: academicYearId, status: "active", name: "2026/27" });
    const semesters = await admin.query(api.structure.semesterPeriods.all, { organisationId, academicYearId });
    expect(semesters.map((s) => s.code)).toEqual(["S1", "S2"]);

    const settings = await t.run((ctx) =>
      ctx.db.query("organisation_settings").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).unique(),
    );
    expect(settings!.standard_fte_hours).toBe(1650);
    expect(settings!.band_thresholds).toEqual({ under: 0.8, healthy: 0.95, near: 1, critical: 1.1 });
    const rules = await t.run((ctx) =>
      ctx.db.query("workload_calculation_rules").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect(),
    );
    expect(rules.find((r) => r.conditions.allocation_type_codes?.includes("contact"))!.formula).toBe("credits * 2.5 * groups * share");
  });

  test("refuses a bad code or a taken code and creates nothing", async () => {
    const t = newBackend();
    const person = t.withIdentity(identity("someone@x.example"));
    const firstYear = { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31" };
    const bad = await expectAppError(
      person.mutation(api.organisations.membership.create, { name: "X University", code: "no spaces!", firstYear }),
      "INVALID_ARGUMENT",
    );
    expect(bad.message).toMatch(/2-16 letters/);
    await expectAppError(
      person.mutation(api.organisations.membership.create, {
        name: "X University",
        code: "XU",
        firstYear: { ...firstYear, end_date: "2026-01-01" },
      }),
      "INVALID_ARGUMENT",
    );
    expect(await countRows(t, "organisations")).toBe(0);
    expect(await countRows(t, "roles")).toBe(0);

    await createOrganisation(t, "first@x.example", "XU");
    await expectAppError(
      person.mutation(api.organisations.membership.create, { name: "Other", code: "xu", firstYear }),
      "CONFLICT",
    );
    expect(await countRows(t, "organisations")).toBe(1);
  });

  test("an anonymous caller is UNAUTHENTICATED everywhere", async () => {
    const t = newBackend();
    const { organisationId } = await createOrganisation(t);
    await expectAppError(t.query(api.organisations.membership.mine, {}), "UNAUTHENTICATED");
    await expectAppError(t.query(api.structure.faculties.all, { organisationId }), "UNAUTHENTICATED");
    await expectAppError(t.mutation(api.structure.faculties.create, { organisationId, name: "F", code: "F" }), "UNAUTHENTICATED");
  });

  test("an invitation binds to the invited person's identity on first sign-in", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const roles = await admin.query(api.people.roles.all, { organisationId });
    await admin.mutation(api.people.users.invite, {
      organisationId,
      email: "Planner@A.example",
      name: "Pat Planner",
      roleId: roles.find((r) => r.name === "Planner")!._id,
    });
    const planner = t.withIdentity(identity("planner@a.example"));
    expect(await planner.query(api.organisations.membership.mine, {})).toEqual([]);
    await expectAppError(planner.query(api.people.users.me, { organisationId }), "FORBIDDEN");
    expect(await planner.mutation(api.organisations.membership.acceptInvitations, {})).toBe(1);
    const mine = await planner.query(api.organisations.membership.mine, {});
    expect(mine.map((m) => m.organisationName)).toEqual(["Organisation ORG-A"]);
    const me = await planner.query(api.people.users.me, { organisationId });
    expect(me.permissions.map((p) => p.permission)).toContain("allocations.edit");
    expect(me.permissions.map((p) => p.permission)).not.toContain("users.manage");
    // A second sign-in accepts nothing new; someone else's email binds nothing.
    expect(await planner.mutation(api.organisations.membership.acceptInvitations, {})).toBe(0);
    expect(await t.withIdentity(identity("other@a.example")).mutation(api.organisations.membership.acceptInvitations, {})).toBe(0);
    await expectAppError(
      admin.mutation(api.people.users.invite, {
        organisationId,
        email: "planner@a.example",
        name: "Again",
        roleId: roles[0]._id,
      }),
      "CONFLICT",
    );
  });
});
