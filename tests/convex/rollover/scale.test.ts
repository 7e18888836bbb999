/**
 * The rollover at a mid size with every transaction held to a quarter of
 * Convex's limits (decisions.md, "Tests and CI"): the preview and the run
 * report the same exact counts, the new year holds exactly them, no step
 * came near its budget, starting the job read nothing of the year, and the
 * source year is unchanged, row for row, totals and audit trail included.
 *
 * `ROLLOVER_TEST_SCALE` sets the size (1 = the demo's shape). The default
 * is what convex-test's in-memory engine, which scans a table for every
 * index read, gets through in CI; with the faster test storage engine
 * (issue #13) it is raised to several times the demo. The full large size
 * is measured by `npm run bench`.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { JOB_BATCH_BUDGET } from "../../../convex/lib/jobs";
import { countInYear, drain, expectedResult, FAKE_TIMERS, resultOf, rolloverArgs } from "./helpers";
import { buildUniversity, quarterLimitBackend, snapshotYear } from "./university";

const SCALE = Number(process.env.ROLLOVER_TEST_SCALE ?? 0.5);

beforeEach(() => vi.useFakeTimers(FAKE_TIMERS));
afterEach(() => vi.useRealTimers());

test(`at ${SCALE}× the demo, within a quarter of every limit, the preview and the run agree on exact counts and the source year is untouched`, async () => {
  const t = quarterLimitBackend();
  const u = await buildUniversity(t, SCALE);
  const before = await snapshotYear(t, u.sourceYearId);
  const want = expectedResult(u.expected, u.adminSkippedDeleted);

  const previewId = await u.admin.mutation(api.structure.rollover.preview, rolloverArgs(u));
  await drain(t);
  const preview = await resultOf(u, previewId);
  expect(preview.job.status).toBe("completed");
  expect(preview.job.dry_run).toBe(true);
  expect(preview.result.counts).toEqual(want.counts);
  expect(preview.result.skipped).toEqual(want.skipped);
  // A dry run writes nothing but its own progress.
  expect((await u.admin.query(api.structure.academicYears.all, { organisationId: u.organisationId })).length).toBe(1);
  expect(preview.job.peak_usage!.documentsWritten).toBeLessThanOrEqual(2);

  const { academicYearId: next, jobId } = await u.admin.mutation(api.structure.rollover.start, rolloverArgs(u));
  // Starting reads nothing of the year: the job is queued with no totals yet, its first step counts.
  const queued = await u.t.run((ctx) => ctx.db.get(jobId));
  expect(queued!.status).toBe("queued");
  expect(queued!.phases.every((p) => p.total === undefined && p.done === 0)).toBe(true);
  await drain(t);
  const runResult = await resultOf(u, jobId);
  expect(runResult.job.status).toBe("completed");
  expect(runResult.result.counts).toEqual(want.counts);
  expect(runResult.result.skipped).toEqual(want.skipped);
  expect(runResult.job.phases.map((p) => [p.name, p.done, p.total])).toEqual([
    ["count", u.expected.profiles + u.expected.modules + u.expected.sourceAllocations + u.expected.sourceAdmin, u.expected.profiles + u.expected.modules + u.expected.sourceAllocations + u.expected.sourceAdmin],
    ["lecturers", u.expected.profiles, u.expected.profiles],
    ["iterations", u.expected.modules, u.expected.modules],
    ["allocations", u.expected.sourceAllocations, u.expected.sourceAllocations],
    ["admin", u.expected.sourceAdmin, u.expected.sourceAdmin],
    ["finish", 1, 1],
  ]);
  // The busiest step stayed within the quarter budget on every limit (the backend enforces it too).
  const peak = runResult.job.peak_usage!;
  for (const key of Object.keys(JOB_BATCH_BUDGET) as (keyof typeof JOB_BATCH_BUDGET)[]) {
    expect(peak[key], key).toBeLessThanOrEqual(JOB_BATCH_BUDGET[key]);
  }
  expect(await countInYear(t, "lecturers", next)).toBe(u.expected.lecturers.created);
  expect(await countInYear(t, "module_iterations", next)).toBe(u.expected.iterations.created);
  expect(await countInYear(t, "module_iteration_groups", next)).toBe(u.expected.groups);
  expect(await countInYear(t, "module_iteration_assessments", next)).toBe(u.expected.assessments);
  expect(await countInYear(t, "module_allocations", next)).toBe(u.expected.allocations.created);
  expect(await countInYear(t, "admin_allocations", next)).toBe(u.expected.admin.created);
  expect(await countInYear(t, "lecturer_year_totals", next)).toBe(u.expected.lecturers.created);

  // The source year, its totals and its audit trail: exactly as before.
  expect(await snapshotYear(t, u.sourceYearId)).toEqual(before);
  console.log(
    `rollover at ${SCALE}x: ${u.expected.profiles} profiles, ${u.expected.modules} modules, ${u.expected.sourceAllocations} allocations; ` +
      `carried ${runResult.result.counts.allocations.created} allocations (${runResult.result.carried_hours} h); peak step ${JSON.stringify(peak)}`,
  );
}, 1_200_000);
