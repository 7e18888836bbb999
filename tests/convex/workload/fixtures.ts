/**
 * A small organisation for the workload tests, inserted directly through the
 * trigger-wrapped writer (so totals rows appear as in production) rather
 * than through the organisation bootstrap, which these tests do not test.
 *
 * Two years (2026/27 active, 2027/28 staging) each with default settings and
 * starter rules; a 20-credit level-5 module delivered to 120 students in 4
 * groups of 30 in S1; Ada (1.0 FTE, teaching and research) and Brian (0.5 FTE,
 * teaching-focused) in one team; users in the Admin, Planner, Viewer and
 * Lecturer roles (the lecturer user is Brian).
 */
import type { GenericMutationCtx } from "convex/server";
import type { DataModel, Id } from "../../../convex/_generated/dataModel";
import { triggers } from "../../../convex/lib/triggers";
// The application's triggers register themselves when the composition root loads.
import "../../../convex/triggers";
import { DEFAULT_ROLES } from "../../../convex/lib/permissions";
import { DEFAULT_ALLOCATION_TYPES, DEFAULT_RULES, DEFAULT_SETTINGS } from "../../../convex/lib/workload";
import { identity, newBackend, type Backend } from "../harness";

export { expectAppError } from "../harness";

export type WriterCtx = GenericMutationCtx<DataModel>;

/** Runs `fn` with the trigger-wrapped writer, as any function of the app would write. */
export async function withTriggers<T>(t: Backend, fn: (ctx: WriterCtx) => Promise<T>): Promise<T> {
  return await t.run(async (raw) => await fn(triggers.wrapDB({ ...raw, actor: { kind: "system", name: "Test fixture" } }) as WriterCtx));
}

/** `limits`: tighter transaction limits for the whole test (e.g. JOB_BATCH_BUDGET). */
export async function setupWorkload(limits?: Parameters<typeof newBackend>[0]) {
  const t = newBackend(limits);
  const ids = await withTriggers(t, async (ctx) => {
    const db = ctx.db;
    const now = Date.now();
    const organisationId = await db.insert("organisations", { name: "Test University", code: "TU", timezone: "Europe/London", created_at: now, updated_at: now });
    const base = { organisation_id: organisationId, created_at: now, updated_at: now };

    const activeYearId = await db.insert("academic_years", { ...base, name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31", status: "active" });
    const stagingYearId = await db.insert("academic_years", { ...base, name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31", status: "staging" });
    for (const yearId of [activeYearId, stagingYearId]) {
      await db.insert("organisation_settings", {
        ...base,
        ...DEFAULT_SETTINGS,
        academic_year_id: yearId,
        lecturers_see_colleagues: false,
        presence_timeout_seconds: 30,
        version: 1,
      });
      for (const rule of DEFAULT_RULES) {
        await db.insert("workload_calculation_rules", { ...base, ...rule, academic_year_id: yearId, version: 1 });
      }
    }

    const types: Record<string, Id<"allocation_types">> = {};
    for (const type of DEFAULT_ALLOCATION_TYPES) types[type.code] = await db.insert("allocation_types", { ...base, ...type });
    const roles: Record<string, Id<"roles">> = {};
    for (const role of DEFAULT_ROLES) {
      roles[role.name] = await db.insert("roles", { ...base, ...role, permissions: [...role.permissions], is_system: true });
    }

    const facultyId = await db.insert("faculties", { ...base, name: "Science", code: "SCI" });
    const departmentId = await db.insert("departments", { ...base, faculty_id: facultyId, name: "Computing", code: "COMP" });
    const teamId = await db.insert("teams", { ...base, department_id: departmentId, name: "Software" });
    const programmeLeaderId = await db.insert("admin_allocation_categories", {
      ...base,
      code: "programme_leader",
      name: "Programme leader",
      default_hours: 100,
      work_category: "leadership",
      recurring: true,
    });

    const profile = (first: string, last: string, family: "teaching_and_research" | "teaching_focused", fte: number) =>
      db.insert("lecturer_profiles", {
        ...base,
        first_name: first,
        last_name: last,
        full_name: `${first} ${last}`,
        email: `${first.toLowerCase()}@tu.example`,
        default_contract_family: family,
        default_fte: fte,
        department_id: departmentId,
        team_id: teamId,
      });
    const adaProfileId = await profile("Ada", "Lovelace", "teaching_and_research", 1);
    const brianProfileId = await profile("Brian", "Kernighan", "teaching_focused", 0.5);

    const moduleId = await db.insert("modules", {
      ...base,
      department_id: departmentId,
      code: "CS201",
      title: "Data Structures",
      credits: 20,
      level: 5,
      subject_area: "Computing",
      default_semester: "S1",
    });

    async function year(yearId: Id<"academic_years">) {
      const lecturer = (profileId: Id<"lecturer_profiles">, fte: number, family: "teaching_and_research" | "teaching_focused") =>
        db.insert("lecturers", {
          ...base,
          academic_year_id: yearId,
          profile_id: profileId,
          department_id: departmentId,
          team_id: teamId,
          fte,
          contract_family: family,
          version: 1,
        });
      const ada = await lecturer(adaProfileId, 1, "teaching_and_research");
      const brian = await lecturer(brianProfileId, 0.5, "teaching_focused");
      const iterationId = await db.insert("module_iterations", {
        ...base,
        academic_year_id: yearId,
        module_id: moduleId,
        // The stored place the layer's writer would fill (these fixture rows are written past it).
        department_id: departmentId,
        code: "CS201-A",
        semester: "S1",
        student_count: 120,
        intakes: 1,
        version: 1,
      });
      const groups: Id<"module_iteration_groups">[] = [];
      for (const name of ["G1", "G2", "G3", "G4"]) {
        groups.push(
          await db.insert("module_iteration_groups", { ...base, academic_year_id: yearId, module_iteration_id: iterationId, department_id: departmentId, name, student_count: 30 }),
        );
      }
      return { ada, brian, iterationId, groups };
    }
    const active = await year(activeYearId);
    const staging = await year(stagingYearId);

    const user = async (email: string, role: string, lecturerProfileId?: Id<"lecturer_profiles">) => {
      const userId = await db.insert("users", {
        ...base,
        email,
        name: email.split("@")[0],
        token_identifier: identity(email).tokenIdentifier,
        lecturer_profile_id: lecturerProfileId,
        status: "active",
      });
      await db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roles[role] });
      return userId;
    };
    await user("admin@tu.example", "Admin");
    await user("planner@tu.example", "Planner");
    await user("viewer@tu.example", "Viewer");
    await user("brian@tu.example", "Lecturer", brianProfileId);

    return {
      organisationId,
      activeYearId,
      stagingYearId,
      types,
      facultyId,
      departmentId,
      teamId,
      moduleId,
      programmeLeaderId,
      adaProfileId,
      brianProfileId,
      active,
      staging,
    };
  });
  return {
    t,
    ...ids,
    admin: t.withIdentity(identity("admin@tu.example")),
    planner: t.withIdentity(identity("planner@tu.example")),
    viewer: t.withIdentity(identity("viewer@tu.example")),
    brianUser: t.withIdentity(identity("brian@tu.example")),
  };
}

export type Workload = Awaited<ReturnType<typeof setupWorkload>>;
