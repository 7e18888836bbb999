/**
 * The year comparison report: the report universe is rolled over into a
 * planning year (the rollover job itself), the planning year is changed as a
 * planner would (Олена goes full time, CS101 grows to 150 students, a new
 * module is planned), and the report of the planning year beside the current
 * one carries, per lecturer and per module, the hours, FTE and students of
 * each year and the change, the same figures the engine keeps (the live
 * totals rows, the allocations' hours). Its rows are those of the rollover's
 * comparison view (one query, workload/yearComparison.ts); a head of
 * department's report holds their department, and their lecturers' part of
 * the modules of other departments they teach; the summary prints counts as
 * whole numbers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { effectiveHours, sumHours } from "../../convex/lib/workload";
import { DEFAULT_ROLLOVER_OPTIONS } from "../../convex/lib/rollover/plan";
import { withTriggers } from "../convex/workload/fixtures";
import { executionFiles, fileBytes, setupReports, type Reports } from "./fixture";
import { pdfText, readCsv, readXlsx, sheetRows } from "./readers";

const PLANNING = { name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" };

async function withPlanningYear() {
  vi.useFakeTimers();
  const r = await setupReports();
  const { academicYearId: planningId } = await r.admin.mutation(api.structure.rollover.start, {
    organisationId: r.organisationId,
    sourceYearId: r.yearId,
    target: { kind: "new", ...PLANNING },
    options: DEFAULT_ROLLOVER_OPTIONS,
  });
  await r.t.finishAllScheduledFunctions(vi.runAllTimers);
  // The planner's changes to next year, through the trigger-wrapped writer (totals and hours follow).
  await withTriggers(r.t, async (ctx) => {
    const olena = (await ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", r.profiles["olena"]).eq("academic_year_id", planningId))
      .first())!;
    await ctx.db.patch(olena._id, { fte: 1 });
    const cs101 = (await ctx.db
      .query("module_iterations")
      .withIndex("by_module_id_and_academic_year_id", (q) => q.eq("module_id", r.cs101.moduleId).eq("academic_year_id", planningId))
      .first())!;
    await ctx.db.patch(cs101._id, { student_count: 150 });
    const now = Date.now();
    const base = { organisation_id: r.organisationId, created_at: now, updated_at: now };
    const moduleId = await ctx.db.insert("modules", { ...base, department_id: r.cs, code: "CS303", title: "Distributed Systems", credits: 20, level: 6, default_semester: "S2" });
    await ctx.db.insert("module_iterations", { ...base, academic_year_id: planningId, module_id: moduleId, code: "CS303-A", semester: "S2", student_count: 40, intakes: 1, version: 1 });
  });
  return { r, planningId };
}

async function runComparison(r: Reports, planningId: Id<"academic_years">, client = r.admin) {
  vi.useFakeTimers();
  const reportId = await client.mutation(api.reports.executions.run, {
    organisationId: r.organisationId,
    report: { kind: "year_comparison", formats: ["csv", "xlsx", "pdf"], filters: { academic_year_id: planningId } },
  });
  await r.t.finishAllScheduledFunctions(vi.runAllTimers);
  vi.useRealTimers();
  const view = await client.query(api.reports.executions.get, { organisationId: r.organisationId, reportId });
  const row = await executionFiles(r, reportId);
  const files = Object.fromEntries(await Promise.all((row.files ?? []).map(async (f) => [f.format, await fileBytes(r, f.storage_id)] as const)));
  // Kept for people to open (test-results/ is not committed), as the generation tests do.
  mkdirSync("test-results/reports", { recursive: true });
  for (const [format, bytes] of Object.entries(files)) writeFileSync(`test-results/reports/year_comparison${client === r.admin ? "" : "-hod"}.${format}`, bytes);
  return { view, files: files as Record<string, Buffer> };
}

/** The engine's figures of both years: lecturer totals by name, and per module code its hours and students. */
async function engineFigures(r: Reports, yearIds: Id<"academic_years">[]) {
  const figures = await r.t.run(async (ctx) => {
    const out: Record<string, { lecturers: [string, { hours: number; fte: number }][]; modules: [string, { hours: number; students: number }][] }> = {};
    for (const yearId of yearIds) {
      const totals = await ctx.db.query("lecturer_year_totals").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId)).collect();
      const modules = new Map<string, { hours: number; students: number }>();
      for (const it of await ctx.db.query("module_iterations").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId)).collect()) {
        const m = (await ctx.db.get(it.module_id))!;
        const allocations = await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", it._id)).collect();
        const prev = modules.get(m.code) ?? { hours: 0, students: 0 };
        modules.set(m.code, {
          hours: sumHours([prev.hours, ...allocations.filter((a) => a.deleted_at === undefined).map(effectiveHours)]),
          students: prev.students + it.student_count,
        });
      }
      out[yearId] = { lecturers: totals.map((t) => [t.full_name, { hours: t.allocated_hours, fte: t.fte }]), modules: [...modules] };
    }
    return out;
  });
  // Plain arrays cross convex-test's boundary (names are not valid field names); maps are easier to read from.
  return Object.fromEntries(Object.entries(figures).map(([id, f]) => [id, { lecturers: new Map(f.lecturers), modules: new Map(f.modules) }]));
}

describe("year comparison report", () => {
  test("the planning year beside the current one: hours, FTE and students per lecturer and per module, as the engine has them", async () => {
    const { r, planningId } = await withPlanningYear();
    const { view, files } = await runComparison(r, planningId);
    expect(view.error).toBeNull();
    expect(view.status).toBe("completed");
    const engine = await engineFigures(r, [r.yearId, planningId]);
    const current = engine[r.yearId];
    const planning = engine[planningId];

    const csv = readCsv(files.csv);
    expect(csv.errors).toEqual([]);
    // Five lecturers in both years; four modules, CS303 in the planning year only.
    const lecturers = csv.data.filter((x) => x["Row"] === "Lecturer");
    const modules = csv.data.filter((x) => x["Row"] === "Module");
    expect(lecturers.map((x) => x["Name"]).sort()).toEqual([...current.lecturers.keys()].sort());
    expect(modules.map((x) => x["Code"])).toEqual(["CS101", "CS202", "CS303", "MA101"]);
    for (const row of lecturers) {
      const a = current.lecturers.get(row["Name"])!;
      const b = planning.lecturers.get(row["Name"])!;
      expect(Number(row["Hours 2026/27"]), row["Name"]).toBe(a.hours);
      expect(Number(row["Hours 2027/28"]), row["Name"]).toBe(b.hours);
      expect(Number(row["Hours change"]), row["Name"]).toBe(Math.round((b.hours - a.hours) * 10) / 10);
      expect(Number(row["FTE 2026/27"])).toBe(a.fte);
      expect(Number(row["FTE 2027/28"])).toBe(b.fte);
      expect(row["In"]).toBe("Both years");
    }
    // The planner's change, in figures a head would check.
    const olena = lecturers.find((x) => x["Name"] === "Олена Шевченко")!;
    expect([olena["FTE 2026/27"], olena["FTE 2027/28"], olena["FTE change"]]).toEqual(["0.5", "1", "0.5"]);
    const lukasz = lecturers.find((x) => x["Name"] === "Łukasz Nowak")!;
    expect(Number(lukasz["Hours 2026/27"])).toBeGreaterThan(0);

    for (const row of modules) {
      const a = current.modules.get(row["Code"]);
      const b = planning.modules.get(row["Code"])!;
      expect(Number(row["Hours 2027/28"]), row["Code"]).toBe(b.hours);
      expect(Number(row["Students 2027/28"]), row["Code"]).toBe(b.students);
      if (a) {
        expect(Number(row["Hours 2026/27"]), row["Code"]).toBe(a.hours);
        expect(Number(row["Students 2026/27"]), row["Code"]).toBe(a.students);
      } else {
        expect(row["Hours 2026/27"]).toBe("");
        expect(row["In"]).toBe("Only in 2027/28");
      }
    }
    const cs101 = modules.find((x) => x["Code"] === "CS101")!;
    expect([cs101["Students 2026/27"], cs101["Students 2027/28"], cs101["Students change"]]).toEqual(["120", "150", "30"]);
    // More students, more marking: the engine's hours for CS101 grew, and the report says by how much.
    expect(Number(cs101["Hours change"])).toBe(Math.round((planning.modules.get("CS101")!.hours - current.modules.get("CS101")!.hours) * 10) / 10);
    expect(Number(cs101["Hours change"])).toBeGreaterThan(0);
    const cs303 = modules.find((x) => x["Code"] === "CS303")!;
    expect([cs303["Students 2027/28"], cs303["Hours 2027/28"], cs303["Students change"]]).toEqual(["40", "0", "40"]);

    // The same rows the rollover's comparison view pages through.
    const viewRows = await r.admin.query(api.workload.yearComparison.compare, {
      organisationId: r.organisationId,
      fromYearId: r.yearId,
      toYearId: planningId,
      by: "lecturer",
      paginationOpts: { cursor: null, numItems: 50 },
    });
    for (const v of viewRows.page) {
      const row = lecturers.find((x) => x["Name"] === v.name)!;
      expect(Number(row["Hours 2026/27"])).toBe(v.from!.hours);
      expect(Number(row["Hours 2027/28"])).toBe(v.to!.hours);
    }

    const wb = await readXlsx(files.xlsx);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Summary", "Lecturers", "Modules"]);
    const xlsxModules = sheetRows(wb.getWorksheet("Modules")!);
    const xlsxCs101 = xlsxModules.find((x) => x["Code"] === "CS101")!;
    expect([xlsxCs101["Students 2026/27"], xlsxCs101["Students 2027/28"]]).toEqual([120, 150]);
    const xlsxTotal = xlsxModules.find((x) => String(x["Name"]).startsWith("Total"))!;
    expect(xlsxTotal["Students 2027/28"]).toBe(150 + 60 + 40 + 90);

    const text = (await pdfText(files.pdf)).join(" ");
    expect(text).toContain("2026/27 (current) beside 2027/28 (planning)");
    expect(text).toContain("Олена Шевченко");
    expect(text).toContain("Distributed Systems");
  }, 120_000);

  test("the summary prints counts as whole numbers, FTE with two decimals and hours in the reports' hours format", async () => {
    const { r, planningId } = await withPlanningYear();
    const { files } = await runComparison(r, planningId);
    const engine = await engineFigures(r, [r.yearId, planningId]);
    const [current, planning] = [engine[r.yearId], engine[planningId]];
    const hours = (m: Map<string, { hours: number }>) => sumHours([...m.values()].map((x) => x.hours));
    const fte = (m: Map<string, { fte: number }>) => Math.round([...m.values()].reduce((n, x) => n + x.fte, 0) * 100) / 100;
    const h = (x: number) => x.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const f = (x: number) => x.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const text = (await pdfText(files.pdf)).join(" ").replace(/\s+/g, " ");
    // Five lecturers both years; three modules taught now, four planned (CS303 is new); 0.5 FTE more (Олена goes full time).
    expect(text).toContain("Lecturers 5 5 0");
    expect(text).toContain(`FTE ${f(fte(current.lecturers))} ${f(fte(planning.lecturers))} ${f(fte(planning.lecturers) - fte(current.lecturers))}`);
    expect(text).toContain(`Allocated hours (lecturers) ${h(hours(current.lecturers))} ${h(hours(planning.lecturers))} ${h(sumHours([hours(planning.lecturers), -hours(current.lecturers)]))}`);
    expect(text).toContain("Modules taught 3 4 1");
    expect(text).toContain("Students (sum over iterations) 270 340 70");
    expect(text).not.toMatch(/Modules taught \d+\.\d/);
    // The workbook keeps numbers, each with its row's format.
    const summary = (await readXlsx(files.xlsx)).getWorksheet("Summary")!;
    const rowOf = (label: string) => {
      for (let i = 1; i <= summary.rowCount; i++) if (summary.getRow(i).getCell(1).value === label) return summary.getRow(i);
      throw new Error(`no ${label} row`);
    };
    expect([rowOf("Modules taught").getCell(2).value, rowOf("Modules taught").getCell(2).numFmt]).toEqual([3, "0"]);
    expect(rowOf("Allocated hours (lecturers)").getCell(2).numFmt).toBe("#,##0.0");
  }, 120_000);

  test("a head of department's comparison holds their department, and their lecturers' part of other departments' modules", async () => {
    const { r, planningId } = await withPlanningYear();
    const { view, files } = await runComparison(r, planningId, r.hodClient);
    expect(view.status).toBe("completed");
    const csv = readCsv(files.csv);
    expect(csv.data.filter((x) => x["Row"] === "Lecturer").map((x) => x["Name"]).sort()).toEqual(["Nguyễn Văn An", "Zoë Ångström", "Łukasz Nowak"].sort());
    // Computer Science's modules in full; Calculus (Mathematics) too, since Łukasz teaches a group of it,
    // counted for Computer Science's lecturers only (an allocation is readable from either side, decisions.md).
    const modules = csv.data.filter((x) => x["Row"] === "Module");
    expect(modules.map((x) => x["Code"])).toEqual(["CS101", "CS202", "CS303", "MA101"]);
    expect(new Set(modules.filter((x) => x["Code"] !== "MA101").map((x) => x["Department"]))).toEqual(new Set(["Computer Science"]));
    expect(new Set(modules.filter((x) => x["Code"] !== "MA101").map((x) => x["Counted"]))).toEqual(new Set([""]));
    const calculus = modules.find((x) => x["Code"] === "MA101")!;
    const lukaszOnMa101 = await r.t.run(async (ctx) => {
      const rows = await ctx.db.query("module_allocations").withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", r.ma101.iterationId)).collect();
      const hours: number[] = [];
      for (const a of rows) if ((await ctx.db.get(a.lecturer_id))!.department_id === r.cs) hours.push(effectiveHours(a));
      return sumHours(hours);
    });
    expect(lukaszOnMa101).toBeGreaterThan(0);
    expect([calculus["Department"], Number(calculus["Hours 2026/27"]), calculus["Teaching 2026/27"]]).toEqual(["Mathematics", lukaszOnMa101, "Łukasz Nowak"]);
    expect(calculus["Counted"]).toBe("Mathematics runs this module: its hours and teachers here are your department's lecturers' only.");
    expect(new Set(csv.data.filter((x) => x["Row"] === "Lecturer").map((x) => x["Department"]))).toEqual(new Set(["Computer Science"]));
  }, 120_000);

  test("a comparison needs a second year", async () => {
    vi.useFakeTimers();
    const r = await setupReports();
    // Refused when asked, before any execution is recorded.
    await expect(
      r.admin.mutation(api.reports.executions.run, { organisationId: r.organisationId, report: { kind: "year_comparison", formats: ["csv"], filters: {} } }),
    ).rejects.toThrow("There is no other year to compare 2026/27 with: choose one.");
    expect(await r.t.run(async (ctx) => (await ctx.db.query("workload_reports").collect()).length)).toBe(0);
  }, 60_000);
});
