/**
 * Linking members to lecturer records: an admin links directly; an
 * invitation names the record; a member whose email matches an unlinked
 * record is offered it, asks, and an admin confirms; a record is linked to
 * one member only.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, identity, member, newBackend, roleId } from "../harness";

async function setup() {
  const t = newBackend();
  const { admin, organisationId, academicYearId } = await createOrganisation(t);
  const lin = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
    organisationId,
    academicYearId,
    first_name: "Lin",
    last_name: "Lecturer",
    email: "lin@a.example",
    default_contract_family: "teaching_focused",
    default_fte: 1,
  });
  return { t, admin, organisationId, academicYearId, lin };
}

describe("linking members to lecturer records", () => {
  test("a member whose email matches an unlinked record is offered it, asks, and the admin confirms", async () => {
    const { t, admin, organisationId, academicYearId, lin } = await setup();
    // Invited without naming the record: signed in, "not linked".
    const { client: linUser, userId } = await member(t, admin, organisationId, "lin@a.example", "Lecturer");
    expect(await linUser.query(api.staff.lecturers.mine, { organisationId, academicYearId })).toBeNull();
    const offered = await linUser.query(api.people.links.offer, { organisationId });
    expect(offered).toMatchObject({ linked: false, offer: { profileId: lin.profileId, full_name: "Lin Lecturer" }, requested: null });

    await linUser.mutation(api.people.links.request, { organisationId, profileId: lin.profileId });
    expect((await linUser.query(api.people.links.offer, { organisationId })).requested?.full_name).toBe("Lin Lecturer");
    // The admin hears and sees the request.
    const bell = await admin.query(api.account.notifications.list, { organisationId });
    expect(bell.items[0].title).toBe("lin asks to be linked to a lecturer record");
    const pending = await admin.query(api.people.links.pending, { organisationId });
    expect(pending.map((p) => [p.email, p.profile.full_name])).toEqual([["lin@a.example", "Lin Lecturer"]]);

    await admin.mutation(api.people.links.decide, { organisationId, userId, approve: true });
    expect((await linUser.query(api.staff.lecturers.mine, { organisationId, academicYearId }))?._id).toBe(lin.lecturerId);
    expect(await admin.query(api.people.links.pending, { organisationId })).toEqual([]);
    expect((await linUser.query(api.account.notifications.list, { organisationId })).items[0].title).toBe("You are linked to your lecturer record");
  });

  test("one cannot ask for someone else's record; a record holds one member; an invitation can name it", async () => {
    const { t, admin, organisationId, academicYearId, lin } = await setup();
    const { client: other } = await member(t, admin, organisationId, "other@a.example", "Lecturer");
    expect((await other.query(api.people.links.offer, { organisationId })).offer).toBeNull();
    await expectAppError(other.mutation(api.people.links.request, { organisationId, profileId: lin.profileId }), "FORBIDDEN");

    await admin.mutation(api.people.users.invite, {
      organisationId,
      email: "lin@a.example",
      name: "Lin Lecturer",
      roleId: await roleId(t, organisationId, "Lecturer"),
      lecturerProfileId: lin.profileId,
    });
    const linUser = t.withIdentity(identity("lin@a.example"));
    await linUser.mutation(api.organisations.membership.acceptInvitations, {});
    expect((await linUser.query(api.staff.lecturers.mine, { organisationId, academicYearId }))?._id).toBe(lin.lecturerId);
    // Linking a second member to the same record is refused, naming who holds it.
    const me = await other.query(api.people.users.me, { organisationId });
    const error = await expectAppError(
      admin.mutation(api.people.users.update, { organisationId, id: me.user._id, lecturerProfileId: lin.profileId }),
      "CONFLICT",
    );
    expect(error.message).toContain("already linked to Lin Lecturer");
  });
});
