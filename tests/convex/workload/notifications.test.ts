/**
 * The bell: a lecturer hears about every change a planner makes to their
 * allocations, the planners hear when the lecturer queries one, nobody is
 * told about their own change, and notices can be turned off.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, identity, member, newBackend, roleId } from "../harness";

describe("allocation notifications", () => {
  test("lecturer and planner hear about each other's changes", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const { client: planner } = await member(t, admin, organisationId, "pat@a.example", "Planner");
    const lin = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
      organisationId,
      academicYearId,
      first_name: "Lin",
      last_name: "Lecturer",
      email: "lin@a.example",
      default_contract_family: "teaching_focused",
      default_fte: 1,
    });
    await admin.mutation(api.people.users.invite, {
      organisationId,
      email: "lin@a.example",
      name: "Lin Lecturer",
      roleId: await roleId(t, organisationId, "Lecturer"),
      lecturerProfileId: lin.profileId,
    });
    const lecturer = t.withIdentity(identity("lin@a.example"));
    await lecturer.mutation(api.organisations.membership.acceptInvitations, {});

    const moduleId = await admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS101", title: "Programming", credits: 20, level: 4, default_semester: "S1" });
    const iterationId = await admin.mutation(api.delivery.iterations.create, { organisationId, academicYearId, module_id: moduleId, code: "CS101-A", semester: "S1", student_count: 50, intakes: 1 });
    const leadership = (await admin.query(api.reference.allocationTypes.all, { organisationId })).find((x) => x.code === "module_leadership")!;

    const created = await planner.mutation(api.workload.allocations.create, {
      organisationId, iterationId, lecturerId: lin.lecturerId, allocationTypeId: leadership._id, share: 100,
    });
    const bell = async (who: typeof lecturer) => await who.query(api.account.notifications.list, { organisationId });
    let linBell = await bell(lecturer);
    expect(linBell.unreadCount).toBe(1);
    // Module leadership: 15 + 0.01 x 50 students = 15.5 h.
    expect(linBell.items[0]).toMatchObject({
      kind: "allocation_created",
      title: "New allocation on CS101-A",
      body: "pat gave you 100% of Module leadership on CS101-A Programming: 15.5 h.",
    });

    const changed = await planner.mutation(api.workload.allocations.update, { organisationId, allocationId: created.id, expectedVersion: created.version, share: 50 });
    linBell = await bell(lecturer);
    expect(linBell.items[0].body).toBe("pat changed your 50% of Module leadership on CS101-A Programming: 7.8 h.");

    await lecturer.mutation(api.workload.allocations.respond, { organisationId, allocationId: created.id, expectedVersion: changed.version, status: "queried", comment: "I led it alone last year" });
    const queried = [["Lin Lecturer queried an allocation", '50% of Module leadership on CS101-A Programming: "I led it alone last year"']];
    expect((await bell(planner)).items.map((n) => [n.title, n.body])).toEqual(queried);
    // Nobody is scoped to the module's department, so every organisation-wide planner hears too (the admin).
    expect((await bell(admin)).items.map((n) => [n.title, n.body])).toEqual(queried);

    await lecturer.mutation(api.account.notifications.markRead, { organisationId });
    expect((await bell(lecturer)).unreadCount).toBe(0);

    // Turned off: removing it reaches no bell.
    await lecturer.mutation(api.account.settings.setNotifications, {
      organisationId, in_app_allocation_changes: false, email_reports: false, digest: "off",
    });
    await planner.mutation(api.workload.allocations.remove, { organisationId, allocationId: created.id, expectedVersion: changed.version + 1 });
    expect((await bell(lecturer)).items).toHaveLength(2);
  });
});
