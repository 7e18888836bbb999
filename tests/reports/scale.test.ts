/**
 * A department report of a university several times the demo, with
 * convex-test's transaction limits at a quarter of Convex's (JOB_BATCH_BUDGET):
 * every page the report's action reads must fit, so a read that would break
 * at full size breaks here. The university: four departments, 480 lecturers,
 * 1,200 iterations and 3,600 allocations (the demo has ~120 lecturers, ~300 modules
 * and ~1,500 allocations); Computer Science alone holds half of it. The full
 * large size is measured by `npm run bench`.
 */
import { convexTest } from "convex-test";
import { expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { JOB_BATCH_BUDGET } from "../../convex/lib/jobs";
import { DEFAULT_ALLOCATION_TYPES, DEFAULT_RULES, DEFAULT_SETTINGS } from "../../convex/lib/workload";
import { DEFAULT_ROLES } from "../../convex/lib/permissions";
import schema from "../../convex/schema";
import { identity, modules } from "../convex/harness";
import { withTriggers } from "../convex/workload/fixtures";
import { fileBytes } from "./fixture";
import { readCsv, readXlsx, sheetRows } from "./readers";

const QUARTER = {
  documentsRead: JOB_BATCH_BUDGET.documentsRead,
  documentsWritten: JOB_BATCH_BUDGET.documentsWritten,
  bytesRead: JOB_BATCH_BUDGET.bytesRead,
  bytesWritten: JOB_BATCH_BUDGET.bytesWritten,
  databaseQueries: JOB_BATCH_BUDGET.databaseQueries,
};
const DEPARTMENTS = [
  { code: "CS", lecturers: 240, iterations: 600 },
  { code: "MA", lecturers: 80, iterations: 200 },
  { code: "EN", lecturers: 80, iterations: 200 },
  { code: "BS", lecturers: 80, iterations: 200 },
];
const ALLOCATIONS_PER_ITERATION = 3;

async function generate() {
  const t = convexTest({ schema, modules, transactionLimits: QUARTER });
  const base = await withTriggers(t, async (ctx) => {
    const db = ctx.db;
    const now = Date.now();
    const organisationId = await db.insert("organisations", { name: "Large University", code: "LU", timezone: "Europe/London", created_at: now, updated_at: now });
    const b = { organisation_id: organisationId, created_at: now, updated_at: now };
    const yearId = await db.insert("academic_years", { ...b, name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31", status: "active" });
    await db.insert("organisation_settings", { ...b, ...DEFAULT_SETTINGS, academic_year_id: yearId, lecturers_see_colleagues: false, presence_timeout_seconds: 30, version: 1 });
    for (const rule of DEFAULT_RULES) await db.insert("workload_calculation_rules", { ...b, ...rule, academic_year_id: yearId, version: 1 });
    const types: Id<"allocation_types">[] = [];
    for (const type of DEFAULT_ALLOCATION_TYPES) if (type.basis === "iteration") types.push(await db.insert("allocation_types", { ...b, ...type }));
    const roles: Record<string, Id<"roles">> = {};
    for (const role of DEFAULT_ROLES) roles[role.name] = await db.insert("roles", { ...b, ...role, permissions: [...role.permissions], is_system: true });
    const departments: Record<string, Id<"departments">> = {};
    for (const d of DEPARTMENTS) departments[d.code] = await db.insert("departments", { ...b, name: d.code, code: d.code });
    const adminId = await db.insert("users", { ...b, email: "admin@lu.example", name: "admin", token_identifier: identity("admin@lu.example").tokenIdentifier, status: "active" });
    await db.insert("user_role_assignments", { ...b, user_id: adminId, role_id: roles.Admin });
    const hodId = await db.insert("users", { ...b, email: "hod@lu.example", name: "hod", token_identifier: identity("hod@lu.example").tokenIdentifier, status: "active" });
    await db.insert("user_role_assignments", { ...b, user_id: hodId, role_id: roles["Head of Department"], scope_department_id: departments.CS });
    return { organisationId, yearId, types, departments, b };
  });
  // People, modules and allocations in chunks, each a transaction through the triggers (audit, totals).
  for (const d of DEPARTMENTS) {
    const departmentId = base.departments[d.code];
    const lecturers: Id<"lecturers">[] = [];
    for (let start = 0; start < d.lecturers; start += 80) {
      lecturers.push(
        ...(await withTriggers(t, async (ctx) => {
          const ids: Id<"lecturers">[] = [];
          const teamId = await ctx.db.insert("teams", { ...base.b, department_id: departmentId, name: `${d.code} team ${start / 80 + 1}` });
          for (let i = start; i < Math.min(d.lecturers, start + 80); i++) {
            const profileId = await ctx.db.insert("lecturer_profiles", {
              ...base.b,
              first_name: `L${i}`,
              last_name: d.code,
              full_name: `L${i} ${d.code}`,
              email: `l${i}.${d.code.toLowerCase()}@lu.example`,
              default_contract_family: "teaching_and_research",
              default_fte: 1,
              department_id: departmentId,
              team_id: teamId,
            });
            ids.push(
              await ctx.db.insert("lecturers", { ...base.b, academic_year_id: base.yearId, profile_id: profileId, department_id: departmentId, team_id: teamId, fte: 1, contract_family: "teaching_and_research", version: 1 }),
            );
          }
          return ids;
        })),
      );
    }
    for (let start = 0; start < d.iterations; start += 10) {
      await withTriggers(t, async (ctx) => {
        for (let i = start; i < Math.min(d.iterations, start + 10); i++) {
          const moduleId = await ctx.db.insert("modules", { ...base.b, department_id: departmentId, code: `${d.code}${1000 + i}`, title: `Module ${i}`, credits: 20, level: 5, default_semester: "S1" });
          const iterationId = await ctx.db.insert("module_iterations", { ...base.b, academic_year_id: base.yearId, module_id: moduleId, code: `${d.code}${1000 + i}-A`, semester: "S1", student_count: 60, intakes: 1, version: 1 });
          for (let k = 0; k < ALLOCATIONS_PER_ITERATION; k++) {
            // Mostly the department's own lecturers; every tenth allocation a colleague from the next department.
            const lecturerId = lecturers[(i * ALLOCATIONS_PER_ITERATION + k) % lecturers.length];
            await ctx.db.insert("module_allocations", {
              ...base.b,
              academic_year_id: base.yearId,
              module_iteration_id: iterationId,
              lecturer_id: lecturerId,
              allocation_type_id: base.types[k % base.types.length],
              share: 20,
              first_time: false,
              hours_override: 10 + (k % 4),
              override_reason: "Agreed in the workload meeting",
              computed_hours: 0,
              work_category: k % 2 === 0 ? "admin" : "leadership",
              semester_hours: { S1: 10 + (k % 4), S2: 0, S3: 0 },
              response_status: "pending",
              version: 1,
            });
          }
        }
      });
    }
  }
  return { t, ...base, admin: t.withIdentity(identity("admin@lu.example")), hod: t.withIdentity(identity("hod@lu.example")) };
}

test("a department's summary and allocation export of a university several times the demo complete at a quarter of each transaction limit", async () => {
  const u = await generate();
  const counts = await u.t.run(async (ctx) => ({
    lecturers: (await ctx.db.query("lecturer_year_totals").withIndex("by_department_id", (q) => q.eq("department_id", u.departments.CS)).collect()).length,
  }));
  expect(counts.lecturers).toBe(240);

  vi.useFakeTimers();
  const run = async (kind: "workload_summary" | "allocation_export", formats: ("csv" | "xlsx" | "pdf")[]) => {
    const reportId = await u.hod.mutation(api.reports.executions.run, { organisationId: u.organisationId, report: { kind, formats, filters: {} } });
    await u.t.finishAllScheduledFunctions(vi.runAllTimers);
    return await u.t.run(async (ctx) => (await ctx.db.get(reportId))!);
  };
  // The head of Computer Science: their department only, read a page at a time.
  const summary = await run("workload_summary", ["xlsx", "pdf"]);
  const exportRow = await run("allocation_export", ["csv"]);
  vi.useRealTimers();
  expect([summary.status, summary.error]).toEqual(["completed", undefined]);
  expect([exportRow.status, exportRow.error]).toEqual(["completed", undefined]);
  expect(summary.row_count).toBe(240);

  const totals = await u.t.run(async (ctx) => ctx.db.query("lecturer_year_totals").withIndex("by_department_id", (q) => q.eq("department_id", u.departments.CS)).collect());
  const byName = new Map(totals.map((r) => [r.full_name, r]));
  const wb = await readXlsx(await fileBytes(u as never, summary.files!.find((f) => f.format === "xlsx")!.storage_id));
  let rows = 0;
  for (const sheet of wb.worksheets.slice(1)) {
    for (const row of sheetRows(sheet)) {
      if (String(row["Lecturer"]).startsWith("Total")) continue;
      expect(row["Allocated h"]).toBe(byName.get(String(row["Lecturer"]))!.allocated_hours);
      rows += 1;
    }
  }
  expect(rows).toBe(240);
  // The export: every allocation of a Computer Science lecturer (the department's modules are all taught by them).
  const csv = readCsv(await fileBytes(u as never, exportRow.files![0].storage_id));
  expect(csv.data.length).toBe(600 * ALLOCATIONS_PER_ITERATION);
  expect(new Set(csv.data.map((r) => r.lecturer_department))).toEqual(new Set(["CS"]));
  expect(csv.data.every((r) => r.override_reason === "Agreed in the workload meeting")).toBe(true);
}, 600_000);
