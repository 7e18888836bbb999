/**
 * The demo university that `npm start` loads on first start: one
 * organisation, an active and a staging year, faculties, departments, teams,
 * ~120 lecturers of varied FTE and contract family, ~300 modules with their
 * iterations and groups, ~1,500 allocations, and demo people to sign in as.
 * People are seeded as invitations, so dev sign-in goes through the same
 * binding as a real first sign-in. Generated from a fixed seed: every start
 * builds the same university. Work is split into batches so each mutation
 * stays well inside Convex's transaction limits; rows go through the same
 * triggers (audit, totals) as any edit.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalAction } from "./_generated/server";
import { internalMutation } from "./lib/functions";
import { createAcademicYear, seedOrganisationDefaults } from "./organisations/bootstrap";
import { WorkloadLoader } from "./workload/loader";
import type { ContractFamily, Semester } from "./schema/validators";

/** Sizes: "demo" for people trying the product, "small" for fast end-to-end tests. */
const SIZES = {
  demo: { lecturersPerTeam: 10, modulesPerDepartment: 50 },
  small: { lecturersPerTeam: 2, modulesPerDepartment: 4 },
} as const;
type Size = keyof typeof SIZES;

const ORG = { name: "Northbridge University", code: "NBU", domain: "northbridge.ac.uk" };
const ACTIVE_YEAR = { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31" };
const STAGING_YEAR = { name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" };

const STRUCTURE = [
  {
    faculty: { name: "Science and Engineering", code: "FSE" },
    departments: [
      { name: "Computer Science", code: "CS", subject: "computing", teams: ["Software Engineering", "Data and AI"] },
      { name: "Mathematics", code: "MA", subject: "mathematics", teams: ["Pure Mathematics", "Statistics"] },
      { name: "Engineering", code: "EN", subject: "engineering", teams: ["Mechanical", "Electrical"] },
    ],
  },
  {
    faculty: { name: "Business and Law", code: "FBL" },
    departments: [
      { name: "Business School", code: "BS", subject: "business", teams: ["Management", "Finance"] },
      { name: "Law", code: "LW", subject: "law", teams: ["Public Law", "Commercial Law"] },
    ],
  },
  {
    faculty: { name: "Arts and Humanities", code: "FAH" },
    departments: [{ name: "English and Creative Writing", code: "EC", subject: "english", teams: ["Literature", "Creative Writing"] }],
  },
];

const FIRST = ["Amara", "Ben", "Chen", "Dana", "Eitan", "Fatima", "Gareth", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Marco", "Nadia", "Owen", "Priya", "Quentin", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yusuf", "Zoe"];
const LAST = ["Adeyemi", "Brown", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Iqbal", "Jones", "Kowalski", "Li", "Murphy", "Nowak", "Okafor", "Patel", "Quinn", "Rossi", "Singh", "Taylor", "Ueda", "Varga", "Walsh", "Young", "Zhang"];
const TOPICS = ["Foundations", "Methods", "Theory", "Practice", "Systems", "Analysis", "Design", "Research Skills", "Ethics", "Project", "Advanced Topics", "Applications"];
const FTES = [1, 1, 1, 1, 0.8, 0.6, 0.5, 0.5, 0.2];
const FAMILIES: ContractFamily[] = ["teaching_and_research", "teaching_and_research", "teaching_focused", "teaching_focused", "research_focused", "practitioner"];
/** Mostly 15- and 20-credit modules; the big ones are rarer and smaller (projects, dissertations). */
const CREDITS = [15, 20, 20, 20, 20, 15, 30];
/** Lecture-style iterations run bigger groups than seminars. */
const GROUP_SIZES = [25, 40, 60];
const SEMESTERS: Semester[] = ["S1", "S1", "S2", "S2", "year"];

/** Deterministic pseudo-random numbers (mulberry32), so every seed is the same university. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/** Step 1: organisation, years, structure, people. Returns what later batches need. */
export const createOrganisation = internalMutation({
  args: { size: v.union(v.literal("demo"), v.literal("small")) },
  handler: async (ctx, { size }) => {
    const now = Date.now();
    const existing = await ctx.db.query("organisations").withIndex("by_code", (q) => q.eq("code", ORG.code)).first();
    if (existing) return null;
    const organisationId = await ctx.db.insert("organisations", { ...ORG, timezone: "Europe/London", created_at: now, updated_at: now });
    await seedOrganisationDefaults(ctx.db, organisationId, now);
    const activeYearId = await createAcademicYear(ctx.db, organisationId, { ...ACTIVE_YEAR, status: "active" }, now);
    const stagingYearId = await createAcademicYear(ctx.db, organisationId, { ...STAGING_YEAR, status: "staging" }, now, activeYearId);
    const base = { organisation_id: organisationId, created_at: now, updated_at: now };
    const rnd = random(42);
    const teams: { teamId: Id<"teams">; departmentId: Id<"departments">; departmentCode: string; subject: string }[] = [];
    for (const f of STRUCTURE) {
      const facultyId = await ctx.db.insert("faculties", { ...base, ...f.faculty });
      for (const d of f.departments) {
        const departmentId = await ctx.db.insert("departments", { ...base, name: d.name, code: d.code, faculty_id: facultyId });
        for (const name of d.teams) {
          const teamId = await ctx.db.insert("teams", { ...base, name, department_id: departmentId });
          teams.push({ teamId, departmentId, departmentCode: d.code, subject: d.subject });
        }
      }
    }
    // Courses: an undergraduate and a postgraduate programme per department, with one
    // cohort per year of study (UG: entered 2024, 2025, 2026; PG: 2026).
    const curricula: Record<string, { courses: Record<"ug" | "pg", Id<"courses">>; cohorts: { cohortId: Id<"cohorts">; level: number }[] }> = {};
    for (const f of STRUCTURE) {
      for (const d of f.departments) {
        const departmentId = teams.find((t) => t.departmentCode === d.code)!.departmentId;
        const ug = await ctx.db.insert("courses", { ...base, department_id: departmentId, code: `BSC-${d.code}`, name: `BSc (Hons) ${d.name}`, level: "undergraduate", duration_years: 3 });
        const pg = await ctx.db.insert("courses", { ...base, department_id: departmentId, code: `MSC-${d.code}`, name: `MSc ${d.name}`, level: "postgraduate_taught", duration_years: 1 });
        const cohorts = [];
        for (const [level, entry] of [[4, 2026], [5, 2025], [6, 2024]] as const) {
          const cohortId = await ctx.db.insert("cohorts", { ...base, course_id: ug, name: `${entry} September intake`, intake_month: 9, student_count: rnd.int(60, 140) });
          cohorts.push({ cohortId, level });
        }
        cohorts.push({ cohortId: await ctx.db.insert("cohorts", { ...base, course_id: pg, name: "2026 September intake", intake_month: 9, student_count: rnd.int(15, 40) }), level: 7 });
        curricula[departmentId] = { courses: { ug, pg }, cohorts };
      }
    }
    const siteIds = [
      await ctx.db.insert("sites", { ...base, name: "City Campus", code: "CITY", address: "1 University Square" }),
      await ctx.db.insert("sites", { ...base, name: "Riverside Campus", code: "RIVER", address: "Riverside Way" }),
    ];
    const statuses = await ctx.db.query("lecturer_statuses").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    const activeStatus = statuses.find((s) => s.code === "active")!._id;
    // Lecturers: profiles plus an instance in both years (the staging year as a rollover would make it).
    const lecturers: { profileId: Id<"lecturer_profiles">; activeId: Id<"lecturers">; teamIndex: number }[] = [];
    let n = 0;
    for (const [teamIndex, team] of teams.entries()) {
      for (let i = 0; i < SIZES[size].lecturersPerTeam; i++, n++) {
        const first = FIRST[n % FIRST.length];
        const last = LAST[(n * 7 + teamIndex) % LAST.length];
        const family = rnd.pick(FAMILIES);
        const fte = rnd.pick(FTES);
        const profileId = await ctx.db.insert("lecturer_profiles", {
          ...base,
          first_name: first,
          last_name: last,
          full_name: `${first} ${last}`,
          email: `${first}.${last}.${n}@${ORG.domain}`.toLowerCase(),
          staff_number: `S${String(10000 + n)}`,
          title: rnd.pick(["Dr", "Dr", "Prof", "Ms", "Mr"]),
          default_contract_family: family,
          default_fte: fte,
          department_id: team.departmentId,
          team_id: team.teamId,
        });
        const instance = { ...base, profile_id: profileId, status_id: activeStatus, department_id: team.departmentId, team_id: team.teamId, fte, contract_family: family, version: 1 };
        const activeId = await ctx.db.insert("lecturers", { ...instance, academic_year_id: activeYearId });
        await ctx.db.insert("lecturers", { ...instance, academic_year_id: stagingYearId });
        lecturers.push({ profileId, activeId, teamIndex });
      }
    }
    await ctx.db.insert("lecturer_specialisations", { ...base, lecturer_profile_id: lecturers[0].profileId, subject: teams[0].subject, level: "expert" });
    await ctx.db.insert("lecturer_availability", { ...base, lecturer_profile_id: lecturers[1].profileId, academic_year_id: activeYearId, semester: "S2", available: false, reason: "Research leave in semester 2" });
    // Demo people: invitations bound at first dev sign-in by email.
    const roles = await ctx.db.query("roles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
    const roleId = (name: string) => roles.find((r) => r.name === name)!._id;
    const cs = teams[0];
    const people = [
      { email: `admin@${ORG.domain}`, name: "Alex Admin", role: "Admin" },
      { email: `hod.cs@${ORG.domain}`, name: "Harriet Head (HoD Computer Science)", role: "Head of Department", scope: cs.departmentId },
      { email: `planner@${ORG.domain}`, name: "Priya Planner", role: "Planner" },
      { email: `planner2@${ORG.domain}`, name: "Paul Planner", role: "Planner" },
      { email: `viewer@${ORG.domain}`, name: "Victor Viewer", role: "Viewer" },
    ];
    for (const p of people) {
      const userId = await ctx.db.insert("users", { ...base, email: p.email, name: p.name, status: "invited" });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roleId(p.role), scope_department_id: p.scope });
    }
    for (const l of lecturers.slice(0, 3)) {
      const profile = (await ctx.db.get(l.profileId))!;
      const userId = await ctx.db.insert("users", { ...base, email: profile.email, name: `${profile.full_name} (Lecturer)`, status: "invited", lecturer_profile_id: l.profileId });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roleId("Lecturer") });
    }
    return {
      organisationId,
      activeYearId,
      stagingYearId,
      siteIds,
      departments: teams
        .filter((t, i) => teams.findIndex((u) => u.departmentId === t.departmentId) === i)
        .map((t) => ({ departmentId: t.departmentId, code: t.departmentCode, subject: t.subject, ...curricula[t.departmentId] })),
      lecturersByDepartment: teams.reduce<Record<string, Id<"lecturers">[]>>((acc, t, i) => {
        acc[t.departmentId] = [...(acc[t.departmentId] ?? []), ...lecturers.filter((l) => l.teamIndex === i).map((l) => l.activeId)];
        return acc;
      }, {}),
    };
  },
});

/**
 * Step 2 (batched): modules of one department with their iterations in both
 * years, groups, assessments and the active year's allocations. Allocations
 * are written with their hours computed by the workload engine.
 */
export const createModules = internalMutation({
  args: {
    organisationId: v.id("organisations"),
    activeYearId: v.id("academic_years"),
    stagingYearId: v.id("academic_years"),
    departmentId: v.id("departments"),
    departmentCode: v.string(),
    subject: v.string(),
    siteIds: v.array(v.id("sites")),
    lecturerIds: v.array(v.id("lecturers")),
    courses: v.object({ ug: v.id("courses"), pg: v.id("courses") }),
    cohorts: v.array(v.object({ cohortId: v.id("cohorts"), level: v.number() })),
    from: v.number(),
    count: v.number(),
    seed: v.number(),
  },
  handler: async (ctx, args) => {
    const now = Date.now();
    const rnd = random(args.seed);
    const base = { organisation_id: args.organisationId, created_at: now, updated_at: now };
    const types = await ctx.db.query("allocation_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId)).collect();
    const assessmentTypes = await ctx.db.query("assessment_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId)).collect();
    const type = (code: string) => types.find((t) => t.code === code)!;
    const loader = new WorkloadLoader(ctx.db);
    const load = new Map<Id<"lecturers">, { allocated: number; contract: number }>();
    for (const id of args.lecturerIds) {
      const totals = await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", id)).first();
      load.set(id, { allocated: totals?.allocated_hours ?? 0, contract: totals?.contract_hours || 1 });
    }
    let allocations = 0;
    for (let i = args.from; i < args.from + args.count; i++) {
      const level = 4 + (i % 4);
      const credits = rnd.pick(CREDITS);
      const semester = credits >= 40 ? "year" : rnd.pick(SEMESTERS);
      const moduleId = await ctx.db.insert("modules", {
        ...base,
        department_id: args.departmentId,
        code: `${args.departmentCode}${level}${String(i + 1).padStart(2, "0")}`,
        title: `${args.subject[0].toUpperCase()}${args.subject.slice(1)} ${TOPICS[i % TOPICS.length]} ${level > 6 ? "(PG)" : ""}`.trim(),
        credits,
        level,
        subject_area: args.subject,
        default_semester: semester,
      });
      await ctx.db.insert("course_modules", {
        ...base,
        course_id: level >= 7 ? args.courses.pg : args.courses.ug,
        module_id: moduleId,
        year_of_study: level >= 7 ? 1 : level - 3,
        is_core: i % 3 !== 2,
      });
      const students = level >= 7 ? rnd.int(8, 30) : rnd.int(18, 125);
      const maxGroupSize = rnd.pick(GROUP_SIZES);
      for (const [yearId, growth] of [[args.activeYearId, 1], [args.stagingYearId, 1.05]] as const) {
        const student_count = Math.round(students * growth);
        const iterationId = await ctx.db.insert("module_iterations", {
          ...base,
          academic_year_id: yearId,
          module_id: moduleId,
          department_id: args.departmentId,
          site_id: rnd.pick(args.siteIds),
          code: `${args.departmentCode}${level}${String(i + 1).padStart(2, "0")}-A`,
          semester,
          student_count,
          max_group_size: maxGroupSize,
          intakes: 1,
          version: 1,
        });
        const groupCount = Math.max(1, Math.ceil(student_count / maxGroupSize));
        const groupIds: Id<"module_iteration_groups">[] = [];
        for (let g = 0; g < groupCount; g++) {
          groupIds.push(
            await ctx.db.insert("module_iteration_groups", {
              ...base,
              academic_year_id: yearId,
              module_iteration_id: iterationId,
              department_id: args.departmentId,
              name: `Group ${String.fromCharCode(65 + g)}`,
              student_count: Math.ceil(student_count / groupCount),
              weekday: rnd.pick(["mon", "tue", "wed", "thu", "fri"] as const),
              start_time: rnd.pick(["09:00", "11:00", "14:00", "16:00"]),
            }),
          );
        }
        const cohort = args.cohorts.find((c) => c.level === level);
        if (cohort && yearId === args.activeYearId) {
          await ctx.db.insert("cohort_module_plans", {
            ...base,
            academic_year_id: yearId,
            cohort_id: cohort.cohortId,
            module_id: moduleId,
            module_iteration_id: iterationId,
            planned_students: student_count,
            semester,
          });
        }
        await ctx.db.insert("module_iteration_assessments", {
          ...base,
          academic_year_id: yearId,
          module_iteration_id: iterationId,
          assessment_type_id: rnd.pick(assessmentTypes)._id,
          name: "Main assessment",
          weighting: 100,
        });
        if (yearId !== args.activeYearId || args.lecturerIds.length === 0) continue;
        // Big iterations are shared: one lecturer up to 2 groups, two up to 4, three beyond.
        const leader = leastLoaded(rnd, load, args.lecturerIds);
        const teacherCount = Math.min(args.lecturerIds.length, groupCount <= 2 ? (rnd.next() < 0.15 ? 2 : 1) : groupCount <= 4 ? 2 : 3);
        const teachers = [leader];
        while (teachers.length < teacherCount) {
          teachers.push(leastLoaded(rnd, load, args.lecturerIds.filter((id) => !teachers.includes(id))));
        }
        const shares = teachers.map((_, i) => (i === 0 ? 100 - Math.floor(100 / teacherCount) * (teacherCount - 1) : Math.floor(100 / teacherCount)));
        // About one iteration in twelve is left short, so planners have coverage gaps to find.
        const short = rnd.next() < 0.08 ? 20 : 0;
        const rows: { lecturer: Id<"lecturers">; code: string; share: number }[] = [
          { lecturer: leader, code: "module_leadership", share: 100 },
          { lecturer: leader, code: "module_admin", share: 100 },
        ];
        for (const code of ["contact", "preparation", "marking"]) {
          teachers.forEach((lecturer, i) => rows.push({ lecturer, code, share: shares[i] - (i === 0 && code === "contact" ? short : 0) }));
        }
        for (const r of rows) {
          const t = type(r.code);
          const hours = await insertSeedAllocation(ctx, loader, {
            organisation_id: args.organisationId,
            department_id: args.departmentId,
            academic_year_id: yearId,
            module_iteration_id: iterationId,
            lecturer_id: r.lecturer,
            allocation_type_id: t._id,
            share: r.share,
            now,
          });
          load.get(r.lecturer)!.allocated += hours;
          allocations++;
        }
      }
    }
    return { allocations };
  },
});

/**
 * A seeded allocation gets its hours from the workload engine at insert, as
 * an allocation created in the editor does (the loader caches the year's
 * settings and rules across the batch).
 */
async function insertSeedAllocation(
  ctx: { db: any },
  loader: WorkloadLoader,
  a: {
    organisation_id: Id<"organisations">;
    /** The module's department; the lecturer's is the same in the seed. */
    department_id: Id<"departments">;
    academic_year_id: Id<"academic_years">;
    module_iteration_id: Id<"module_iterations">;
    lecturer_id: Id<"lecturers">;
    allocation_type_id: Id<"allocation_types">;
    share: number;
    now: number;
  },
) {
  const draft = {
    academic_year_id: a.academic_year_id,
    module_iteration_id: a.module_iteration_id,
    allocation_type_id: a.allocation_type_id,
    share: a.share,
    first_time: false,
  };
  const result = await loader.compute(draft);
  await ctx.db.insert("module_allocations", {
    ...draft,
    organisation_id: a.organisation_id,
    lecturer_id: a.lecturer_id,
    department_id: a.department_id,
    lecturer_department_id: a.department_id,
    computed_hours: result.computed_hours,
    work_category: result.work_category,
    semester_hours: result.semester_hours,
    response_status: "pending",
    version: 1,
    created_at: a.now,
    updated_at: a.now,
  });
  return result.computed_hours;
}

/**
 * Planners give work to whoever has room: the least utilised of a few
 * random candidates, so the demo looks like a real plan (mostly healthy, a
 * few over and under) rather than a lottery.
 */
function leastLoaded(
  rnd: ReturnType<typeof random>,
  load: Map<Id<"lecturers">, { allocated: number; contract: number }>,
  ids: Id<"lecturers">[],
): Id<"lecturers"> {
  const candidates = [rnd.pick(ids), rnd.pick(ids), rnd.pick(ids), rnd.pick(ids)];
  const utilisation = (id: Id<"lecturers">) => load.get(id)!.allocated / load.get(id)!.contract;
  return candidates.reduce((best, id) => (utilisation(id) < utilisation(best) ? id : best));
}

/**
 * A large department added to the demo university, for the department
 * sheet's scale test (tests/e2e/sheet-scale.test.ts): "Data Science" in
 * Science and Engineering, with `lecturers` lecturers in three teams and
 * `modules` modules, each with an iteration in both years and allocations in
 * the active one, written by the same batches as the demo's departments.
 */
export const createLargeDepartment = internalMutation({
  args: { lecturers: v.number() },
  handler: async (ctx, { lecturers: count }) => {
    const now = Date.now();
    const org = await ctx.db.query("organisations").withIndex("by_code", (q) => q.eq("code", ORG.code)).first();
    if (!org) throw new Error("Seed the demo university first.");
    const base = { organisation_id: org._id, created_at: now, updated_at: now };
    const years = await ctx.db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect();
    const activeYearId = years.find((y) => y.status === "active")!._id;
    const stagingYearId = years.find((y) => y.status === "staging")!._id;
    const faculty = (await ctx.db.query("faculties").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect()).find(
      (f) => f.code === STRUCTURE[0].faculty.code,
    )!;
    const departmentId = await ctx.db.insert("departments", { ...base, name: "Data Science", code: "DS", faculty_id: faculty._id });
    const teamIds = [];
    for (const name of ["Machine Learning", "Statistics for Data", "Data Engineering"]) teamIds.push(await ctx.db.insert("teams", { ...base, name, department_id: departmentId }));
    const statuses = await ctx.db.query("lecturer_statuses").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect();
    const activeStatus = statuses.find((s) => s.code === "active")!._id;
    const rnd = random(4242);
    const lecturerIds: Id<"lecturers">[] = [];
    for (let n = 0; n < count; n++) {
      const first = FIRST[(n * 3) % FIRST.length];
      const last = LAST[(n * 11 + 5) % LAST.length];
      const family = rnd.pick(FAMILIES);
      const fte = rnd.pick(FTES);
      const teamId = teamIds[n % teamIds.length];
      const profileId = await ctx.db.insert("lecturer_profiles", {
        ...base,
        first_name: first,
        last_name: last,
        full_name: `${first} ${last}`,
        email: `${first}.${last}.ds${n}@${ORG.domain}`.toLowerCase(),
        default_contract_family: family,
        default_fte: fte,
        department_id: departmentId,
        team_id: teamId,
      });
      const instance = { ...base, profile_id: profileId, status_id: activeStatus, department_id: departmentId, team_id: teamId, fte, contract_family: family, version: 1 };
      lecturerIds.push(await ctx.db.insert("lecturers", { ...instance, academic_year_id: activeYearId }));
      await ctx.db.insert("lecturers", { ...instance, academic_year_id: stagingYearId });
    }
    const ug = await ctx.db.insert("courses", { ...base, department_id: departmentId, code: "BSC-DS", name: "BSc (Hons) Data Science", level: "undergraduate", duration_years: 3 });
    const pg = await ctx.db.insert("courses", { ...base, department_id: departmentId, code: "MSC-DS", name: "MSc Data Science", level: "postgraduate_taught", duration_years: 1 });
    const cohorts = [];
    for (const [level, entry] of [[4, 2026], [5, 2025], [6, 2024]] as const) {
      cohorts.push({ cohortId: await ctx.db.insert("cohorts", { ...base, course_id: ug, name: `${entry} September intake`, intake_month: 9, student_count: 120 }), level });
    }
    cohorts.push({ cohortId: await ctx.db.insert("cohorts", { ...base, course_id: pg, name: "2026 September intake", intake_month: 9, student_count: 30 }), level: 7 });
    const siteIds = (await ctx.db.query("sites").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect()).map((s) => s._id);
    return { organisationId: org._id, activeYearId, stagingYearId, departmentId, siteIds, lecturerIds, courses: { ug, pg }, cohorts };
  },
});

export const largeDepartment = internalAction({
  args: { modules: v.number(), lecturers: v.number() },
  handler: async (ctx, args): Promise<string> => {
    const d = await ctx.runMutation(internal.seed.createLargeDepartment, { lecturers: args.lecturers });
    let allocations = 0;
    const batch = 10;
    for (let from = 0; from < args.modules; from += batch) {
      const result = await ctx.runMutation(internal.seed.createModules, {
        organisationId: d.organisationId,
        activeYearId: d.activeYearId,
        stagingYearId: d.stagingYearId,
        departmentId: d.departmentId,
        departmentCode: "DS",
        subject: "data science",
        siteIds: d.siteIds,
        lecturerIds: d.lecturerIds,
        courses: d.courses,
        cohorts: d.cohorts,
        from,
        count: Math.min(batch, args.modules - from),
        seed: 1000 + from,
      });
      allocations += result.allocations;
      if ((from / batch) % 10 === 0) console.log(`seed: DS modules ${from + 1}-${Math.min(from + batch, args.modules)} (${allocations} allocations so far)`);
    }
    return `Seeded Data Science: ${args.modules} modules, ${args.lecturers} lecturers, ${allocations} allocations.`;
  },
});

/** Runs the steps; `npm start` calls it once on a fresh data directory. */
export const demoUniversity = internalAction({
  args: { size: v.optional(v.union(v.literal("demo"), v.literal("small"))) },
  handler: async (ctx, args): Promise<string> => {
    const size: Size = args.size ?? "demo";
    const org = await ctx.runMutation(internal.seed.createOrganisation, { size });
    if (!org) return "The demo university already exists.";
    let allocations = 0;
    let seed = 1;
    const batch = 10;
    for (const d of org.departments) {
      const lecturerIds = org.lecturersByDepartment[d.departmentId] ?? [];
      for (let from = 0; from < SIZES[size].modulesPerDepartment; from += batch) {
        const result = await ctx.runMutation(internal.seed.createModules, {
          organisationId: org.organisationId,
          activeYearId: org.activeYearId,
          stagingYearId: org.stagingYearId,
          departmentId: d.departmentId,
          departmentCode: d.code,
          subject: d.subject,
          siteIds: org.siteIds,
          lecturerIds,
          courses: d.courses,
          cohorts: d.cohorts,
          from,
          count: Math.min(batch, SIZES[size].modulesPerDepartment - from),
          seed: seed++,
        });
        allocations += result.allocations;
        console.log(`seed: ${d.code} modules ${from + 1}-${Math.min(from + batch, SIZES[size].modulesPerDepartment)} (${allocations} allocations so far)`);
      }
    }
    return `Seeded ${ORG.name}: ${allocations} allocations.`;
  },
});
