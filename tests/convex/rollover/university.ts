/**
 * A university for the rollover tests, built at a chosen size: `scale` 1 has
 * the demo's shape (6 departments, 12 teams of 10 lecturers, 300 modules
 * with one iteration each and about 1,900 allocations); the tests run it at
 * several times that. It is made through the public organisation bootstrap
 * (settings, rules, roles, reference data) and then written in batches
 * through the trigger-wrapped writer, so totals and the audit trail are as
 * in production. Allocation hours come from the workload engine.
 *
 * Beside the bulk it holds one of each case a rollover must get right, and
 * it returns the counts a correct rollover produces, worked out while it
 * builds (not by running any rollover code):
 *   - Leah Left (employment status "left") and Eddie Ended (employment ended
 *     2027-06-30), both teaching: they and their allocations do not carry;
 *   - Pat Parttime (employment ends 2028-01-31): carried, part-year;
 *   - Nina New: a profile with no record in the source year;
 *   - Doug Deleted: a soft-deleted profile with a record and allocations;
 *   - NEW100, a module with no iteration last year; WDN100, withdrawn;
 *     DEL100, soft-deleted (both with an iteration and allocations);
 *   - recurring (programme leader) and one-off (research buy-out) admin
 *     allocations, a group-level allocation, an hours override, and a
 *     first-time allocation whose preparation is doubled only that year.
 * Until the generator (issue #13) lands in main this is the tests' own.
 */
import { convexTest } from "convex-test";
import { api } from "../../../convex/_generated/api";
import type { Doc, Id } from "../../../convex/_generated/dataModel";
import { JOB_BATCH_BUDGET } from "../../../convex/lib/jobs";
import { WorkloadLoader } from "../../../convex/workload/loader";
import schema from "../../../convex/schema";
import { identity, modules } from "../harness";
import { withTriggers } from "../workload/fixtures";

/** A backend whose every transaction is held to a quarter of Convex's limits (decisions.md, "Tests and CI"). */
export function quarterLimitBackend() {
  return convexTest({ schema, modules, transactionLimits: { ...JOB_BATCH_BUDGET } });
}

export type Backend = ReturnType<typeof quarterLimitBackend>;

export const SOURCE_YEAR = { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31" };
export const NEXT_YEAR = { name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" };

const DEPARTMENTS = ["CS", "MA", "EN", "BS", "LW", "EC"];
const FTES = [1, 1, 0.8, 0.6, 0.5];
const FAMILIES = ["teaching_and_research", "teaching_focused", "research_focused"] as const;

export type Expected = {
  lecturers: { created: number; from_last_year: number; from_profile: number; leaver: number; deleted: number };
  iterations: { created: number; from_last_year: number; from_module: number; module_withdrawn: number; module_deleted: number };
  groups: number;
  assessments: number;
  allocations: { created: number; leaver: number; profile_deleted: number; module_withdrawn: number; module_deleted: number };
  admin: { created: number; one_off: number; leaver: number };
  profiles: number;
  modules: number;
  sourceAllocations: number;
  sourceAdmin: number;
};

type Special = "left" | "ended" | "parttime" | "new" | "deleted";

export async function buildUniversity(t: Backend, scale: number) {
  const admin = t.withIdentity(identity("admin@uni.example"));
  const { organisationId, academicYearId: sourceYearId } = await admin.mutation(api.organisations.membership.create, {
    name: "Rollover University",
    code: "RU",
    firstYear: SOURCE_YEAR,
  });

  const expected: Expected = {
    lecturers: { created: 0, from_last_year: 0, from_profile: 0, leaver: 0, deleted: 0 },
    iterations: { created: 0, from_last_year: 0, from_module: 0, module_withdrawn: 0, module_deleted: 0 },
    groups: 0,
    assessments: 0,
    allocations: { created: 0, leaver: 0, profile_deleted: 0, module_withdrawn: 0, module_deleted: 0 },
    admin: { created: 0, one_off: 0, leaver: 0 },
    profiles: 0,
    modules: 0,
    sourceAllocations: 0,
    sourceAdmin: 0,
  };

  // Structure, profiles and their source-year records, one department per transaction.
  type Lect = { id: Id<"lecturers">; profileId: Id<"lecturer_profiles">; special?: Special; name: string };
  const staff: Record<string, Lect[]> = {};
  const departmentIds: Record<string, Id<"departments">> = {};
  const specials: Partial<Record<Special, Lect>> = {};
  const lecturersPerDepartment = Math.max(8, Math.round(20 * scale));
  const LECTURER_BATCH = 40;
  for (const [d, code] of DEPARTMENTS.entries()) {
    const { departmentId, teams } = await withTriggers(t, async (ctx) => {
      const now = Date.now();
      const base = { organisation_id: organisationId, created_at: now, updated_at: now };
      const departmentId = await ctx.db.insert("departments", { ...base, name: `Department ${code}`, code });
      const teams = [
        await ctx.db.insert("teams", { ...base, department_id: departmentId, name: `${code} team 1` }),
        await ctx.db.insert("teams", { ...base, department_id: departmentId, name: `${code} team 2` }),
      ];
      return { departmentId, teams };
    });
    const out: Lect[] = [];
    for (let from = 0; from < lecturersPerDepartment; from += LECTURER_BATCH) {
      await withTriggers(t, async (ctx) => {
      const now = Date.now();
      const base = { organisation_id: organisationId, created_at: now, updated_at: now };
      for (let i = from; i < Math.min(from + LECTURER_BATCH, lecturersPerDepartment); i++) {
        const n = d * 1000 + i;
        // The department CS holds the special cases, as its first five lecturers.
        const special: Special | undefined = d === 0 ? (["left", "ended", "parttime", "new", "deleted"] as const)[i] : undefined;
        const name = special ? { left: "Leah Left", ended: "Eddie Ended", parttime: "Pat Parttime", new: "Nina New", deleted: "Doug Deleted" }[special] : `Lecturer ${code}${i}`;
        const [first, last] = name.split(" ");
        const fte = FTES[n % FTES.length];
        const family = FAMILIES[n % FAMILIES.length];
        const profileId = await ctx.db.insert("lecturer_profiles", {
          ...base,
          first_name: first,
          last_name: last,
          full_name: name,
          email: `l${n}@uni.example`,
          default_contract_family: family,
          default_fte: special === "new" ? 0.4 : fte,
          department_id: departmentId,
          team_id: teams[i % 2],
          employment_status: special === "left" ? "left" : "active",
          employment_end_date: special === "ended" ? "2027-06-30" : special === "parttime" ? "2028-01-31" : undefined,
          deleted_at: special === "deleted" ? now : undefined,
        });
        if (special === "new") {
          specials.new = { id: undefined as never, profileId, special, name };
          continue;
        }
        const id = await ctx.db.insert("lecturers", {
          ...base,
          academic_year_id: sourceYearId,
          profile_id: profileId,
          department_id: departmentId,
          team_id: teams[i % 2],
          fte,
          contract_family: family,
          // Year-specific values that must not carry.
          contract_hours_adjustment: i === 7 ? -100 : undefined,
          adjustment_reason: i === 7 ? "New-staff reduction" : undefined,
          notes: i === 6 ? "On a secondment plan this year" : undefined,
          version: 4,
        });
        const lect = { id, profileId, special, name };
        if (special) specials[special] = lect;
        out.push(lect);
      }
      });
    }
    const made = { departmentId, out };
    departmentIds[code] = made.departmentId;
    staff[code] = made.out;
  }
  expected.profiles = DEPARTMENTS.length * lecturersPerDepartment;
  for (const list of Object.values(staff)) {
    for (const l of list) {
      if (l.special === "left" || l.special === "ended") expected.lecturers.leaver++;
      else if (l.special === "deleted") expected.lecturers.deleted++;
      else expected.lecturers.from_last_year++;
    }
  }
  expected.lecturers.from_profile = 1;
  expected.lecturers.created = expected.lecturers.from_last_year + expected.lecturers.from_profile;
  const carries = (l: Lect) => !l.special || l.special === "parttime";
  const skipReason = (l: Lect) => (l.special === "left" || l.special === "ended" ? "leaver" : l.special === "deleted" ? "profile_deleted" : null);

  // Modules with their source iteration, groups, assessment and allocations, in batches.
  const modulesPerDepartment = Math.max(15, Math.round(50 * scale));
  // Small enough that each transaction stays inside the quarter limits.
  const BATCH = 8;
  let firstTimeAllocation: Id<"module_allocations"> | null = null;
  let overrideAllocation: Id<"module_allocations"> | null = null;
  let groupAllocation: Id<"module_allocations"> | null = null;
  const specialModules: Record<string, Id<"modules">> = {};
  for (const [d, code] of DEPARTMENTS.entries()) {
    const teachers = staff[code];
    for (let from = 0; from < modulesPerDepartment; from += BATCH) {
      await withTriggers(t, async (ctx) => {
        const now = Date.now();
        const base = { organisation_id: organisationId, created_at: now, updated_at: now };
        const loader = new WorkloadLoader(ctx.db);
        const types = await ctx.db.query("allocation_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
        const type = (c: string) => types.find((x) => x.code === c)!._id;
        const assessmentTypes = await ctx.db.query("assessment_types").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
        for (let i = from; i < Math.min(from + BATCH, modulesPerDepartment); i++) {
          const m = d * 1000 + i;
          const specialModule = d === 0 && i < 3 ? (["NEW100", "WDN100", "DEL100"] as const)[i] : null;
          const moduleId = await ctx.db.insert("modules", {
            ...base,
            department_id: departmentIds[code],
            code: specialModule ?? `${code}${100 + i}`,
            title: `${code} module ${i}`,
            credits: [15, 20, 30][m % 3],
            level: 4 + (i % 4),
            default_semester: (["S1", "S2", "year"] as const)[m % 3],
            status: specialModule === "WDN100" ? "withdrawn" : "active",
            deleted_at: specialModule === "DEL100" ? now : undefined,
          });
          if (specialModule) specialModules[specialModule] = moduleId;
          if (specialModule === "NEW100") {
            expected.iterations.from_module++;
            continue;
          }
          const students = 20 + ((m * 37) % 120);
          const maxGroup = [25, 40, 60][m % 3];
          const iterationId = await ctx.db.insert("module_iterations", {
            ...base,
            academic_year_id: sourceYearId,
            module_id: moduleId,
            code: `${specialModule ?? `${code}${100 + i}`}-A`,
            semester: (["S1", "S2", "year"] as const)[m % 3],
            student_count: students,
            max_group_size: maxGroup,
            intakes: 1,
            notes: "Room booked for this year",
            version: 3,
          });
          const groupCount = Math.max(1, Math.ceil(students / maxGroup));
          const groups: Id<"module_iteration_groups">[] = [];
          for (let g = 0; g < groupCount; g++) {
            groups.push(
              await ctx.db.insert("module_iteration_groups", {
                ...base,
                academic_year_id: sourceYearId,
                module_iteration_id: iterationId,
                name: `Group ${String.fromCharCode(65 + g)}`,
                student_count: Math.ceil(students / groupCount),
              }),
            );
          }
          await ctx.db.insert("module_iteration_assessments", {
            ...base,
            academic_year_id: sourceYearId,
            module_iteration_id: iterationId,
            assessment_type_id: assessmentTypes[m % assessmentTypes.length]._id,
            name: "Main assessment",
            weighting: 100,
            due_date: "2027-01-15",
          });
          const moduleCarries = specialModule === null;
          if (moduleCarries) {
            expected.iterations.from_last_year++;
            expected.groups += groupCount;
            expected.assessments += 1;
          } else if (specialModule === "WDN100") expected.iterations.module_withdrawn++;
          else expected.iterations.module_deleted++;

          // Teaching: a leader (leadership, admin, contact, preparation, marking); odd modules share with a second lecturer.
          const leader = teachers[i % teachers.length];
          const second = teachers[(i + 7) % teachers.length];
          const rows: { lecturer: Lect; code: string; share: number; group?: Id<"module_iteration_groups">; first_time?: boolean; override?: number }[] = [
            { lecturer: leader, code: "module_leadership", share: 100 },
            { lecturer: leader, code: "module_admin", share: 100 },
          ];
          const split = i % 2 === 1 ? [leader, second] : [leader];
          for (const c of ["contact", "preparation", "marking"]) {
            split.forEach((l, k) => rows.push({ lecturer: l, code: c, share: split.length === 1 ? 100 : k === 0 ? 60 : 40 }));
          }
          if (d === 1 && i === 10) rows.push({ lecturer: second, code: "contact", share: 100, group: groups[0] });
          if (d === 1 && i === 11) rows.find((r) => r.code === "preparation")!.first_time = true;
          if (d === 1 && i === 12) rows[0].override = 40;
          for (const r of rows) {
            const draft = {
              academic_year_id: sourceYearId,
              module_iteration_id: iterationId,
              allocation_type_id: type(r.code),
              group_id: r.group,
              share: r.share,
              first_time: r.first_time ?? false,
              hours_override: r.override,
              override_reason: r.override ? "Agreed with the head of department" : undefined,
            };
            const result = await loader.compute(draft);
            const id = await ctx.db.insert("module_allocations", {
              ...base,
              ...draft,
              lecturer_id: r.lecturer.id,
              computed_hours: result.computed_hours,
              work_category: result.work_category,
              semester_hours: result.semester_hours,
              response_status: "accepted",
              responded_at: now,
              version: 2,
            });
            if (r.group) groupAllocation = id;
            if (r.first_time) firstTimeAllocation = id;
            if (r.override) overrideAllocation = id;
            expected.sourceAllocations++;
            const reason = skipReason(r.lecturer);
            if (reason) expected.allocations[reason]++;
            else if (specialModule === "WDN100") expected.allocations.module_withdrawn++;
            else if (specialModule === "DEL100") expected.allocations.module_deleted++;
            else expected.allocations.created++;
          }
        }
      });
    }
  }
  expected.modules = DEPARTMENTS.length * modulesPerDepartment;
  expected.iterations.created = expected.iterations.from_last_year + expected.iterations.from_module;

  // Admin: every fifth lecturer leads a programme (recurring, 100 h); every seventh has a one-off buy-out.
  const adminRows: { lecturer: Lect; recurring: boolean }[] = [];
  for (const list of Object.values(staff)) {
    list.forEach((l, i) => {
      if (i % 5 === 0) adminRows.push({ lecturer: l, recurring: true });
      if (i % 7 === 3) adminRows.push({ lecturer: l, recurring: false });
    });
  }
  for (let from = 0; from < adminRows.length; from += 200) {
    await withTriggers(t, async (ctx) => {
      const now = Date.now();
      const categories = await ctx.db.query("admin_allocation_categories").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
      const leader = categories.find((c) => c.code === "programme_leader")!;
      const buyout = categories.find((c) => c.code === "research_buyout")!;
      for (const r of adminRows.slice(from, from + 200)) {
        await ctx.db.insert("admin_allocations", {
          organisation_id: organisationId,
          academic_year_id: sourceYearId,
          lecturer_id: r.lecturer.id,
          category_id: r.recurring ? leader._id : buyout._id,
          hours: r.recurring ? 100 : 50,
          recurring: r.recurring,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      }
    });
  }
  expected.sourceAdmin = adminRows.length;
  for (const r of adminRows) {
    if (!r.recurring) expected.admin.one_off++;
    else if (skipReason(r.lecturer) === "leaver") expected.admin.leaver++;
    else if (carries(r.lecturer)) expected.admin.created++;
  }
  const adminSkippedDeleted = adminRows.filter((r) => r.recurring && r.lecturer.special === "deleted").length;

  return {
    t,
    admin,
    organisationId,
    sourceYearId,
    expected,
    adminSkippedDeleted,
    specials: specials as Record<Special, Lect>,
    specialModules,
    departmentIds,
    firstTimeAllocation: firstTimeAllocation!,
    overrideAllocation: overrideAllocation!,
    groupAllocation: groupAllocation!,
  };
}

export type University = Awaited<ReturnType<typeof buildUniversity>>;

/** Every row of a year in the tables a rollover reads, with the year's audit rows: what "unchanged" compares. */
export async function snapshotYear(t: Backend, yearId: Id<"academic_years">) {
  const tables = [
    "lecturers",
    "module_iterations",
    "module_iteration_groups",
    "module_iteration_assessments",
    "module_allocations",
    "admin_allocations",
    "lecturer_year_totals",
    "team_summaries",
    "organisation_settings",
    "workload_calculation_rules",
    "semester_periods",
    "audit_logs",
  ] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows: Doc<typeof table>[] = [];
    let cursor: string | null = null;
    // Paged, so the snapshot itself stays inside the quarter limits.
    for (;;) {
      const page: { page: Doc<typeof table>[]; isDone: boolean; continueCursor: string } = await t.run(async (ctx) =>
        (ctx.db.query(table) as any).withIndex("by_academic_year_id", (q: any) => q.eq("academic_year_id", yearId)).paginate({ cursor, numItems: 2000 }),
      );
      rows.push(...page.page);
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    out[table] = rows;
  }
  return out;
}
