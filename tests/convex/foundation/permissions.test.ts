/**
 * Who may do what: a missing permission is FORBIDDEN and changes nothing; an
 * expired assignment grants nothing; a department-scoped role reaches only
 * its department.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { countRows, createOrganisation, expectAppError, identity, member, newBackend, roleId } from "../harness";

describe("permissions", () => {
  test("a Viewer reads but cannot create, update or delete; nothing changes", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const facultyId = await admin.mutation(api.structure.faculties.create, { organisationId, name: "Science", code: "SCI" });
    const { client: viewer } = await member(t, admin, organisationId, "viewer@a.example", "Viewer");

    expect((await viewer.query(api.structure.faculties.all, { organisationId })).map((f) => f.name)).toEqual(["Science"]);
    const denied = await expectAppError(
      viewer.mutation(api.structure.faculties.create, { organisationId, name: "Arts", code: "ART" }),
      "FORBIDDEN",
    );
    expect(denied.message).toBe("You do not have permission to edit faculties, departments, teams, sites and semester periods.");
    await expectAppError(
      viewer.mutation(api.structure.faculties.update, { organisationId, id: facultyId, patch: { name: "Renamed" } }),
      "FORBIDDEN",
    );
    await expectAppError(viewer.mutation(api.structure.faculties.remove, { organisationId, id: facultyId }), "FORBIDDEN");
    await expectAppError(viewer.query(api.people.users.list, { organisationId, paginationOpts: { numItems: 10, cursor: null } }), "FORBIDDEN");

    const faculties = await t.run((ctx) => ctx.db.query("faculties").collect());
    expect(faculties.map((f) => [f.name, f.deleted_at])).toEqual([["Science", undefined]]);
    // Only the admin's create left an audit row for faculties.
    const audits = await t.run((ctx) => ctx.db.query("audit_logs").withIndex("by_entity_type_and_entity_id", (q) => q.eq("entity_type", "faculties").eq("entity_id", facultyId)).collect());
    expect(audits.map((a) => a.action)).toEqual(["create"]);
  });

  test("an expired role assignment no longer grants anything", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const { client: temp, userId } = await member(t, admin, organisationId, "temp@a.example", "Viewer");
    const plannerRole = await roleId(t, organisationId, "Planner");
    const soon = Date.now() + 60_000;
    const assignmentId = await admin.mutation(api.people.assignments.grant, { organisationId, userId, roleId: plannerRole, expiresAt: soon });
    await temp.mutation(api.structure.sites.create, { organisationId, name: "Never", code: "N" }).catch(() => undefined);
    const before = await temp.query(api.people.users.me, { organisationId });
    expect(before.permissions.map((p) => p.permission)).toContain("allocations.edit");

    // The assignment passes its expiry.
    await t.run((ctx) => ctx.db.patch(assignmentId, { expires_at: Date.now() - 1 }));
    const after = await temp.query(api.people.users.me, { organisationId });
    expect(after.permissions.map((p) => p.permission)).not.toContain("allocations.edit");
    expect(after.permissions.map((p) => p.permission)).toContain("allocations.view"); // from the unexpired Viewer role
    await expectAppError(
      temp.mutation(api.staff.lecturerProfiles.createWithInstance, {
        organisationId,
        academicYearId: (await admin.query(api.structure.academicYears.all, { organisationId }))[0]._id,
        first_name: "Ann",
        last_name: "Other",
        email: "ann@a.example",
        default_contract_family: "teaching_focused",
        default_fte: 1,
      }),
      "FORBIDDEN",
    );
    expect(await countRows(t, "lecturer_profiles")).toBe(0);
    await expectAppError(
      admin.mutation(api.people.assignments.grant, { organisationId, userId, roleId: plannerRole, expiresAt: Date.now() - 1000 }),
      "INVALID_ARGUMENT",
    );
  });

  test("a department-scoped Head of Department edits lecturers in that department only", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const cs = await admin.mutation(api.structure.departments.create, { organisationId, name: "Computer Science", code: "CS" });
    const law = await admin.mutation(api.structure.departments.create, { organisationId, name: "Law", code: "LW" });
    const { client: hod, userId } = await member(t, admin, organisationId, "hod@a.example", "Viewer");
    await admin.mutation(api.people.assignments.grant, {
      organisationId,
      userId,
      roleId: await roleId(t, organisationId, "Head of Department"),
      scopeDepartmentId: cs,
    });
    const lecturer = (email: string, department_id: typeof cs) => ({
      organisationId,
      academicYearId,
      first_name: "Lee",
      last_name: "Lecturer",
      email,
      default_contract_family: "teaching_and_research" as const,
      default_fte: 1,
      department_id,
    });
    const mine = await hod.mutation(api.staff.lecturerProfiles.createWithInstance, lecturer("lee.cs@a.example", cs));
    expect(mine.lecturerId).toBeDefined();
    await expectAppError(hod.mutation(api.staff.lecturerProfiles.createWithInstance, lecturer("lee.law@a.example", law)), "FORBIDDEN");
    const other = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, lecturer("lee.law@a.example", law));
    await expectAppError(
      hod.mutation(api.staff.lecturers.update, { organisationId, id: other.lecturerId, patch: { fte: 0.5 }, expectedVersion: 1 }),
      "FORBIDDEN",
    );
    // Moving their own lecturer into Law would take it out of their scope: refused too.
    await expectAppError(
      hod.mutation(api.staff.lecturers.update, { organisationId, id: mine.lecturerId, patch: { department_id: law }, expectedVersion: 1 }),
      "FORBIDDEN",
    );
    await hod.mutation(api.staff.lecturers.update, { organisationId, id: mine.lecturerId, patch: { fte: 0.8 }, expectedVersion: 1 });
    const rows = await t.run((ctx) => ctx.db.query("lecturers").collect());
    expect(rows.map((r) => [r.department_id === cs ? "CS" : "LW", r.fte]).sort()).toEqual([["CS", 0.8], ["LW", 1]]);
  });

  test("a suspended member loses access; one cannot suspend oneself", async () => {
    const t = newBackend();
    const { admin, organisationId } = await createOrganisation(t);
    const { client, userId } = await member(t, admin, organisationId, "p@a.example", "Planner");
    await admin.mutation(api.people.users.update, { organisationId, id: userId, status: "suspended" });
    await expectAppError(client.query(api.structure.faculties.all, { organisationId }), "FORBIDDEN");
    const me = await admin.query(api.people.users.me, { organisationId });
    await expectAppError(admin.mutation(api.people.users.update, { organisationId, id: me.user._id, status: "suspended" }), "INVALID_ARGUMENT");
    expect(await t.withIdentity(identity("p@a.example")).query(api.organisations.membership.mine, {})).toEqual([]);
  });
});
