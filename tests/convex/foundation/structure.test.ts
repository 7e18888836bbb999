/**
 * The reference's data flows for structure and staff: one active year per
 * organisation, staging years with their own settings, the new-profile and
 * existing-profile flows for lecturers, curriculum and delivery records with
 * their validation, and paginated lists.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { countRows, createOrganisation, expectAppError, newBackend } from "../harness";

describe("academic years", () => {
  test("a staging year gets its own copy of settings and rules; one year is active at a time", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId: active } = await createOrganisation(t);
    await t.run(async (ctx) => {
      const s = await ctx.db.query("organisation_settings").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", active)).unique();
      await ctx.db.patch(s!._id, { standard_fte_hours: 1600 });
    });
    const staging = await admin.mutation(api.structure.academicYears.create, {
      organisationId,
      name: "2027/28",
      start_date: "2027-09-01",
      end_date: "2028-08-31",
    });
    const settingsOf = (yearId: typeof active) =>
      t.run((ctx) => ctx.db.query("organisation_settings").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId)).unique());
    expect((await settingsOf(staging))!.standard_fte_hours).toBe(1600); // copied from the active year
    await t.run(async (ctx) => {
      const s = await ctx.db.query("organisation_settings").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", staging)).unique();
      await ctx.db.patch(s!._id, { standard_fte_hours: 1498 });
    });
    expect((await settingsOf(active))!.standard_fte_hours).toBe(1600); // the active year is untouched

    const years = await admin.query(api.structure.academicYears.all, { organisationId });
    expect(years.map((y) => [y.name, y.status])).toEqual([["2026/27", "active"], ["2027/28", "staging"]]);
    await expectAppError(admin.mutation(api.structure.academicYears.remove, { organisationId, id: active }), "CONFLICT");
    await admin.mutation(api.structure.academicYears.promote, { organisationId, id: staging });
    const after = await admin.query(api.structure.academicYears.all, { organisationId });
    expect(after.map((y) => [y.name, y.status])).toEqual([["2026/27", "archived"], ["2027/28", "active"]]);
    await expectAppError(
      admin.mutation(api.structure.academicYears.create, { organisationId, name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" }),
      "CONFLICT",
    );
    await expectAppError(
      admin.mutation(api.structure.academicYears.create, { organisationId, name: "Bad", start_date: "2028-09-01", end_date: "2028-01-01" }),
      "INVALID_ARGUMENT",
    );
  });
});

describe("lecturers", () => {
  test("a new profile comes with its year instance; an existing profile joins another year once", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const next = await admin.mutation(api.structure.academicYears.create, {
      organisationId,
      name: "2027/28",
      start_date: "2027-09-01",
      end_date: "2028-08-31",
    });
    const { profileId, lecturerId } = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
      organisationId,
      academicYearId,
      first_name: "Grace",
      last_name: "Hopper",
      email: "Grace.Hopper@A.example",
      default_contract_family: "teaching_focused",
      default_fte: 0.5,
    });
    const instance = await admin.query(api.staff.lecturers.get, { organisationId, id: lecturerId });
    expect(instance).toMatchObject({ profile_id: profileId, academic_year_id: academicYearId, fte: 0.5, contract_family: "teaching_focused", version: 1 });
    const profile = await admin.query(api.staff.lecturerProfiles.get, { organisationId, id: profileId });
    expect(profile).toMatchObject({ full_name: "Grace Hopper", email: "grace.hopper@a.example" });

    const nextId = await admin.mutation(api.staff.lecturers.addToYear, { organisationId, profileId, academicYearId: next, fte: 1 });
    expect((await admin.query(api.staff.lecturers.all, { organisationId, academicYearId: next })).map((l) => [l._id, l.fte])).toEqual([[nextId, 1]]);
    expect((await admin.query(api.staff.lecturers.all, { organisationId, academicYearId })).map((l) => l.fte)).toEqual([0.5]);
    await expectAppError(admin.mutation(api.staff.lecturers.addToYear, { organisationId, profileId, academicYearId: next }), "CONFLICT");
    await expectAppError(
      admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
        organisationId,
        academicYearId,
        first_name: "G",
        last_name: "H",
        email: "grace.hopper@a.example",
        default_contract_family: "teaching_focused",
        default_fte: 1,
      }),
      "CONFLICT",
    );
    const fte = await expectAppError(
      admin.mutation(api.staff.lecturers.update, { organisationId, id: lecturerId, patch: { fte: 1.5 }, expectedVersion: 1 }),
      "INVALID_ARGUMENT",
    );
    expect(fte.message).toBe("FTE must be between 0 and 1 (got 1.5).");
    await expectAppError(
      admin.mutation(api.staff.lecturers.update, { organisationId, id: lecturerId, patch: { contract_hours_adjustment: -100 }, expectedVersion: 1 }),
      "INVALID_ARGUMENT",
    );
  });

  test("a stale lecturer edit is refused with CONFLICT and the current value", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const { lecturerId } = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
      organisationId,
      academicYearId,
      first_name: "Alan",
      last_name: "Turing",
      email: "alan@a.example",
      default_contract_family: "research_focused",
      default_fte: 1,
    });
    expect(await admin.mutation(api.staff.lecturers.update, { organisationId, id: lecturerId, patch: { fte: 0.8 }, expectedVersion: 1 })).toEqual({ version: 2 });
    const conflict = await expectAppError(
      admin.mutation(api.staff.lecturers.update, { organisationId, id: lecturerId, patch: { fte: 0.6 }, expectedVersion: 1 }),
      "CONFLICT",
    );
    expect(conflict.currentVersion).toBe(2);
    expect(conflict.current.fte).toBe(0.8);
    expect((await admin.query(api.staff.lecturers.get, { organisationId, id: lecturerId })).fte).toBe(0.8);
  });
});

describe("curriculum and delivery", () => {
  test("modules, iterations and groups are created, validated and paginated", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const courseId = await admin.mutation(api.curriculum.courses.create, {
      organisationId,
      code: "BSC-CS",
      name: "BSc Computer Science",
      level: "undergraduate",
      duration_years: 3,
    });
    const cohortId = await admin.mutation(api.curriculum.cohorts.create, { organisationId, course_id: courseId, name: "2026 intake", intake_month: 9, student_count: 120 });
    const ids = [];
    for (let i = 1; i <= 12; i++) {
      ids.push(
        await admin.mutation(api.curriculum.modules.create, {
          organisationId,
          code: `CS1${String(i).padStart(2, "0")}`,
          title: `Module ${i}`,
          credits: 20,
          level: 4,
          default_semester: "S1",
        }),
      );
    }
    await admin.mutation(api.curriculum.courseModules.create, { organisationId, course_id: courseId, module_id: ids[0], year_of_study: 1, is_core: true });
    const first = await admin.query(api.curriculum.modules.list, { organisationId, paginationOpts: { numItems: 5, cursor: null } });
    const second = await admin.query(api.curriculum.modules.list, { organisationId, paginationOpts: { numItems: 5, cursor: first.continueCursor } });
    const third = await admin.query(api.curriculum.modules.list, { organisationId, paginationOpts: { numItems: 5, cursor: second.continueCursor } });
    expect([first.page.length, second.page.length, third.page.length]).toEqual([5, 5, 2]);
    expect(third.isDone).toBe(true);
    expect(new Set([...first.page, ...second.page, ...third.page].map((m) => m.code)).size).toBe(12);

    await expectAppError(
      admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS101", title: "Dup", credits: 20, level: 4, default_semester: "S1" }),
      "CONFLICT",
    );
    const credits = await expectAppError(
      admin.mutation(api.curriculum.modules.create, { organisationId, code: "CS999", title: "Huge", credits: 500, level: 4, default_semester: "S1" }),
      "INVALID_ARGUMENT",
    );
    expect(credits.message).toBe("Credits must be between 0 and 240 (got 500).");

    const iterationId = await admin.mutation(api.delivery.iterations.create, {
      organisationId,
      academicYearId,
      module_id: ids[0],
      code: "CS101-A",
      semester: "S1",
      student_count: 120,
      intakes: 1,
    });
    await admin.mutation(api.curriculum.cohortModulePlans.create, {
      organisationId,
      academicYearId,
      cohort_id: cohortId,
      module_id: ids[0],
      module_iteration_id: iterationId,
      planned_students: 120,
      semester: "S1",
    });
    await expectAppError(
      admin.mutation(api.delivery.iterations.create, {
        organisationId,
        academicYearId,
        module_id: ids[1],
        code: "CS102-A",
        semester: "year",
        semester_split: { S1: 0.7, S2: 0.7, S3: 0 },
        student_count: 30,
        intakes: 1,
      }),
      "INVALID_ARGUMENT",
    );
    for (const name of ["A", "B", "C", "D"]) {
      await admin.mutation(api.delivery.groups.create, { organisationId, academicYearId, module_iteration_id: iterationId, name: `Group ${name}`, student_count: 30 });
    }
    const groups = await admin.query(api.delivery.groups.all, { organisationId, academicYearId });
    expect(groups.map((g) => g.name)).toEqual(["Group A", "Group B", "Group C", "Group D"]);
    const exam = (await admin.query(api.reference.assessmentTypes.all, { organisationId })).find((a) => a.code === "exam")!;
    await admin.mutation(api.delivery.assessments.create, {
      organisationId,
      academicYearId,
      module_iteration_id: iterationId,
      assessment_type_id: exam._id,
      name: "Final exam",
      weighting: 60,
    });
    // The module cannot go while its iteration exists.
    await expectAppError(admin.mutation(api.curriculum.modules.remove, { organisationId, id: ids[0] }), "CONFLICT");
    expect(await countRows(t, "module_iteration_assessments")).toBe(1);
  });
});

describe("my lecturer record", () => {
  test("a lecturer finds their own year record and nobody else's", async () => {
    const t = newBackend();
    const { admin, organisationId, academicYearId } = await createOrganisation(t);
    const own = await admin.mutation(api.staff.lecturerProfiles.createWithInstance, {
      organisationId,
      academicYearId,
      first_name: "Lin",
      last_name: "Lecturer",
      email: "lin@a.example",
      default_contract_family: "teaching_focused",
      default_fte: 0.6,
    });
    const roles = await admin.query(api.people.roles.all, { organisationId });
    await admin.mutation(api.people.users.invite, {
      organisationId,
      email: "lin@a.example",
      name: "Lin",
      roleId: roles.find((r) => r.name === "Lecturer")!._id,
      lecturerProfileId: own.profileId,
    });
    const lin = t.withIdentity({ tokenIdentifier: "https://test.issuer|lin", subject: "lin", issuer: "https://test.issuer", email: "lin@a.example", emailVerified: true });
    await lin.mutation(api.organisations.membership.acceptInvitations, {});
    const mine = await lin.query(api.staff.lecturers.mine, { organisationId, academicYearId });
    expect(mine).toMatchObject({ _id: own.lecturerId, fte: 0.6 });
    await expectAppError(lin.query(api.staff.lecturers.all, { organisationId, academicYearId }), "FORBIDDEN");
    expect(await admin.query(api.staff.lecturers.mine, { organisationId, academicYearId })).toBeNull();
  });
});
