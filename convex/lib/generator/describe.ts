/**
 * A generated university in figures, without seeding it: the rows the seed
 * will write per table, and the active year as the dashboard will show it
 * (totals recomputed from scratch with the engine, bands, coverage gaps).
 * Used by the tests (the counts of M, L and XL) and the README's table.
 */
import {
  BANDS,
  computeLecturerTotals,
  DEFAULT_ALLOCATION_TYPES,
  DEFAULT_SETTINGS,
  isOverBand,
  iterationCoverage,
  semesterFractions,
  splitHours,
  type Band,
  type TotalsLine,
} from "../workload";
import { DEFAULT_ADMIN_CATEGORIES, DEFAULT_LECTURER_STATUSES } from "../referenceDefaults";
import { ACTIVE_YEAR } from "./catalogue";
import type { GeneratedUniversity } from "./university";

const TYPES = new Map(DEFAULT_ALLOCATION_TYPES.map((t) => [t.code, t]));
const CATEGORIES = new Map(DEFAULT_ADMIN_CATEGORIES.map((c) => [c.code, c]));
const COUNTS = new Map(DEFAULT_LECTURER_STATUSES.map((s) => [s.code, s.counts_towards_capacity]));

export type UniversityDescription = ReturnType<typeof describeUniversity>;

export function describeUniversity(u: GeneratedUniversity) {
  const iterations = u.modules.flatMap((m) => m.iterations.map((iteration) => ({ module: m, iteration })));
  const active = iterations.filter((i) => i.iteration.year === "active");
  const allocations = active.flatMap((i) => i.iteration.allocations);
  const admin = u.lecturers.flatMap((l) => l.admin);
  const rows = {
    faculties: u.faculties.length,
    departments: u.departments.length,
    teams: u.teams.length,
    courses: u.courses.length,
    cohorts: u.cohorts.length,
    sites: u.sites.length,
    lecturer_profiles: u.lecturers.length,
    lecturers: u.lecturers.length * 2,
    admin_allocations: admin.length,
    lecturer_specialisations: u.specialisations.length,
    lecturer_availability: u.availability.length,
    users: u.people.length,
    user_role_assignments: u.people.length,
    modules: u.modules.length,
    course_modules: u.modules.length,
    module_iterations: iterations.length,
    module_iteration_groups: iterations.reduce((s, i) => s + i.iteration.groups.length, 0),
    module_iteration_assessments: iterations.length,
    cohort_module_plans: iterations.filter((i) => i.iteration.cohort_plan).length,
    module_allocations: allocations.length,
  };

  // Each active lecturer's year from scratch, as verifyTotals would recompute it.
  const lines = new Map<string, TotalsLine[]>();
  for (const { iteration } of active) {
    for (const a of iteration.allocations) {
      const semester_hours = splitHours(a.hours, semesterFractions(iteration.semester, undefined, DEFAULT_SETTINGS.default_year_split));
      lines.set(a.lecturer, [...(lines.get(a.lecturer) ?? []), { hours: a.hours, work_category: TYPES.get(a.type)!.work_category, semester_hours }]);
    }
  }
  const totals = u.lecturers.map((l) => ({
    lecturer: l,
    ...computeLecturerTotals({
      lecturer: { fte: l.fte, contract_family: l.contract_family, contract_start: l.contract_start, counts_towards_capacity: COUNTS.get(l.status) ?? true },
      year: ACTIVE_YEAR,
      settings: DEFAULT_SETTINGS,
      allocations: lines.get(l.key) ?? [],
      adminAllocations: l.admin.map((a) => ({ hours: a.hours, work_category: CATEGORIES.get(a.category)!.work_category, semester: a.semester })),
    }),
  }));
  // As the dashboard: people with neither capacity nor work have nothing to plan.
  const planned = totals.filter((t) => t.contract_hours > 0 || t.allocated_hours > 0);
  const allocated = planned.reduce((s, t) => s + t.allocated_hours, 0);
  const contract = planned.reduce((s, t) => s + t.contract_hours, 0);
  const bands = Object.fromEntries(BANDS.map((b) => [b, planned.filter((t) => t.band === b).length])) as Record<Band, number>;
  let gaps = 0;
  let unstaffed = 0;
  for (const { iteration } of active) {
    const coverage = iterationCoverage(
      iteration.groups.map((g) => ({ id: g.name })),
      iteration.allocations.map((a) => ({ allocation_type_code: a.type, basis: TYPES.get(a.type)!.basis, share: a.share })),
    );
    if (coverage.unallocated) unstaffed++;
    if (coverage.unallocated || coverage.gaps.length > 0 || coverage.groups_without_lecturer.length > 0) gaps++;
  }
  return {
    size: u.size.name,
    rows,
    documents: Object.values(rows).reduce((s, n) => s + n, 0),
    active_year: {
      lecturers: u.lecturers.length,
      iterations: active.length,
      allocations: allocations.length,
      co_taught_iterations: active.filter((i) => new Set(i.iteration.allocations.map((a) => a.lecturer)).size > 1).length,
      total_allocated_hours: Math.round(allocated * 10) / 10,
      total_contract_hours: Math.round(contract * 10) / 10,
      utilisation: contract > 0 ? Math.round((allocated / contract) * 1000) / 1000 : 0,
      bands,
      over: planned.filter((t) => isOverBand(t.band)).length,
      under: bands.under,
      iterations_with_gaps: gaps,
      iterations_unstaffed: unstaffed,
    },
  };
}
