/**
 * The rollover of a generated university several times the demo (main's
 * generator, convex/lib/generator, seeded through the seed's own batches),
 * with every transaction held to a quarter of Convex's limits
 * (JOB_BATCH_BUDGET): a step that would break at the large size breaks here.
 * The expected counts are worked out from the generated university itself,
 * not from any rollover code: every lecturer carries from last year; every
 * module gets last year's iterations, or one from its defaults when it had
 * none; groups, assessments and teaching allocations carry; recurring admin
 * roles carry and one-off ones do not. Running the whole job again adds
 * nothing, and the source year is unchanged row for row.
 *
 * `ROLLOVER_GENERATED_SIZE` names the size (a generator size or "2x".."6x";
 * default 2x in `npm test`, for CI time; M (`ROLLOVER_GENERATED_SIZE=M`): 500 lecturers, 1,250 modules with 2,025 iterations, 10,598
 * teaching and 418 admin allocations, about six times the demo's
 * allocations, and a university's shape: re-run modules, admin roles,
 * staff on sabbatical). L and XL run the same way (`ROLLOVER_GENERATED_SIZE=XL`,
 * the large university: 2,000 lecturers, 5,000 modules with 7,989
 * iterations, 41,642 teaching and 1,465 admin allocations; about 12 min on
 * this machine, seed 3.5 min) and print the preview's and run's wall time
 * and the largest step's share of the quarter budget; `npm run bench --
 * --rollover XL` measures it over the local backend for bench/RESULTS.md.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { generateUniversity, sizeSpec, SIZES, type SizeName } from "../../../convex/lib/generator";
import { JOB_BATCH_BUDGET } from "../../../convex/lib/jobs";
import { DEFAULT_ADMIN_CATEGORIES } from "../../../convex/lib/referenceDefaults";
import { DEFAULT_ROLLOVER_OPTIONS, followingYear } from "../../../convex/lib/rollover/plan";
import { seedInto, signInDemoPeople, universityBackend } from "../university";
import { countInYear, expectedResult, FAKE_TIMERS, type RolloverResult } from "./helpers";
import { snapshotYear, type Backend as RolloverBackend } from "./university";

const SIZE = process.env.ROLLOVER_GENERATED_SIZE ?? "2x";
/** Scheduler rounds to drain a job at this size (convex-test stops at 100 by default). */
const MAX_STEPS = 20_000;
const RECURRING = new Set(DEFAULT_ADMIN_CATEGORIES.filter((c) => c.recurring).map((c) => c.code));

beforeEach(() => vi.useFakeTimers(FAKE_TIMERS));
afterEach(() => vi.useRealTimers());

test(`a generated university of size ${SIZE} rolls over within a quarter of every limit, with exact counts`, async () => {
  const t = universityBackend({ quarter: true, indexed: true });
  const university = generateUniversity(sizeSpec(/^\d+x$/.test(SIZE) ? { times: Number(SIZE.slice(0, -1)) } : (SIZE as SizeName)));
  // The clock is faked for the scheduler: durations come from performance.now().
  let started = performance.now();
  await seedInto(t, university);
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(`generated university ${SIZE} seeded in ${seedSeconds.toFixed(0)} s`);
  const u = await signInDemoPeople(t);
  const tr = t as unknown as RolloverBackend;

  // What a correct rollover of the active year makes, from the generator's own plan.
  const active = university.modules.map((m) => m.iterations.filter((i) => i.year === "active"));
  const activeIterations = active.flat();
  const admin = university.lecturers.flatMap((l) => l.admin);
  const e = {
    lecturers: { created: university.lecturers.length, from_last_year: university.lecturers.length, from_profile: 0, leaver: 0, deleted: 0 },
    iterations: {
      created: active.reduce((n, its) => n + Math.max(1, its.length), 0),
      from_last_year: activeIterations.length,
      from_module: active.filter((its) => its.length === 0).length,
      module_withdrawn: 0,
      module_deleted: 0,
    },
    groups: activeIterations.reduce((n, i) => n + i.groups.length, 0),
    assessments: activeIterations.length,
    allocations: { created: activeIterations.reduce((n, i) => n + i.allocations.length, 0), leaver: 0, profile_deleted: 0, module_withdrawn: 0, module_deleted: 0 },
    admin: { created: admin.filter((a) => RECURRING.has(a.category)).length, one_off: admin.filter((a) => !RECURRING.has(a.category)).length, leaver: 0 },
    profiles: university.lecturers.length,
    modules: university.modules.length,
    sourceAllocations: activeIterations.reduce((n, i) => n + i.allocations.length, 0),
    sourceAdmin: admin.length,
  };
  // The job's result names only the kinds and reasons that occurred.
  const present = (o: Record<string, Record<string, number>>) =>
    Object.fromEntries(
      Object.entries(o)
        .map(([k, counts]) => [k, Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0))] as const)
        .filter(([, counts]) => Object.keys(counts).length > 0),
    );
  const expected = expectedResult(e, 0);
  const want = { counts: present(expected.counts), skipped: present(expected.skipped) };
  const demo = generateUniversity(SIZES.S);
  const demoAllocations = demo.modules.flatMap((m) => m.iterations.filter((i) => i.year === "active").flatMap((i) => i.allocations)).length;
  const multiple = e.sourceAllocations / demoAllocations;
  if (SIZE === "M") expect(multiple).toBeGreaterThan(4);

  const years = await u.admin.query(api.structure.academicYears.all, { organisationId: u.organisationId });
  const latest = [...years].sort((a, b) => b.end_date.localeCompare(a.end_date))[0];
  const args = {
    organisationId: u.organisationId,
    sourceYearId: u.activeYearId,
    target: { kind: "new" as const, ...followingYear(latest) },
    options: DEFAULT_ROLLOVER_OPTIONS,
  };
  const before = await snapshotYear(tr, u.activeYearId);
  const get = async (jobId: Id<"jobs">) => {
    const job = await u.admin.query(api.jobs.jobs.get, { organisationId: u.organisationId, jobId });
    return { job, result: JSON.parse(job.result ?? "{}") as RolloverResult };
  };
  const withinBudget = (peak: Record<keyof typeof JOB_BATCH_BUDGET, number>) => {
    for (const key of Object.keys(JOB_BATCH_BUDGET) as (keyof typeof JOB_BATCH_BUDGET)[]) {
      expect(peak[key], key).toBeLessThanOrEqual(JOB_BATCH_BUDGET[key]);
    }
  };

  started = performance.now();
  const previewId = await u.admin.mutation(api.structure.rollover.preview, args);
  await t.finishAllScheduledFunctions(vi.runAllTimers, MAX_STEPS);
  const previewSeconds = (performance.now() - started) / 1000;
  const preview = await get(previewId);
  expect(preview.job.status).toBe("completed");
  expect(preview.result.counts).toEqual(want.counts);
  expect(present(preview.result.skipped)).toEqual(want.skipped);
  withinBudget(preview.job.peak_usage!);

  started = performance.now();
  const { academicYearId: next, jobId } = await u.admin.mutation(api.structure.rollover.start, args);
  await t.finishAllScheduledFunctions(vi.runAllTimers, MAX_STEPS);
  const runSeconds = (performance.now() - started) / 1000;
  const run = await get(jobId);
  expect(run.job.status).toBe("completed");
  expect(run.result.counts).toEqual(want.counts);
  expect(present(run.result.skipped)).toEqual(want.skipped);
  // Every step of every phase stayed within the quarter budget (the backend refuses any that does not).
  withinBudget(run.job.peak_usage!);
  const walked = e.profiles + e.modules + e.sourceAllocations + e.sourceAdmin;
  expect(run.job.phases.map((p) => [p.name, p.done])).toEqual([
    ["count", walked],
    ["lecturers", e.profiles],
    ["iterations", e.modules],
    ["allocations", e.sourceAllocations],
    ["admin", e.sourceAdmin],
    ["finish", 1],
  ]);

  const made = {
    lecturers: await countInYear(tr, "lecturers", next),
    iterations: await countInYear(tr, "module_iterations", next),
    groups: await countInYear(tr, "module_iteration_groups", next),
    assessments: await countInYear(tr, "module_iteration_assessments", next),
    allocations: await countInYear(tr, "module_allocations", next),
    admin: await countInYear(tr, "admin_allocations", next),
    totals: await countInYear(tr, "lecturer_year_totals", next),
  };
  expect(made).toEqual({
    lecturers: e.lecturers.created,
    iterations: e.iterations.created,
    groups: e.groups,
    assessments: e.assessments,
    allocations: e.allocations.created,
    admin: e.admin.created,
    totals: e.lecturers.created,
  });

  // The whole job again, into the same year: every row is already there, nothing is added.
  const again = await u.admin.mutation(api.structure.rollover.start, { ...args, target: { kind: "existing" as const, academicYearId: next } });
  await t.finishAllScheduledFunctions(vi.runAllTimers, MAX_STEPS);
  const second = await get(again.jobId);
  expect(second.job.status).toBe("completed");
  withinBudget(second.job.peak_usage!);
  expect(await countInYear(tr, "lecturers", next)).toBe(made.lecturers);
  expect(await countInYear(tr, "module_iterations", next)).toBe(made.iterations);
  expect(await countInYear(tr, "module_allocations", next)).toBe(made.allocations);
  expect(await countInYear(tr, "admin_allocations", next)).toBe(made.admin);

  expect(await snapshotYear(tr, u.activeYearId)).toEqual(before);
  const pct = (k: keyof typeof JOB_BATCH_BUDGET) => `${Math.round((100 * run.job.peak_usage![k]) / JOB_BATCH_BUDGET[k])}%`;
  console.log(
    `rollover of the generated university ${SIZE} (${multiple.toFixed(1)}x the demo's allocations, seeded in ${seedSeconds.toFixed(0)} s): ${e.profiles} lecturers, ${e.modules} modules, ` +
      `${e.sourceAllocations} allocations, ${e.sourceAdmin} admin; preview ${previewSeconds.toFixed(1)} s, run ${runSeconds.toFixed(1)} s; ` +
      `largest step ${JSON.stringify(run.job.peak_usage)} (of the quarter budget: ${pct("documentsRead")} docs read, ${pct("documentsWritten")} written, ` +
      `${pct("bytesRead")} bytes read, ${pct("bytesWritten")} bytes written, ${pct("databaseQueries")} ranges)`,
  );
}, SIZE === "L" || SIZE === "XL" ? 4 * 3_600_000 : 1_800_000);
