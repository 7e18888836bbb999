/**
 * Import at a few thousand rows with every transaction limit at a quarter of
 * Convex's (the jobs' batch budget). A 10,000-row staff file with bad rows
 * is dry-run: every bad row is flagged and nothing is written. Then 1,000
 * lecturers, 100 modules with 200 iterations and their groups, and 1,000
 * allocations (WW_LONG=1: 10,000, 1,000 and 10,000). Each file is dry-run and
 * committed in batches without coming near a limit, the figures a user
 * checks are right (lecturers and allocations created, hours from the
 * engine), and the same files again write nothing. The throughput of each
 * dry run and commit is printed (rows per second on this machine).
 */
import { convexTest } from "convex-test";
import { describe, expect, test } from "vitest";
import schema from "../../convex/schema";
import { LocalStorage } from "../../local/storage/convexTest";
import { modules } from "../convex/harness";
import { QUARTER_LIMITS } from "../convex/university";
import { setupReports } from "./fixture";
import { commitImport, dryRun, footprint } from "./importHelpers";

/** `WW_LONG=1` runs the full sizes (10,000 lecturers and allocations); npm test runs these. */
const LONG = !!process.env.WW_LONG;
const LECTURERS = LONG ? 10_000 : 1_000;
const MODULES = LONG ? 1_000 : 100;
const ALLOCATIONS = LONG ? 10_000 : 1_000;
const DRY_RUN_ONLY = 10_000;

function quarterBackend() {
  const t = convexTest({ schema, modules, transactionLimits: QUARTER_LIMITS });
  LocalStorage.attach(t, { transactionLimits: QUARTER_LIMITS });
  return t;
}

describe("import at scale", () => {
  test(`a ${DRY_RUN_ONLY}-row dry run, then ${LECTURERS} lecturers, ${MODULES * 2} iterations and ${ALLOCATIONS} allocations under a quarter of the transaction limits`, async () => {
    const r = await setupReports(quarterBackend());
    const figures: string[] = [];
    const run = async (kind: "staff" | "modules" | "allocations", csv: string, rows: number) => {
      const dry = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: csv, format: "csv", kind });
      expect(dry.view.stage, dry.view.error ?? "").toBe("checked");
      expect(dry.view.counts).toMatchObject({ rows, error: 0 });
      const commit = await commitImport(r.t, r.admin, r.organisationId, dry.importId);
      expect(commit.view.stage, commit.view.error ?? "").toBe("committed");
      figures.push(`${kind}: ${rows} rows, dry run ${dry.seconds.toFixed(1)} s in ${dry.steps} steps (${Math.round(rows / dry.seconds)} rows/s), commit ${commit.seconds.toFixed(1)} s in ${commit.steps} steps (${Math.round(rows / commit.seconds)} rows/s)`);
      console.log(figures.at(-1));
      return { dry, commit };
    };

    const header = "email,staff_number,first_name,last_name,department,team,fte,contract_family";
    const big = [header];
    for (let i = 0; i < DRY_RUN_ONLY; i++) big.push(`b${i}@lhu.example,B${i},Big,File ${i},CS,Software,${i % 100 === 99 ? 1.5 : 0.8},teaching_focused`);
    const before = await footprint(r.t, r.organisationId);
    const bigRun = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: big.join("\n"), format: "csv", kind: "staff" });
    expect(bigRun.view.counts).toMatchObject({ rows: DRY_RUN_ONLY, error: DRY_RUN_ONLY / 100, create: DRY_RUN_ONLY - DRY_RUN_ONLY / 100 });
    expect(await footprint(r.t, r.organisationId)).toEqual(before);
    figures.push(`staff dry run only: ${DRY_RUN_ONLY} rows in ${bigRun.seconds.toFixed(1)} s, ${bigRun.steps} steps (${Math.round(DRY_RUN_ONLY / bigRun.seconds)} rows/s)`);

    const staff = [header];
    for (let i = 0; i < LECTURERS; i++) {
      staff.push(`l${i}@lhu.example,N${i},Lecturer,Number ${i},${i % 2 ? "MA" : "CS"},${i % 2 ? "Statistics" : "Software"},${i % 5 === 0 ? 0.5 : 1},teaching_focused`);
    }
    const s = await run("staff", staff.join("\n"), LECTURERS);
    expect(s.commit.view.counts.written).toBe(LECTURERS);

    const mods = ["module_code,title,credits,level,department,iteration_code,semester,student_count,groups"];
    for (let m = 0; m < MODULES; m++) {
      for (const suffix of ["A", "B"]) mods.push(`M${m},Module ${m},20,5,${m % 2 ? "MA" : "CS"},M${m}-${suffix},${suffix === "A" ? "S1" : "S2"},60,G1=30; G2=30`);
    }
    await run("modules", mods.join("\n"), MODULES * 2);

    const allocations = ["iteration_code,allocation_type,group,lecturer_email,share"];
    for (let i = 0; i < ALLOCATIONS; i++) {
      const iteration = Math.floor(i / 5);
      const m = Math.floor(iteration / 2);
      const slot = i % 5;
      const code = `M${m}-${iteration % 2 ? "B" : "A"}`;
      const lecturer = `l${(i * 7) % LECTURERS}@lhu.example`;
      allocations.push(slot < 4 ? `${code},contact,G${(slot % 2) + 1},${lecturer},50` : `${code},module_leadership,,${lecturer},100`);
    }
    const a = await run("allocations", allocations.join("\n"), ALLOCATIONS);
    expect(a.commit.view.counts.written).toBe(ALLOCATIONS);

    const after = await footprint(r.t, r.organisationId);
    expect(after.counts.lecturers).toBe(5 + LECTURERS);
    expect(after.counts.lecturer_profiles).toBe(5 + LECTURERS);
    expect(after.counts.module_iterations).toBe(3 + MODULES * 2);
    expect(after.counts.module_allocations).toBe(15 + ALLOCATIONS);
    // Hours are the engine's: an imported lecturer's live teaching total is the sum of their allocations' teaching hours.
    const check = await r.t.run(async (ctx) => {
      const profile = (await ctx.db.query("lecturer_profiles").withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", r.organisationId).eq("email", "l7@lhu.example")).first())!;
      const lecturer = (await ctx.db.query("lecturers").withIndex("by_profile_id", (q) => q.eq("profile_id", profile._id)).first())!;
      const rows = await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
      const totals = (await ctx.db.query("lecturer_year_totals").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).first())!;
      const teaching = rows.filter((x) => ["teaching", "marking", "preparation"].includes(x.work_category));
      return { sum: teaching.reduce((x, y) => x + y.computed_hours, 0), teaching: totals.teaching_hours, count: rows.length, counted: totals.allocation_count };
    });
    expect(check.count).toBeGreaterThan(0);
    expect(check.counted).toBe(check.count);
    expect(check.teaching).toBeCloseTo(check.sum, 6);

    // The same allocations file again: every row unchanged, nothing written.
    const again = await dryRun(r.t, r.admin, { organisationId: r.organisationId, academicYearId: r.yearId, bytes: allocations.join("\n"), format: "csv", kind: "allocations" });
    expect(again.view.counts).toMatchObject({ unchanged: ALLOCATIONS, create: 0, update: 0 });
    const settled = await footprint(r.t, r.organisationId);
    const commit = await commitImport(r.t, r.admin, r.organisationId, again.importId);
    expect(commit.view.counts).toMatchObject({ written: 0, unchanged: ALLOCATIONS });
    expect(await footprint(r.t, r.organisationId)).toEqual(settled);
    figures.push(`allocations again: dry run ${again.seconds.toFixed(1)} s (${Math.round(ALLOCATIONS / again.seconds)} rows/s), commit ${commit.seconds.toFixed(1)} s (${Math.round(ALLOCATIONS / commit.seconds)} rows/s)`);
    console.log(`import throughput (convex-test, quarter limits):\n  ${figures.join("\n  ")}`);
  }, 900_000);
});
