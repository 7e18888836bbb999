/**
 * The states a rollover reads, as people (and the HR feed) set them: a
 * lecturer profile's employment (active or left, an end date) and a
 * module's status (active or withdrawn), validated like every field.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createOrganisation, expectAppError, member, newBackend } from "../harness";

describe("employment and module status", () => {
  test("are set and cleared through the ordinary forms' functions, and checked", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const base = { organisationId, academicYearId, first_name: "Ada", last_name: "Lovelace", email: "ada@a.example", default_contract_family: "teaching_focused" as const, default_fte: 1 };
    const bad = await expectAppError(admin.mutation(api.staff.lecturerProfiles.createWithInstance, { ...base, employment_end_date: "31/07/2027" }), "INVALID_ARGUMENT");
    expect(bad.message).toBe("Give the employment end date as YYYY-MM-DD.");
    const { profileId } = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, { ...base, employment_status: "active", employment_end_date: "2027-07-31" });
    await admin.mutation(api.staff.lecturerProfiles.update, { organisationId, id: profileId, patch: { employment_status: "left" } });
    expect(await admin.query(api.staff.lecturerProfiles.get, { organisationId, id: profileId })).toMatchObject({ employment_status: "left", employment_end_date: "2027-07-31" });
    await admin.mutation(api.staff.lecturerProfiles.update, { organisationId, id: profileId, patch: { employment_end_date: null } });
    expect((await admin.query(api.staff.lecturerProfiles.get, { organisationId, id: profileId })).employment_end_date).toBeUndefined();

    const moduleId = await admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS101", title: "Intro", credits: 20, level: 4, default_semester: "S1" });
    await admin.mutation(api.curriculum.modules.update, { organisationId, id: moduleId, patch: { status: "withdrawn" } });
    expect((await admin.query(api.curriculum.modules.get, { organisationId, id: moduleId })).status).toBe("withdrawn");
    const { client: viewer } = await member(t, admin, organisationId, "v@a.example", "Viewer");
    await expectAppError(viewer.mutation(api.curriculum.modules.update, { organisationId, id: moduleId, patch: { status: "active" } }), "FORBIDDEN");
  });
});
