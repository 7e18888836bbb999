/**
 * Every batch of the seed fits a quarter of every Convex limit, at XL too.
 * A batch reads only what its own rows need and stops taking rows at half
 * its budget, so its cost depends on its heaviest rows, not on the size of
 * the university: seeding XL's organisation (all 40 departments), its
 * heaviest lecturers (most admin roles) and its heaviest modules (most
 * iterations, groups and allocations) on a backend whose limits are a
 * quarter of Convex's shows XL's batches fit. (Seeding all of XL here
 * would take hours on convex-test's storage; the bench seeds it in full.)
 */
import { expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { describeUniversity, generateUniversity, SIZES, type GeneratedModule, type GeneratedUniversity } from "../../../convex/lib/generator";
import { seedInto, signInDemoPeople, universityBackend } from "../university";

const weight = (m: GeneratedModule) => m.iterations.reduce((s, i) => s + 1 + i.groups.length + i.allocations.length, 0);

/** XL's structure with only its heaviest modules and the lecturers they (and the people) need. */
function heaviestOfXL(modules: number): GeneratedUniversity {
  const xl = generateUniversity(SIZES.XL);
  const heavy = [...xl.modules].sort((a, b) => weight(b) - weight(a)).slice(0, modules);
  const needed = new Set([
    ...heavy.flatMap((m) => m.iterations.flatMap((i) => i.allocations.map((a) => a.lecturer))),
    ...xl.people.flatMap((p) => (p.lecturer ? [p.lecturer] : [])),
    ...xl.specialisations.map((s) => s.lecturer),
    ...xl.availability.map((a) => a.lecturer),
    ...[...xl.lecturers].sort((a, b) => b.admin.length - a.admin.length).slice(0, 20).map((l) => l.key),
  ]);
  return { ...xl, lecturers: xl.lecturers.filter((l) => needed.has(l.key)), modules: heavy };
}

test("XL's heaviest batches fit a quarter of every limit", async () => {
  const u = heaviestOfXL(30);
  expect(weight(u.modules[0])).toBeGreaterThanOrEqual(30);
  const t = universityBackend({ quarter: true });
  const { report, seconds } = await seedInto(t, u);
  console.log(`XL's heaviest: ${u.lecturers.length} lecturers, ${u.modules.length} modules in ${report.batches} batches, ${seconds.toFixed(1)} s; largest batch used ${(report.largestBudgetUsed * 100).toFixed(0)}% of a quarter of a limit`);
  // Every batch committed under quarter limits; the largest left room to spare.
  expect(report.largestBudgetUsed).toBeLessThan(0.9);
  const allocations = u.modules.flatMap((m) => m.iterations.flatMap((i) => i.allocations));
  expect(report.message).toBe(`Seeded Northbridge University: ${allocations.length} allocations.`);
  // What was written is what was planned, totals and all.
  const { planner, organisationId, activeYearId } = await signInDemoPeople(t);
  const overview = await planner.query(api.workload.dashboard.overview, { organisationId, academicYearId: activeYearId });
  const planned = describeUniversity(u).active_year;
  // Staff on sabbatical have neither capacity nor work, so the dashboard leaves them out.
  expect(overview.lecturer_count).toBe(u.lecturers.filter((l) => l.status === "active").length);
  expect(Math.round(overview.total_allocated_hours * 10) / 10).toBe(planned.total_allocated_hours);
  expect(Object.fromEntries(overview.band_counts.map((b) => [b.band, b.count]))).toEqual(planned.bands);
}, 900_000);
