/**
 * The fixture organisation of the access tests: two departments (Computer
 * Science, "home", where every placed row sits; Mathematics, "other"), a
 * member per built-in role, a Head of Department scoped to Mathematics, and
 * one row of every table a public function takes (plus a "leaf" row, which
 * nothing depends on, for the deletes), written through the function layer's
 * system writer so place fields are filled as in production. A second
 * organisation holds rows whose ids must be refused.
 */
import type { Doc, Id, TableNames } from "../../../convex/_generated/dataModel";
import { Access } from "../../../convex/lib/access";
import { ScopedWriter } from "../../../convex/lib/scopedDb";
import { triggers } from "../../../convex/lib/triggers";
import "../../../convex/triggers";
import { createAcademicYear, seedOrganisationDefaults } from "../../../convex/organisations/bootstrap";
import { WorkloadLoader } from "../../../convex/workload/loader";
import { identity, type Backend } from "../harness";

/** Runs `fn` with the layer's system writer (every permission, place fields filled, audited as `actor`). */
export async function asSystem<T>(t: Backend, fn: (db: any, raw: any) => Promise<T>, actor = "Test fixture"): Promise<T> {
  return await t.run(async (raw) => {
    const wrapped = triggers.wrapDB({ ...raw, actor: { kind: "system", name: actor } } as any).db;
    const subject = {
      access: Access.unrestricted(),
      lecturerIds: async () => new Set<string>(),
      placeName: async () => "",
      describeScope: async () => "",
    };
    const db = new ScopedWriter(raw.db as any, wrapped as any, { organisationId: null, subject, includeDeleted: true, system: true });
    return await fn(db, raw);
  });
}

export const CALLERS = ["admin", "hod", "planner", "lecturer", "viewer", "hodOther"] as const;
export type Caller = (typeof CALLERS)[number];
/** The built-in role each fixture member holds, and where. */
export const CALLER_ROLES: Record<Caller, { role: string; scope: "all" | "other" }> = {
  admin: { role: "Admin", scope: "all" },
  hod: { role: "Head of Department", scope: "all" },
  planner: { role: "Planner", scope: "all" },
  lecturer: { role: "Lecturer", scope: "all" },
  viewer: { role: "Viewer", scope: "all" },
  hodOther: { role: "Head of Department", scope: "other" },
};
export const emailOf = (c: Caller | "outsider" | "spare") => `${c.toLowerCase()}@fixture.test`;

export type Fixture = {
  org: Id<"organisations">;
  otherOrg: Id<"organisations">;
  year: Id<"academic_years">;
  staging: Id<"academic_years">;
  home: Id<"departments">;
  other: Id<"departments">;
  homeTeam: Id<"teams">;
  users: Record<Caller | "spare" | "outsider", Id<"users">>;
  /** One row per table, in the home department where placed. */
  rows: Partial<Record<TableNames | "_storage", string>>;
  /** Rows nothing depends on, for removes. */
  leaf: Partial<Record<TableNames | "_storage", string>>;
  /** Rows of the other organisation. */
  foreign: Partial<Record<TableNames | "_storage", string>>;
  /** The lecturer (and their allocation) linked to the Lecturer member. */
  ownLecturer: Id<"lecturers">;
  ownAllocation: Id<"module_allocations">;
  storageId: Id<"_storage">;
};

async function organisation(db: any, code: string, now: number) {
  const org = await db.insert("organisations", { name: `Fixture ${code}`, code, timezone: "Europe/London", created_at: now, updated_at: now });
  await seedOrganisationDefaults(db, org, now);
  const year = await createAcademicYear(db, org, { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31", status: "active" }, now);
  const roles: Doc<"roles">[] = await db.query("roles").withIndex("by_organisation_id", (q: any) => q.eq("organisation_id", org)).collect();
  return { org, year, roleId: (name: string) => roles.find((r) => r.name === name)!._id };
}

async function first(db: any, table: TableNames, org: Id<"organisations">, pick?: (row: any) => boolean) {
  const rows = await db.query(table).withIndex("by_organisation_id", (q: any) => q.eq("organisation_id", org)).collect();
  return (pick ? rows.find(pick) : rows[0])._id;
}

export async function buildFixture(t: Backend): Promise<Fixture> {
  const storageId = await t.run((ctx) => ctx.storage.store(new Blob(["code,hours\nCS101,50\n"], { type: "text/csv" })));
  const foreignStorage = await t.run((ctx) => ctx.storage.store(new Blob(["other"], { type: "text/plain" })));
  return await asSystem(t, async (db) => {
    const now = Date.now();
    const A = await organisation(db, "FIX-A", now);
    const B = await organisation(db, "FIX-B", now);
    const org = A.org;
    const base = { organisation_id: org, created_at: now, updated_at: now };
    const rows: Fixture["rows"] = {};
    const leaf: Fixture["leaf"] = {};
    const foreign: Fixture["foreign"] = {};
    const staging = await createAcademicYear(db, org, { name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31", status: "staging" }, now, A.year);
    rows.organisations = org;
    rows.academic_years = A.year;
    leaf.academic_years = staging;
    rows.semester_periods = await first(db, "semester_periods", org, (s) => s.academic_year_id === A.year);
    rows.workload_calculation_rules = await first(db, "workload_calculation_rules", org, (r) => r.academic_year_id === A.year);
    rows.organisation_settings = await first(db, "organisation_settings", org, (r) => r.academic_year_id === A.year);
    for (const t of ["user_roles", "lecturer_statuses", "admin_allocation_categories", "assessment_types"] as const) rows[t] = await first(db, t, org);
    rows.allocation_types = await first(db, "allocation_types", org, (a) => a.code === "contact");
    const faculty = await db.insert("faculties", { ...base, name: "Science", code: "SCI" });
    rows.faculties = faculty;
    leaf.faculties = await db.insert("faculties", { ...base, name: "Leaf faculty", code: "LF" });
    const home = await db.insert("departments", { ...base, name: "Computer Science", code: "CS", faculty_id: faculty });
    const other = await db.insert("departments", { ...base, name: "Mathematics", code: "MA", faculty_id: faculty });
    rows.departments = home;
    leaf.departments = await db.insert("departments", { ...base, name: "Leaf department", code: "LD" });
    const homeTeam = await db.insert("teams", { ...base, name: "Software", department_id: home });
    await db.insert("teams", { ...base, name: "Statistics", department_id: other });
    rows.teams = homeTeam;
    leaf.teams = await db.insert("teams", { ...base, name: "Leaf team", department_id: home });
    rows.sites = await db.insert("sites", { ...base, name: "City", code: "CITY" });
    leaf.sites = await db.insert("sites", { ...base, name: "Leaf site", code: "LEAF" });
    leaf.allocation_types = await db.insert("allocation_types", { ...base, code: "leaf_type", name: "Leaf type", work_category: "admin", basis: "iteration", sort_order: 99 });
    leaf.admin_allocation_categories = await db.insert("admin_allocation_categories", { ...base, code: "leaf_cat", name: "Leaf category", work_category: "admin", recurring: false });
    leaf.assessment_types = await db.insert("assessment_types", { ...base, code: "leaf_at", name: "Leaf assessment", marking_hours_per_script: 1 });
    leaf.lecturer_statuses = await db.insert("lecturer_statuses", { ...base, code: "leaf_st", name: "Leaf status", counts_towards_capacity: true, sort_order: 9 });
    leaf.user_roles = await db.insert("user_roles", { ...base, name: "Leaf staff type", is_default: false });

    // People: one member per built-in role, the Head of Department of Mathematics, a spare member.
    const profile = (first_name: string, department_id: Id<"departments">, team_id?: Id<"teams">) =>
      db.insert("lecturer_profiles", {
        ...base,
        first_name,
        last_name: "Fixture",
        full_name: `${first_name} Fixture`,
        email: `${first_name.toLowerCase()}.lecturer@fixture.test`,
        default_contract_family: "teaching_and_research",
        default_fte: 1,
        department_id,
        team_id,
      });
    const instance = (profile_id: Id<"lecturer_profiles">, department_id: Id<"departments">, team_id?: Id<"teams">) =>
      db.insert("lecturers", { ...base, academic_year_id: A.year, profile_id, department_id, team_id, fte: 1, contract_family: "teaching_and_research", version: 1 });
    const lecturerProfile = await profile("Lee", home, homeTeam);
    const ownProfile = await profile("Owen", home, homeTeam);
    rows.lecturer_profiles = lecturerProfile;
    leaf.lecturer_profiles = await profile("Leaf", home);
    const lecturer = await instance(lecturerProfile, home, homeTeam);
    const ownLecturer = await instance(ownProfile, home, homeTeam);
    rows.lecturers = lecturer;
    leaf.lecturers = await instance(await profile("Lone", home), home);
    const users = {} as Fixture["users"];
    for (const c of CALLERS) {
      users[c] = await db.insert("users", {
        ...base,
        email: emailOf(c),
        name: c,
        token_identifier: identity(emailOf(c)).tokenIdentifier,
        status: "active",
        lecturer_profile_id: c === "lecturer" ? ownProfile : undefined,
      });
      await db.insert("user_role_assignments", {
        ...base,
        user_id: users[c],
        role_id: A.roleId(CALLER_ROLES[c].role),
        scope_department_id: CALLER_ROLES[c].scope === "other" ? other : undefined,
      });
    }
    users.spare = await db.insert("users", { ...base, email: emailOf("spare"), name: "spare", status: "active", token_identifier: identity(emailOf("spare")).tokenIdentifier });
    rows.users = users.spare;
    const customRole = await db.insert("roles", { ...base, name: "Fixture role", permissions: ["structure.view"], is_system: false });
    rows.roles = customRole;
    leaf.roles = await db.insert("roles", { ...base, name: "Leaf role", permissions: ["structure.view"], is_system: false });
    rows.user_role_assignments = await db.insert("user_role_assignments", { ...base, user_id: users.spare, role_id: customRole });
    users.outsider = await db.insert("users", {
      organisation_id: B.org,
      created_at: now,
      updated_at: now,
      email: emailOf("outsider"),
      name: "outsider",
      token_identifier: identity(emailOf("outsider")).tokenIdentifier,
      status: "active",
    });
    await db.insert("user_role_assignments", { organisation_id: B.org, created_at: now, updated_at: now, user_id: users.outsider, role_id: B.roleId("Admin") });

    // Curriculum and delivery in Computer Science.
    const course = await db.insert("courses", { ...base, department_id: home, code: "BSC-CS", name: "BSc CS", level: "undergraduate", duration_years: 3 });
    rows.courses = course;
    leaf.courses = await db.insert("courses", { ...base, department_id: home, code: "LEAF-C", name: "Leaf course", level: "undergraduate", duration_years: 3 });
    const cohort = await db.insert("cohorts", { ...base, course_id: course, name: "2026 intake", intake_month: 9, student_count: 80 });
    rows.cohorts = cohort;
    leaf.cohorts = await db.insert("cohorts", { ...base, course_id: course, name: "Leaf intake", intake_month: 1, student_count: 10 });
    const module = await db.insert("modules", { ...base, department_id: home, code: "CS101", title: "Programming", credits: 20, level: 4, default_semester: "S1", subject_area: "computing" });
    rows.modules = module;
    leaf.modules = await db.insert("modules", { ...base, department_id: home, code: "CS999", title: "Leaf module", credits: 20, level: 4, default_semester: "S1" });
    rows.course_modules = await db.insert("course_modules", { ...base, course_id: course, module_id: module, year_of_study: 1, is_core: true });
    const iteration = await db.insert("module_iterations", { ...base, academic_year_id: A.year, module_id: module, code: "CS101-A", semester: "S1", student_count: 60, intakes: 1, version: 1 });
    rows.module_iterations = iteration;
    leaf.module_iterations = await db.insert("module_iterations", { ...base, academic_year_id: A.year, module_id: module, code: "CS101-B", semester: "S2", student_count: 20, intakes: 1, version: 1 });
    const group = await db.insert("module_iteration_groups", { ...base, academic_year_id: A.year, module_iteration_id: iteration, name: "G1", student_count: 30 });
    rows.module_iteration_groups = group;
    leaf.module_iteration_groups = await db.insert("module_iteration_groups", { ...base, academic_year_id: A.year, module_iteration_id: iteration, name: "G2", student_count: 30 });
    rows.module_iteration_assessments = await db.insert("module_iteration_assessments", {
      ...base,
      academic_year_id: A.year,
      module_iteration_id: iteration,
      assessment_type_id: rows.assessment_types,
      name: "Exam",
      weighting: 100,
    });
    rows.cohort_module_plans = await db.insert("cohort_module_plans", { ...base, academic_year_id: A.year, cohort_id: cohort, module_id: module, module_iteration_id: iteration, planned_students: 60, semester: "S1" });
    const loader = new WorkloadLoader(db);
    const allocation = async (lecturer_id: Id<"lecturers">, allocation_type_id: Id<"allocation_types">, group_id?: Id<"module_iteration_groups">) => {
      const draft = { academic_year_id: A.year, module_iteration_id: iteration, allocation_type_id, group_id, share: 50, first_time: false };
      const r = await loader.compute(draft);
      return db.insert("module_allocations", {
        ...base,
        ...draft,
        lecturer_id,
        computed_hours: r.computed_hours,
        work_category: r.work_category,
        semester_hours: r.semester_hours,
        response_status: "pending",
        version: 1,
        created_by: users.planner,
      });
    };
    rows.module_allocations = await allocation(lecturer, rows.allocation_types as Id<"allocation_types">, group);
    const ownAllocation = await allocation(ownLecturer, rows.allocation_types as Id<"allocation_types">);
    rows.admin_allocations = await db.insert("admin_allocations", {
      ...base,
      academic_year_id: A.year,
      lecturer_id: lecturer,
      category_id: rows.admin_allocation_categories,
      hours: 20,
      recurring: true,
      version: 1,
    });
    rows.lecturer_availability = await db.insert("lecturer_availability", { ...base, lecturer_profile_id: lecturerProfile, academic_year_id: A.year, semester: "S2", available: false, reason: "Leave" });
    rows.lecturer_specialisations = await db.insert("lecturer_specialisations", { ...base, lecturer_profile_id: lecturerProfile, subject: "computing", level: "expert" });
    rows.tags = await db.insert("tags", { ...base, name: "Fixture tag", colour: "#2563eb" });
    leaf.tags = await db.insert("tags", { ...base, name: "Leaf tag", colour: "#111111" });
    rows.taggables = await db.insert("taggables", { ...base, tag_id: rows.tags, entity_type: "modules", entity_id: module });
    rows.file_attachments = await db.insert("file_attachments", {
      ...base,
      storage_id: storageId,
      file_name: "hours.csv",
      content_type: "text/csv",
      size: 20,
      entity_type: "modules",
      entity_id: module,
      uploaded_by: users.admin,
    });
    rows.notifications = await db.insert("notifications", { organisation_id: org, user_id: users.admin, kind: "test", title: "Hello", body: "A notice", created_at: now });
    rows.presence = await db.insert("presence", { organisation_id: org, academic_year_id: A.year, user_id: users.admin, user_name: "admin", location: "editor", last_heartbeat: now, created_at: now });
    rows.jobs = await db.insert("jobs", {
      ...base,
      academic_year_id: A.year,
      kind: "workload_recompute",
      label: "Recompute: fixture",
      status: "running",
      dry_run: false,
      batch_fn: "workload/jobs:recomputeBatch",
      params: "{}",
      phases: [{ name: "count", label: "Counting lecturers", done: 0 }],
      phase_index: 0,
      step_token: 0,
      restarts: 0,
      actor_kind: "user",
      started_by: users.admin,
      permission: "allocations.view",
      started_at: now,
    });
    // Reports: a template, its schedule, a report run for the admin, and an email of it that failed.
    rows.report_templates = await db.insert("report_templates", { ...base, name: "Fixture summary", kind: "workload_summary", formats: ["csv"], filters: { academic_year_id: A.year }, created_by: users.admin });
    leaf.report_templates = await db.insert("report_templates", { ...base, name: "Leaf template", kind: "coverage", formats: ["csv"], filters: {}, created_by: users.admin });
    rows.scheduled_reports = await db.insert("scheduled_reports", {
      ...base,
      report_template_id: rows.report_templates,
      name: "Fixture weekly",
      frequency: "weekly",
      local_time: "08:00",
      timezone: "Europe/London",
      weekday: 1,
      recipients: [{ kind: "user", user_id: users.admin }],
      enabled: true,
      next_run_at: now + 86_400_000,
      created_by: users.admin,
    });
    rows.workload_reports = await db.insert("workload_reports", {
      ...base,
      academic_year_id: A.year,
      report_template_id: rows.report_templates,
      name: "Fixture summary",
      kind: "workload_summary",
      formats: ["csv"],
      status: "completed",
      filters: { academic_year_id: A.year },
      files: [],
      row_count: 0,
      requested_by: users.admin,
      for_user_id: users.admin,
      completed_at: now,
    });
    rows.email_deliveries = await db.insert("email_deliveries", {
      organisation_id: org,
      kind: "report",
      workload_report_id: rows.workload_reports,
      user_id: users.admin,
      address: emailOf("admin"),
      subject: "Fixture summary",
      status: "failed",
      attempts: 3,
      max_attempts: 3,
      error: "550 mailbox unavailable",
      idempotency_key: "fixture-delivery",
      created_at: now,
      updated_at: now,
    });

    // An external system with a key, and a checked staff import of the home department (one clean row).
    rows.external_systems = await db.insert("external_systems", { ...base, name: "HR feed", kind: "hr_feed", config: {}, enabled: true });
    // The wizard's own entry (imports/imports.ts makes it on the first upload).
    leaf.external_systems = await db.insert("external_systems", { ...base, name: "Spreadsheet uploads", kind: "spreadsheet", config: {}, enabled: true });
    rows.api_keys = await db.insert("api_keys", {
      ...base,
      external_system_id: rows.external_systems,
      name: "nightly",
      key_hash: "fixture-key-hash",
      prefix: "ww_fixture",
      kinds: ["staff"],
      permissions: ["lecturers.edit", "lecturers.view"],
      created_by: users.admin,
    });
    const zero = { rows: 1, ok: 1, warning: 0, error: 0, create: 1, update: 0, unchanged: 0, written: 0, conflict: 0, skipped: 0 };
    rows.data_sync_logs = await db.insert("data_sync_logs", {
      organisation_id: A.org,
      external_system_id: rows.external_systems,
      status: "completed",
      records_processed: 1,
      records_failed: 0,
      kind: "staff",
      stage: "checked",
      academic_year_id: A.year,
      file_name: "staff.csv",
      format: "csv",
      mapping: [],
      counts: zero,
      started_by: users.admin,
      checked_at: now,
      started_at: now,
      created_at: now,
    });
    rows.import_rows = await db.insert("import_rows", {
      organisation_id: A.org,
      sync_log_id: rows.data_sync_logs,
      position: 2,
      cells: { email: "new.person@fixture.test", first_name: "New", last_name: "Person", department: "HOME" },
      status: "ok",
      action: "create",
      created_at: now,
    });

    // A completed suggestion run of the planner's, with one proposed line on the home module.
    rows.allocation_suggestion_runs = await db.insert("allocation_suggestion_runs", {
      ...base,
      academic_year_id: A.year,
      started_by: users.planner,
      strategy: "balance",
      settings: { step_percent: 50, time_limit_seconds: 10 },
      status: "completed",
      line_count: 1,
      accepted_count: 0,
      skipped_count: 0,
      started_at: now,
      finished_at: now,
    });
    rows.allocation_suggestion_lines = await db.insert("allocation_suggestion_lines", {
      ...base,
      academic_year_id: A.year,
      run_id: rows.allocation_suggestion_runs,
      position: 0,
      module_iteration_id: iteration,
      iteration_code: "CS101-A",
      module_title: "Programming",
      group_id: leaf.module_iteration_groups,
      group_name: "G2",
      lecturer_id: lecturer,
      lecturer_name: "Lee Fixture",
      share: 50,
      first_time: false,
      parts: [{ allocation_type_id: rows.allocation_types, allocation_type_name: "Contact", hours: 10, work_category: "teaching", semester_hours: { S1: 10, S2: 0, S3: 0 } }],
      hours: 10,
      teaching_hours: 10,
      expertise: 0,
      continuity: 0,
      status: "proposed",
    });
    rows.data_migrations = await db.insert("data_migrations", { ...base, name: "recompute: fixture", kind: "workload_recompute", status: "completed", target_academic_year_id: A.year, total: 0, processed: 0, started_at: now });

    // The other organisation's rows, whose ids every function must refuse.
    const bBase = { organisation_id: B.org, created_at: now, updated_at: now };
    foreign.organisations = B.org;
    foreign.academic_years = B.year;
    foreign.faculties = await db.insert("faculties", { ...bBase, name: "B faculty", code: "BF" });
    foreign.departments = await db.insert("departments", { ...bBase, name: "B department", code: "BD" });
    foreign.teams = await db.insert("teams", { ...bBase, name: "B team", department_id: foreign.departments });
    foreign.sites = await db.insert("sites", { ...bBase, name: "B site", code: "BS" });
    for (const t of ["user_roles", "lecturer_statuses", "admin_allocation_categories", "assessment_types", "allocation_types", "roles", "workload_calculation_rules", "semester_periods"] as const) {
      foreign[t] = await first(db, t, B.org);
    }
    foreign.users = users.outsider;
    const bProfile = await db.insert("lecturer_profiles", { ...bBase, first_name: "B", last_name: "Lecturer", full_name: "B Lecturer", email: "b@b.test", default_contract_family: "teaching_focused", default_fte: 1 });
    foreign.lecturer_profiles = bProfile;
    foreign.lecturers = await db.insert("lecturers", { ...bBase, academic_year_id: B.year, profile_id: bProfile, fte: 1, contract_family: "teaching_focused", version: 1 });
    const bModule = await db.insert("modules", { ...bBase, code: "B101", title: "B module", credits: 20, level: 4, default_semester: "S1" });
    foreign.modules = bModule;
    const bCourse = await db.insert("courses", { ...bBase, code: "B-C", name: "B course", level: "undergraduate", duration_years: 3 });
    foreign.courses = bCourse;
    foreign.cohorts = await db.insert("cohorts", { ...bBase, course_id: bCourse, name: "B intake", intake_month: 9, student_count: 10 });
    const bIteration = await db.insert("module_iterations", { ...bBase, academic_year_id: B.year, module_id: bModule, code: "B101-A", semester: "S1", student_count: 10, intakes: 1, version: 1 });
    foreign.module_iterations = bIteration;
    foreign.module_iteration_groups = await db.insert("module_iteration_groups", { ...bBase, academic_year_id: B.year, module_iteration_id: bIteration, name: "BG", student_count: 10 });
    foreign.tags = await db.insert("tags", { ...bBase, name: "B tag", colour: "#000000" });
    foreign.notifications = await db.insert("notifications", { organisation_id: B.org, user_id: users.outsider, kind: "test", title: "B", body: "B", created_at: now });
    foreign.file_attachments = await db.insert("file_attachments", {
      ...bBase,
      storage_id: foreignStorage,
      file_name: "b.txt",
      content_type: "text/plain",
      size: 5,
      entity_type: "modules",
      entity_id: bModule,
    });
    foreign._storage = foreignStorage;
    rows._storage = storageId;
    return { org, otherOrg: B.org, year: A.year, staging, home, other, homeTeam, users, rows, leaf, foreign, ownLecturer, ownAllocation, storageId } as Fixture;
  });
}
