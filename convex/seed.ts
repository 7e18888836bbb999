/**
 * Seeding a generated university (convex/lib/generator): `npm start` loads
 * size S, the demo, on first start; the end-to-end tests load `small`;
 * tests and the bench load the larger sizes. The generator decides every
 * row; here they are written in batches through the function layer's
 * writer, so audit rows, live totals and coverage rows are made exactly as
 * by any edit, and each allocation's hours come from the workload engine at
 * insert. Each batch takes rows until it has used part of a quarter of
 * Convex's per-transaction limits (lib/budget.ts), and reads only what its
 * own rows need, so a batch costs the same at any size. People are seeded
 * as invitations, bound at their first (dev) sign-in.
 */
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { v, type Infer } from "convex/values";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalAction } from "./_generated/server";
import { batchBudgetUsed } from "./lib/budget";
import { appError } from "./lib/errors";
import { internalMutation } from "./lib/functions";
import { generateUniversity, MAX_TIMES, SIZES, times, type GeneratedUniversity, type SizeSpec } from "./lib/generator";
import { DEPARTMENTS } from "./lib/generator/catalogue";
import { createAcademicYear, seedOrganisationDefaults } from "./organisations/bootstrap";
import { vContractFamily, vSemester, vWeekday } from "./schema/validators";
import { WorkloadLoader } from "./workload/loader";

/** A batch starts no new lecturer or module once it has used this much of its budget (the biggest module needs far less than the rest). */
const BATCH_FULL = 0.5;
/** Rows offered to one batch call; it takes as many as its budget allows. */
const OFFER = 40;

const vSizeName = v.union(v.literal("small"), v.literal("S"), v.literal("M"), v.literal("L"), v.literal("XL"));
const keyed = <T extends "faculties" | "departments" | "teams" | "courses" | "cohorts" | "sites">(table: T) =>
  v.array(v.object({ key: v.string(), id: v.id(table) }));

const vStructure = {
  faculties: v.array(v.object({ key: v.string(), name: v.string(), code: v.string() })),
  departments: v.array(v.object({ key: v.string(), faculty: v.string(), name: v.string(), code: v.string() })),
  teams: v.array(v.object({ key: v.string(), department: v.string(), name: v.string() })),
  courses: v.array(
    v.object({
      key: v.string(),
      department: v.string(),
      code: v.string(),
      name: v.string(),
      level: v.union(v.literal("undergraduate"), v.literal("postgraduate_taught")),
      duration_years: v.number(),
    }),
  ),
  cohorts: v.array(v.object({ key: v.string(), course: v.string(), name: v.string(), intake_month: v.number(), student_count: v.number() })),
  sites: v.array(v.object({ key: v.string(), name: v.string(), code: v.string(), address: v.string() })),
};
const vOrganisationIds = v.object({
  organisationId: v.id("organisations"),
  activeYearId: v.id("academic_years"),
  stagingYearId: v.id("academic_years"),
  faculties: keyed("faculties"),
  departments: keyed("departments"),
  teams: keyed("teams"),
  courses: keyed("courses"),
  cohorts: keyed("cohorts"),
  sites: keyed("sites"),
});
const vYears = { organisationId: v.id("organisations"), activeYearId: v.id("academic_years"), stagingYearId: v.id("academic_years") };

const vLecturerRow = v.object({
  department_id: v.id("departments"),
  team_id: v.id("teams"),
  first_name: v.string(),
  last_name: v.string(),
  full_name: v.string(),
  email: v.string(),
  staff_number: v.string(),
  title: v.string(),
  contract_family: vContractFamily,
  fte: v.number(),
  status: v.string(),
  contract_start: v.optional(v.string()),
  admin: v.array(v.object({ category: v.string(), hours: v.number(), description: v.string(), semester: v.optional(vSemester) })),
});

const vModuleRow = v.object({
  department_id: v.id("departments"),
  course_id: v.id("courses"),
  code: v.string(),
  title: v.string(),
  credits: v.number(),
  level: v.number(),
  subject_area: v.string(),
  default_semester: vSemester,
  year_of_study: v.number(),
  is_core: v.boolean(),
  iterations: v.array(
    v.object({
      academic_year_id: v.id("academic_years"),
      site_id: v.id("sites"),
      code: v.string(),
      semester: vSemester,
      student_count: v.number(),
      max_group_size: v.number(),
      intakes: v.number(),
      groups: v.array(v.object({ name: v.string(), student_count: v.number(), weekday: vWeekday, start_time: v.string() })),
      cohort_plan: v.optional(v.object({ cohort_id: v.id("cohorts"), planned_students: v.number() })),
      assessment: v.object({ type: v.string(), name: v.string(), weighting: v.number() }),
      allocations: v.array(v.object({ lecturer_id: v.id("lecturers"), type: v.string(), share: v.number() })),
    }),
  ),
});

/** Step 1: organisation, reference data, years, structure, courses and sites. Null when it already exists. */
export const createOrganisation = internalMutation({
  systemActor: "Demo seed",
  args: { organisation: v.object({ name: v.string(), code: v.string(), domain: v.string(), timezone: v.string() }), years: v.object({ active: v.object({ name: v.string(), start_date: v.string(), end_date: v.string() }), staging: v.object({ name: v.string(), start_date: v.string(), end_date: v.string() }) }), ...vStructure },
  returns: v.union(vOrganisationIds, v.null()),
  handler: async (ctx, args) => {
    const now = Date.now();
    const existing = await ctx.db.query("organisations").withIndex("by_code", (q) => q.eq("code", args.organisation.code)).first();
    if (existing) return null;
    const organisationId = await ctx.db.insert("organisations", { ...args.organisation, created_at: now, updated_at: now });
    await seedOrganisationDefaults(ctx.db, organisationId, now);
    const activeYearId = await createAcademicYear(ctx.db, organisationId, { ...args.years.active, status: "active" }, now);
    const stagingYearId = await createAcademicYear(ctx.db, organisationId, { ...args.years.staging, status: "staging" }, now, activeYearId);
    const base = { organisation_id: organisationId, created_at: now, updated_at: now };
    const ids = new Map<string, string>();
    const out = { organisationId, activeYearId, stagingYearId, faculties: [], departments: [], teams: [], courses: [], cohorts: [], sites: [] } as Infer<typeof vOrganisationIds>;
    const remember = <T extends string>(list: { key: string; id: T }[], key: string, id: T) => {
      ids.set(key, id);
      list.push({ key, id });
      return id;
    };
    const id = <T extends string>(key: string) => ids.get(key) as T;
    for (const f of args.faculties) {
      remember(out.faculties, f.key, await ctx.db.insert("faculties", { ...base, name: f.name, code: f.code }));
      for (const d of args.departments.filter((d) => d.faculty === f.key)) {
        remember(out.departments, d.key, await ctx.db.insert("departments", { ...base, name: d.name, code: d.code, faculty_id: id<Id<"faculties">>(f.key) }));
        for (const t of args.teams.filter((t) => t.department === d.key)) {
          remember(out.teams, t.key, await ctx.db.insert("teams", { ...base, name: t.name, department_id: id<Id<"departments">>(d.key) }));
        }
      }
    }
    for (const d of args.departments) {
      for (const c of args.courses.filter((c) => c.department === d.key)) {
        const { key, department, ...course } = c;
        remember(out.courses, key, await ctx.db.insert("courses", { ...base, ...course, department_id: id<Id<"departments">>(department) }));
      }
      for (const c of args.cohorts.filter((c) => args.courses.some((course) => course.key === c.course && course.department === d.key))) {
        const { key, course, ...cohort } = c;
        remember(out.cohorts, key, await ctx.db.insert("cohorts", { ...base, ...cohort, course_id: id<Id<"courses">>(course) }));
      }
    }
    for (const s of args.sites) {
      const { key, ...site } = s;
      remember(out.sites, key, await ctx.db.insert("sites", { ...base, ...site }));
    }
    return out;
  },
});

/**
 * Step 2 (batched): lecturer profiles with their instance in both years (the
 * staging one as a rollover would make it) and their admin roles in the
 * active year. Returns the ids of those it wrote, in order.
 */
export const createLecturers = internalMutation({
  systemActor: "Demo seed",
  args: { ...vYears, lecturers: v.array(vLecturerRow) },
  returns: v.object({ written: v.array(v.object({ profileId: v.id("lecturer_profiles"), activeId: v.id("lecturers") })), budgetUsed: v.number() }),
  handler: async (ctx, args) => {
    const now = Date.now();
    const base = { organisation_id: args.organisationId, created_at: now, updated_at: now };
    const statuses = await ctx.db.query("lecturer_statuses").withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId)).collect();
    const categories = await ctx.db
      .query("admin_allocation_categories")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId))
      .collect();
    const written = [];
    for (const l of args.lecturers) {
      if (written.length > 0 && (await batchBudgetUsed(ctx)) >= BATCH_FULL) break;
      const profileId = await ctx.db.insert("lecturer_profiles", {
        ...base,
        first_name: l.first_name,
        last_name: l.last_name,
        full_name: l.full_name,
        email: l.email,
        staff_number: l.staff_number,
        title: l.title,
        default_contract_family: l.contract_family,
        default_fte: l.fte,
        department_id: l.department_id,
        team_id: l.team_id,
      });
      const instance = {
        ...base,
        profile_id: profileId,
        status_id: statuses.find((s) => s.code === l.status)!._id,
        department_id: l.department_id,
        team_id: l.team_id,
        fte: l.fte,
        contract_family: l.contract_family,
        version: 1,
      };
      const partYear = l.contract_start ? { contract_start: l.contract_start } : {};
      const activeId = await ctx.db.insert("lecturers", { ...instance, ...partYear, academic_year_id: args.activeYearId });
      await ctx.db.insert("lecturers", { ...instance, academic_year_id: args.stagingYearId });
      for (const a of l.admin) {
        const category = categories.find((c) => c.code === a.category)!;
        await ctx.db.insert("admin_allocations", {
          ...base,
          academic_year_id: args.activeYearId,
          lecturer_id: activeId,
          category_id: category._id,
          description: a.description,
          hours: a.hours,
          semester: a.semester,
          recurring: category.recurring,
          version: 1,
        });
      }
      written.push({ profileId, activeId });
    }
    return { written, budgetUsed: await batchBudgetUsed(ctx) };
  },
});

/** Step 3: specialisations, availability and the people to sign in as (invitations). */
export const createPeople = internalMutation({
  systemActor: "Demo seed",
  args: {
    ...vYears,
    specialisations: v.array(
      v.object({ lecturer_profile_id: v.id("lecturer_profiles"), subject: v.string(), level: v.union(v.literal("expert"), v.literal("competent"), v.literal("learning")) }),
    ),
    availability: v.array(
      v.object({ lecturer_profile_id: v.id("lecturer_profiles"), academic_year_id: v.id("academic_years"), semester: vSemester, available: v.boolean(), reason: v.string() }),
    ),
    people: v.array(
      v.object({
        email: v.string(),
        name: v.string(),
        role: v.string(),
        scope_department_id: v.optional(v.id("departments")),
        lecturer_profile_id: v.optional(v.id("lecturer_profiles")),
      }),
    ),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const now = Date.now();
    const base = { organisation_id: args.organisationId, created_at: now, updated_at: now };
    for (const s of args.specialisations) await ctx.db.insert("lecturer_specialisations", { ...base, ...s });
    for (const a of args.availability) await ctx.db.insert("lecturer_availability", { ...base, ...a });
    const roles = await ctx.db.query("roles").withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId)).collect();
    for (const p of args.people) {
      const userId = await ctx.db.insert("users", { ...base, email: p.email, name: p.name, status: "invited", lecturer_profile_id: p.lecturer_profile_id });
      await ctx.db.insert("user_role_assignments", { ...base, user_id: userId, role_id: roles.find((r) => r.name === p.role)!._id, scope_department_id: p.scope_department_id });
    }
    return null;
  },
});

/**
 * Step 4 (batched): modules with their iterations in both years, groups,
 * cohort plans, assessments and allocations, each allocation's hours
 * computed by the workload engine as in the editor (the loader caches the
 * year's settings and rules across the batch).
 */
export const createModules = internalMutation({
  systemActor: "Demo seed",
  args: { ...vYears, modules: v.array(vModuleRow) },
  returns: v.object({ modules: v.number(), allocations: v.number(), budgetUsed: v.number() }),
  handler: async (ctx, args) => {
    const now = Date.now();
    const base = { organisation_id: args.organisationId, created_at: now, updated_at: now };
    const types = await ctx.db.query("allocation_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId)).collect();
    const assessmentTypes = await ctx.db.query("assessment_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", args.organisationId)).collect();
    const loader = new WorkloadLoader(ctx.db);
    const lecturerDepartments = new Map<Id<"lecturers">, Id<"departments"> | undefined>();
    const lecturerDepartment = async (id: Id<"lecturers">) => {
      if (!lecturerDepartments.has(id)) lecturerDepartments.set(id, (await ctx.db.get(id))?.department_id);
      return lecturerDepartments.get(id);
    };
    let modules = 0;
    let allocations = 0;
    for (const m of args.modules) {
      if (modules > 0 && (await batchBudgetUsed(ctx)) >= BATCH_FULL) break;
      const { iterations, course_id, year_of_study, is_core, ...fields } = m;
      const moduleId = await ctx.db.insert("modules", { ...base, ...fields });
      await ctx.db.insert("course_modules", { ...base, course_id, module_id: moduleId, year_of_study, is_core });
      for (const it of iterations) {
        const { groups, cohort_plan, assessment, allocations: rows, ...iteration } = it;
        // The module's department: the layer fills (and checks) the stored place on insert (lib/scope.ts).
        const placed = { department_id: fields.department_id };
        const iterationId = await ctx.db.insert("module_iterations", { ...base, ...iteration, ...placed, module_id: moduleId, version: 1 });
        for (const g of groups) {
          await ctx.db.insert("module_iteration_groups", { ...base, ...g, ...placed, academic_year_id: it.academic_year_id, module_iteration_id: iterationId });
        }
        if (cohort_plan) {
          await ctx.db.insert("cohort_module_plans", {
            ...base,
            academic_year_id: it.academic_year_id,
            cohort_id: cohort_plan.cohort_id,
            module_id: moduleId,
            module_iteration_id: iterationId,
            planned_students: cohort_plan.planned_students,
            semester: it.semester,
          });
        }
        await ctx.db.insert("module_iteration_assessments", {
          ...base,
          academic_year_id: it.academic_year_id,
          module_iteration_id: iterationId,
          assessment_type_id: assessmentTypes.find((t) => t.code === assessment.type)!._id,
          name: assessment.name,
          weighting: assessment.weighting,
        });
        for (const r of rows) {
          const draft = {
            academic_year_id: it.academic_year_id,
            module_iteration_id: iterationId,
            allocation_type_id: types.find((t) => t.code === r.type)!._id,
            share: r.share,
            first_time: false,
          };
          const result = await loader.compute(draft);
          await ctx.db.insert("module_allocations", {
            ...draft,
            organisation_id: args.organisationId,
            lecturer_id: r.lecturer_id,
            ...placed,
            lecturer_department_id: await lecturerDepartment(r.lecturer_id),
            computed_hours: result.computed_hours,
            work_category: result.work_category,
            semester_hours: result.semester_hours,
            response_status: "pending",
            version: 1,
            created_at: now,
            updated_at: now,
          });
          allocations++;
        }
      }
      modules++;
    }
    return { modules, allocations, budgetUsed: await batchBudgetUsed(ctx) };
  },
});

/** Runs one of the seed's internal mutations: `ctx.runMutation` in the action, `t.mutation` in tests. */
export type RunMutation = <F extends FunctionReference<"mutation", "internal">>(fn: F, args: FunctionArgs<F>) => Promise<FunctionReturnType<F>>;

/** What a seeding did: the message, and the most any batch used of its budget (1 = a quarter of a limit). */
export type SeedReport = { message: string; batches: number; largestBudgetUsed: number };

/**
 * Writes `u` through the seed's mutations, batch after batch. Shared by the
 * action below and the tests' loader (tests/convex/university.ts).
 */
export async function seedUniversity(run: RunMutation, u: GeneratedUniversity, say: (line: string) => void = () => {}): Promise<SeedReport> {
  const org = await run(internal.seed.createOrganisation, {
    organisation: u.organisation,
    years: u.years,
    faculties: u.faculties,
    departments: u.departments.map(({ subject, ...d }) => d),
    teams: u.teams,
    courses: u.courses,
    cohorts: u.cohorts,
    sites: u.sites,
  });
  if (!org) return { message: "The demo university already exists.", batches: 0, largestBudgetUsed: 0 };
  return await seedRows(run, org, u, say);
}

/** Writes `u`'s people and modules into the organisation (and structure) `org` holds the ids of. */
async function seedRows(run: RunMutation, org: Infer<typeof vOrganisationIds>, u: GeneratedUniversity, say: (line: string) => void): Promise<SeedReport> {
  const ids = new Map<string, string>();
  for (const list of [org.faculties, org.departments, org.teams, org.courses, org.cohorts, org.sites]) for (const r of list) ids.set(r.key, r.id);
  const id = <T>(key: string) => ids.get(key) as T;
  const years = { organisationId: org.organisationId, activeYearId: org.activeYearId, stagingYearId: org.stagingYearId };
  const yearId = (year: "active" | "staging") => (year === "active" ? org.activeYearId : org.stagingYearId);
  let batches = 1;
  let largest = 0;

  const profiles = new Map<string, Id<"lecturer_profiles">>();
  const instances = new Map<string, Id<"lecturers">>();
  for (let from = 0; from < u.lecturers.length; ) {
    const offer = u.lecturers.slice(from, from + OFFER);
    const result = await run(internal.seed.createLecturers, {
      ...years,
      lecturers: offer.map(({ key, department, team, ...l }) => ({ ...l, department_id: id<Id<"departments">>(department), team_id: id<Id<"teams">>(team) })),
    });
    result.written.forEach((w, i) => {
      profiles.set(offer[i].key, w.profileId);
      instances.set(offer[i].key, w.activeId);
    });
    from += result.written.length;
    batches++;
    largest = Math.max(largest, result.budgetUsed);
    say(`seed: lecturers 1-${from} of ${u.lecturers.length}`);
  }
  await run(internal.seed.createPeople, {
    ...years,
    specialisations: u.specialisations.map((s) => ({ lecturer_profile_id: profiles.get(s.lecturer)!, subject: s.subject, level: s.level })),
    availability: u.availability.map((a) => ({
      lecturer_profile_id: profiles.get(a.lecturer)!,
      academic_year_id: yearId(a.year),
      semester: a.semester,
      available: a.available,
      reason: a.reason,
    })),
    people: u.people.map((p) => ({
      email: p.email,
      name: p.name,
      role: p.role,
      scope_department_id: p.scope_department ? id<Id<"departments">>(p.scope_department) : undefined,
      lecturer_profile_id: p.lecturer ? profiles.get(p.lecturer) : undefined,
    })),
  });
  batches++;

  let allocations = 0;
  for (let from = 0; from < u.modules.length; ) {
    const offer = u.modules.slice(from, from + OFFER).map((m) => ({
      department_id: id<Id<"departments">>(m.department),
      course_id: id<Id<"courses">>(m.course),
      code: m.code,
      title: m.title,
      credits: m.credits,
      level: m.level,
      subject_area: m.subject_area,
      default_semester: m.default_semester,
      year_of_study: m.year_of_study,
      is_core: m.is_core,
      iterations: m.iterations.map((it) => ({
        academic_year_id: yearId(it.year),
        site_id: id<Id<"sites">>(it.site),
        code: it.code,
        semester: it.semester,
        student_count: it.student_count,
        max_group_size: it.max_group_size,
        intakes: it.intakes,
        groups: it.groups,
        cohort_plan: it.cohort_plan ? { cohort_id: id<Id<"cohorts">>(it.cohort_plan.cohort), planned_students: it.cohort_plan.planned_students } : undefined,
        assessment: it.assessment,
        allocations: it.allocations.map((a) => ({ lecturer_id: instances.get(a.lecturer)!, type: a.type, share: a.share })),
      })),
    }));
    const result = await run(internal.seed.createModules, { ...years, modules: offer });
    from += result.modules;
    allocations += result.allocations;
    batches++;
    largest = Math.max(largest, result.budgetUsed);
    say(`seed: modules 1-${from} of ${u.modules.length} (${allocations} allocations so far)`);
  }
  return { message: `Seeded ${u.organisation.name}: ${allocations} allocations.`, batches, largestBudgetUsed: largest };
}

/**
 * One large department added to a seeded demo university, for the department
 * sheet's scale test (tests/e2e/sheet-scale.test.ts): the generator's next
 * department after the demo's six, at `modules` modules (one iteration a
 * year each) and `lecturers` lecturers in its two teams. Its faculty and
 * campuses are the university's own; it has no people to sign in as.
 */
export const addDepartment = internalMutation({
  args: { organisationCode: v.string(), ...vStructure },
  returns: vOrganisationIds,
  handler: async (ctx, args) => {
    const now = Date.now();
    const org = await ctx.db.query("organisations").withIndex("by_code", (q) => q.eq("code", args.organisationCode)).first();
    if (!org) throw appError("NOT_FOUND", "Seed the demo university first.");
    const years = await ctx.db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect();
    const active = years.find((y) => y.status === "active");
    const staging = years.find((y) => y.status === "staging");
    if (!active || !staging) throw appError("NOT_FOUND", "The demo university has no active and staging year.");
    const base = { organisation_id: org._id, created_at: now, updated_at: now };
    const out = { organisationId: org._id, activeYearId: active._id, stagingYearId: staging._id, faculties: [], departments: [], teams: [], courses: [], cohorts: [], sites: [] } as Infer<typeof vOrganisationIds>;
    const faculties = await ctx.db.query("faculties").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect();
    for (const f of args.faculties) {
      const existing = faculties.find((x) => x.code === f.code);
      out.faculties.push({ key: f.key, id: existing?._id ?? (await ctx.db.insert("faculties", { ...base, name: f.name, code: f.code })) });
    }
    const id = (list: { key: string; id: string }[], key: string) => list.find((r) => r.key === key)!.id;
    for (const d of args.departments) {
      out.departments.push({ key: d.key, id: await ctx.db.insert("departments", { ...base, name: d.name, code: d.code, faculty_id: id(out.faculties, d.faculty) as Id<"faculties"> }) });
    }
    for (const t of args.teams) out.teams.push({ key: t.key, id: await ctx.db.insert("teams", { ...base, name: t.name, department_id: id(out.departments, t.department) as Id<"departments"> }) });
    for (const { key, department, ...course } of args.courses) {
      out.courses.push({ key, id: await ctx.db.insert("courses", { ...base, ...course, department_id: id(out.departments, department) as Id<"departments"> }) });
    }
    for (const { key, course, ...cohort } of args.cohorts) out.cohorts.push({ key, id: await ctx.db.insert("cohorts", { ...base, ...cohort, course_id: id(out.courses, course) as Id<"courses"> }) });
    const sites = await ctx.db.query("sites").withIndex("by_organisation_id", (q) => q.eq("organisation_id", org._id)).collect();
    for (const s of args.sites) {
      const existing = sites.find((x) => x.code === s.code);
      const { key, ...site } = s;
      out.sites.push({ key, id: existing?._id ?? (await ctx.db.insert("sites", { ...base, ...site })) });
    }
    return out;
  },
});

export const largeDepartment = internalAction({
  args: { modules: v.number(), lecturers: v.number() },
  returns: v.string(),
  handler: async (ctx, args): Promise<string> => {
    const demo = SIZES.S.departments;
    const all = generateUniversity({ ...SIZES.small, name: "sheet", departments: demo + 1, lecturersPerTeam: Math.ceil(args.lecturers / 2), modulesPerDepartment: args.modules });
    // The catalogue's next department (Physics): the list itself is ordered by faculty, so look it up by code.
    const department = all.departments.find((d) => d.code === DEPARTMENTS[demo].code)!;
    const courses = all.courses.filter((c) => c.department === department.key);
    const lecturers = all.lecturers.filter((l) => l.department === department.key);
    const keys = new Set(lecturers.map((l) => l.key));
    const u: GeneratedUniversity = {
      ...all,
      faculties: all.faculties.filter((f) => f.key === department.faculty),
      departments: [department],
      teams: all.teams.filter((t) => t.department === department.key),
      courses,
      cohorts: all.cohorts.filter((c) => courses.some((course) => course.key === c.course)),
      lecturers,
      specialisations: all.specialisations.filter((s) => keys.has(s.lecturer)),
      availability: all.availability.filter((a) => keys.has(a.lecturer)),
      people: [],
      modules: all.modules.filter((m) => m.department === department.key),
    };
    const org = await ctx.runMutation(internal.seed.addDepartment, {
      organisationCode: u.organisation.code,
      faculties: u.faculties,
      departments: u.departments.map(({ subject, ...d }) => d),
      teams: u.teams,
      courses: u.courses,
      cohorts: u.cohorts,
      sites: u.sites,
    });
    const report = await seedRows((fn, a) => ctx.runMutation(fn, a), org, u, (line) => console.log(line));
    return `${department.name}: ${u.modules.length} modules, ${u.lecturers.length} lecturers. ${report.message}`;
  },
});

/** The size asked for: a named size, or `times` the demo. */
function sizeOf(args: { size?: Infer<typeof vSizeName>; times?: number }): SizeSpec {
  if (args.times === undefined) return SIZES[args.size ?? "S"];
  if (args.size !== undefined) throw appError("INVALID_ARGUMENT", "Give a size or a multiple of the demo, not both.");
  if (!Number.isInteger(args.times) || args.times < 1 || args.times > MAX_TIMES) {
    throw appError("INVALID_ARGUMENT", `A multiple of the demo is a whole number from 1 to ${MAX_TIMES}.`);
  }
  return times(args.times);
}

/** Seeds a generated university (S, the demo, unless told otherwise); `npm start` calls it once on a fresh data directory. */
export const demoUniversity = internalAction({
  args: { size: v.optional(vSizeName), times: v.optional(v.number()) },
  returns: v.string(),
  handler: async (ctx, args): Promise<string> => {
    const u = generateUniversity(sizeOf(args));
    const report = await seedUniversity((fn, a) => ctx.runMutation(fn, a), u, (line) => console.log(line));
    return report.message;
  },
});
