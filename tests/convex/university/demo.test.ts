/**
 * The demo university, now made by the generator, is the demo it always
 * was: size S and size small reproduce, row for row, the figures recorded
 * from the seed before the generator existed (demo-figures.json,
 * small-figures.json; see figures.ts), and the generator's planned hours
 * and totals are the ones the seed computes. The iterations' coverage rows
 * are new (one per iteration) and checked on their own.
 */
import { describe, expect, test } from "vitest";
import { api } from "../../../convex/_generated/api";
import { describeUniversity, generateUniversity, SIZES } from "../../../convex/lib/generator";
import { measureQuery, seedInto, signInDemoPeople, universityBackend } from "../university";
import demoFigures from "./demo-figures.json";
import smallFigures from "./small-figures.json";
import { universityFigures, type UniversityFigures } from "./figures";

/** The recorded figures, leaving out what did not exist when they were recorded. */
function comparable(f: UniversityFigures) {
  const { iteration_coverage, overview_cells, ...counts } = f.counts as Record<string, number>;
  const { iteration_coverage: _, overview_cells: _cells, ...digests } = f.digests;
  const { placement_mismatches: _placement, ...rest } = f;
  return { ...rest, counts, digests };
}

describe.each([
  ["S", demoFigures],
  ["small", smallFigures],
] as const)("size %s", (size, recorded) => {
  test("reproduces the recorded demo: rows, totals, bands, people, gaps", async () => {
    // A quarter of every limit: the demo's batches fit it as well as XL's do (seedLimits.test.ts).
    const t = universityBackend({ quarter: true });
    const university = generateUniversity(SIZES[size]);
    const { seconds } = await seedInto(t, university);
    console.log(`seeded ${size} in ${seconds.toFixed(1)} s`);
    const figures = await universityFigures(t);
    const u = { university, ...(await signInDemoPeople(t)) };
    expect(comparable(figures)).toEqual(recorded);
    // Every iteration, group and allocation carries its module's department (and its lecturer's).
    expect(figures.placement_mismatches).toBe(0);
    // A few figures a person checks, spelled out.
    if (size === "S") {
      expect(figures.active_year).toMatchObject({ lecturers: 120, iterations: 300, allocations: 1848, total_allocated_hours: 121519.7, over: 32, under: 41 });
      expect(figures.lecturers.find((l) => l.name === "Dr Amara Adeyemi")).toMatchObject({ allocated_hours: 1124.3, band: "under" });
    }
    expect(figures.people.map((p) => p.name)).toEqual(expect.arrayContaining(["Alex Admin", "Harriet Head (HoD Computer Science)", "Priya Planner", "Paul Planner", "Victor Viewer"]));
    // Every iteration of both years has its coverage row.
    expect(figures.counts.iteration_coverage).toBe(figures.counts.module_iterations);

    // The generator planned the hours the seed computed, and its totals are the dashboard's.
    const planned = u.university.modules.flatMap((m) => m.iterations.flatMap((i) => i.allocations.map((a) => a.hours)));
    const seeded = await t.run(async (ctx) => (await ctx.db.query("module_allocations").collect()).sort((a, b) => a._creationTime - b._creationTime).map((a) => a.computed_hours));
    expect(seeded).toEqual(planned);
    const description = describeUniversity(u.university);
    const overview = await u.planner.query(api.workload.dashboard.overview, { organisationId: u.organisationId, academicYearId: u.activeYearId });
    expect(overview.lecturer_count).toBe(description.active_year.lecturers);
    expect(Math.round(overview.total_allocated_hours * 10) / 10).toBe(description.active_year.total_allocated_hours);
    expect(Object.fromEntries(overview.band_counts.map((b) => [b.band, b.count]))).toEqual(description.active_year.bands);
    expect(description.rows.module_allocations).toBe(recorded.counts.module_allocations);
    if (size !== "S") return;

    // Reads in proportion to what is shown: the coverage list reads its 17 gaps (not the
    // year's 300 iterations, 634 groups and 1,848 allocations), the overview about three rows
    // per team (its overview cell, summary and name) and its two lists of ten, however many
    // lecturers and allocations there are (overview.test.ts).
    const args = { organisationId: u.organisationId, academicYearId: u.activeYearId };
    const coverage = await measureQuery(u.planner, api.workload.dashboard.coverageGaps, args);
    expect(coverage.result).toHaveLength(recorded.active_year.iterations_with_gaps.length);
    expect(coverage.result.map((r) => r.iteration_code).sort()).toEqual(recorded.active_year.iterations_with_gaps);
    expect(coverage.documentsRead).toBeLessThan(coverage.result.length + 15);
    const before = await measureQuery(u.planner, api.workload.dashboard.overview, args);
    expect(before.documentsRead).toBeLessThan(3 * 12 + 2 * 11 + 15);
    const types = await u.admin.query(api.reference.allocationTypes.all, { organisationId: u.organisationId });
    const lecturers = await u.planner.query(api.staff.lecturers.all, args);
    const iterations = await u.planner.query(api.delivery.iterations.all, args);
    for (let i = 0; i < 20; i++) {
      await u.planner.mutation(api.workload.allocations.create, {
        organisationId: u.organisationId,
        iterationId: iterations[i]._id,
        lecturerId: lecturers[i]._id,
        allocationTypeId: types.find((x) => x.code === "marking")!._id,
        share: 10,
      });
    }
    const after = await measureQuery(u.planner, api.workload.dashboard.overview, args);
    expect(after.result.total_allocated_hours).toBeGreaterThan(before.result.total_allocated_hours);
    expect(after.documentsRead).toBe(before.documentsRead);
    console.log(`S: coverage read ${coverage.documentsRead} documents for ${coverage.result.length} gaps; overview ${before.documentsRead}`);
  }, 900_000);
});
