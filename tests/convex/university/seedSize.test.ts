/**
 * Seeds a whole university of the size named by WW_SEED_SIZE (small, S, M,
 * L, XL, or 2x...6x) on a backend with a quarter of every Convex limit,
 * checks its figures against the generator's, and prints how long it took.
 * Skipped unless asked for: on convex-test's storage, which scans every
 * document for every query, M takes tens of minutes.
 *
 *   WW_SEED_SIZE=M npx vitest run --project convex tests/convex/university/seedSize.test.ts
 */
import { expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { describeUniversity, type SizeName } from "../../../convex/lib/generator";
import { loadUniversity, universityBackend } from "../university";

const asked = process.env.WW_SEED_SIZE;

test.skipIf(!asked)(`seed ${asked} under a quarter of every limit`, async () => {
  const size = /^\d+x$/.test(asked!) ? { times: Number(asked!.slice(0, -1)) } : (asked as SizeName);
  const t = universityBackend({ quarter: true });
  const u = await loadUniversity(t, size);
  const planned = describeUniversity(u.university);
  console.log(
    `${asked}: ${planned.active_year.lecturers} lecturers, ${planned.active_year.iterations} iterations, ${planned.active_year.allocations} allocations ` +
      `seeded in ${u.seconds.toFixed(0)} s, ${u.report.batches} batches, the largest at ${(u.report.largestBudgetUsed * 100).toFixed(0)}% of its budget`,
  );
  const overview = await u.planner.query(api.workload.dashboard.overview, { organisationId: u.organisationId, academicYearId: u.activeYearId });
  expect(Math.round(overview.total_allocated_hours * 10) / 10).toBe(planned.active_year.total_allocated_hours);
  expect(Object.fromEntries(overview.band_counts.map((b) => [b.band, b.count]))).toEqual(planned.active_year.bands);
  const gaps = await u.planner.query(api.workload.dashboard.coverageGaps, { organisationId: u.organisationId, academicYearId: u.activeYearId });
  expect(gaps).toHaveLength(planned.active_year.iterations_with_gaps);
}, 6 * 3600_000);
