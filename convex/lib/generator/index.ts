/**
 * The university generator: deterministic universities from the demo to a
 * large institution, as plain rows (no Convex), seeded by `convex/seed.ts`
 * through the function layer (so audit rows and live totals are made as by
 * any edit). The same size always gives the same rows.
 *
 * Sizes (active year; the staging year repeats every lecturer and iteration,
 * without allocations):
 *
 *   size   departments  lecturers  iterations  allocations  what it is
 *   small            6         24          24          132     the end-to-end tests' university
 *   S                6        120         300        1,848     the demo (`npm start`), exactly as it has always been
 *   times(k)        6k       120k        300k      ~1,880k     k times the demo, department for department (k <= 6)
 *   M               25        500       2,025       10,598     a large university's shape at a quarter of XL (4x the demo's staff)
 *   L               25      1,000       4,011       20,877     half of XL
 *   XL              40      2,000       7,989       41,642     a large university
 *
 * Every size: 2 teams per department, a BSc and an MSc per department with
 * four cohorts, two campuses, 15- to 30-credit modules at levels 4-7 with one
 * assessment each, groups from the iteration's maximum group size, module
 * leadership and administration to a leader and contact, preparation and
 * marking shared between one to three lecturers chosen by the least
 * utilisation, some iterations short of 100% (coverage gaps), the demo's
 * people (Alex Admin, Harriet Head scoped to Computer Science, Priya and
 * Paul Planner, Victor Viewer, the first three lecturers). M, L and XL add:
 * second runs of modules at the other campus, uneven co-teaching shares
 * (60/40, 70/30...), 40-credit dissertations, big first-year modules, some
 * iterations nobody has been found for yet, a few shared out past 100%,
 * admin roles (programme leaders, admissions tutors, exams officers,
 * personal tutors, PhD supervisors), staff on sabbatical and January
 * starters on part-year contracts. `describeUniversity` gives exact counts.
 */
export { generateUniversity, iterationFacts, PLANNING_ROUND } from "./university";
export type {
  GeneratedAdminAllocation,
  GeneratedAllocation,
  GeneratedIteration,
  GeneratedLecturer,
  GeneratedModule,
  GeneratedUniversity,
  YearKey,
} from "./university";
export { MAX_TIMES, SIZE_NAMES, SIZES, sizeSpec, times, type SizeName, type SizeSpec } from "./sizes";
export { describeUniversity, type UniversityDescription } from "./describe";
export { random, type Random } from "./random";
