/**
 * A lecturer's year in figures: hours by work category and semester from
 * their module allocations, admin allocations and their family's research
 * allowance; then allocated, teaching, capacity, utilisation and band. The
 * live totals rows hold exactly these figures, kept by deltas
 * (`addLine`) and checked against a recomputation (`computeLecturerTotals`).
 */
import { bandFor, utilisationOf } from "./bands";
import { computeContract, type ContractBreakdown } from "./contract";
import { cleanHours, sumHours } from "./numbers";
import { addSplits, semesterFractions, splitHours, ZERO_SPLIT } from "./semesters";
import {
  TEACHING_CATEGORIES,
  WORK_CATEGORIES,
  type Band,
  type CategoryHours,
  type LecturerContract,
  type Semester,
  type SemesterSplit,
  type WorkCategory,
  type WorkloadSettings,
  type YearDates,
} from "./types";

/** One counted piece of work: a module allocation, an admin allocation or the research allowance. */
export type TotalsLine = { hours: number; work_category: WorkCategory; semester_hours: SemesterSplit };

/** The sums a totals row keeps incrementally. */
export type TotalsSums = { category_hours: CategoryHours; semester_hours: SemesterSplit; allocation_count: number };

export type TotalsFigures = TotalsSums & {
  contract_hours: number;
  max_teaching_hours: number;
  allocated_hours: number;
  teaching_hours: number;
  capacity_hours: number;
  utilisation: number;
  band: Band;
};

export type AdminAllocationInput = {
  hours?: number;
  percent_of_contract?: number;
  work_category: WorkCategory;
  semester?: Semester;
};

export function zeroCategories(): CategoryHours {
  return { teaching: 0, marking: 0, preparation: 0, leadership: 0, admin: 0, research: 0 };
}

export function emptySums(): TotalsSums {
  return { category_hours: zeroCategories(), semester_hours: { ...ZERO_SPLIT }, allocation_count: 0 };
}

/** `sums` with `line` added (sign 1) or removed (sign -1); `counted` lines change the allocation count. */
export function addLine(sums: TotalsSums, line: TotalsLine, sign: 1 | -1, counted = true): TotalsSums {
  return {
    category_hours: {
      ...sums.category_hours,
      [line.work_category]: cleanHours(sums.category_hours[line.work_category] + sign * line.hours),
    },
    semester_hours: addSplits(sums.semester_hours, line.semester_hours, sign),
    allocation_count: sums.allocation_count + (counted ? sign : 0),
  };
}

/** An admin allocation's hours: its hours, else its percentage of the contract. */
export function adminAllocationHours(admin: AdminAllocationInput, contractHours: number): number {
  if (admin.hours !== undefined) return cleanHours(admin.hours);
  return cleanHours(((admin.percent_of_contract ?? 0) / 100) * contractHours);
}

export function adminAllocationLine(admin: AdminAllocationInput, contractHours: number, settings: WorkloadSettings): TotalsLine {
  const hours = adminAllocationHours(admin, contractHours);
  const fractions = semesterFractions(admin.semester ?? "year", undefined, settings.default_year_split);
  return { hours, work_category: admin.work_category, semester_hours: splitHours(hours, fractions) };
}

/** The family's research allowance as a line (not counted as an allocation). */
export function researchAllowanceLine(contract: ContractBreakdown, settings: WorkloadSettings): TotalsLine {
  const hours = contract.research_allowance_hours;
  const fractions = semesterFractions("year", undefined, settings.default_year_split);
  return { hours, work_category: "research", semester_hours: splitHours(hours, fractions) };
}

/** Allocated, teaching, capacity, utilisation and band from the sums and the contract. */
export function finishTotals(
  sums: TotalsSums,
  contract: Pick<ContractBreakdown, "contract_hours" | "max_teaching_hours">,
  settings: Pick<WorkloadSettings, "band_thresholds">,
): TotalsFigures {
  const allocated = sumHours(WORK_CATEGORIES.map((c) => sums.category_hours[c]));
  const teaching = sumHours(TEACHING_CATEGORIES.map((c) => sums.category_hours[c]));
  const utilisation = utilisationOf(allocated, contract.contract_hours);
  return {
    ...sums,
    contract_hours: contract.contract_hours,
    max_teaching_hours: contract.max_teaching_hours,
    allocated_hours: allocated,
    teaching_hours: teaching,
    capacity_hours: cleanHours(contract.contract_hours - allocated),
    utilisation,
    band: bandFor(utilisation, settings.band_thresholds),
  };
}

/** Everything from scratch: what a totals row must equal. */
export function computeLecturerTotals(input: {
  lecturer: LecturerContract;
  year: YearDates;
  settings: WorkloadSettings;
  allocations: readonly TotalsLine[];
  adminAllocations: readonly AdminAllocationInput[];
}): TotalsFigures & { contract: ContractBreakdown } {
  const contract = computeContract(input.lecturer, input.settings, input.year);
  let sums = addLine(emptySums(), researchAllowanceLine(contract, input.settings), 1, false);
  for (const line of input.allocations) sums = addLine(sums, line, 1);
  for (const admin of input.adminAllocations) {
    sums = addLine(sums, adminAllocationLine(admin, contract.contract_hours, input.settings), 1);
  }
  return { ...finishTotals(sums, contract, input.settings), contract };
}

/**
 * Whether a lecturer has anything to plan this year: capacity or work.
 * People with neither (on leave, sabbatical) are left out of the dashboard's
 * and the reports' counts and sums.
 */
export function plansThisYear(row: { contract_hours: number; allocated_hours: number }): boolean {
  return row.contract_hours > 0 || row.allocated_hours > 0;
}
