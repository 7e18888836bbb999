/**
 * A lecturer's contract hours and maximum teaching for one academic year:
 * FTE x the organisation's standard hours, pro-rated by the days of the year
 * their contract covers, plus any recorded adjustment (negative for a
 * reduction); maximum teaching is the contract family's ratio of that.
 * A status that does not count towards capacity (on leave, sabbatical)
 * makes the contract 0 h: any work still allocated then shows as over.
 */
import { DEFAULT_SETTINGS } from "./defaults";
import { cleanHours } from "./numbers";
import type { ContractFamily, ContractFamilySettings, LecturerContract, WorkloadSettings, YearDates } from "./types";

export type ContractBreakdown = {
  fte: number;
  standard_fte_hours: number;
  /** Fraction of the academic year the contract covers (1 for a full year). */
  year_fraction: number;
  counts_towards_capacity: boolean;
  adjustment_hours: number;
  adjustment_reason?: string;
  contract_hours: number;
  contract_family: ContractFamily;
  family_label: string;
  max_teaching_ratio: number;
  max_teaching_hours: number;
  /** The family's research allowance at this FTE and year fraction. */
  research_allowance_hours: number;
};

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Math.floor(Date.parse(iso.slice(0, 10) + "T00:00:00Z") / DAY_MS);
}

/** Fraction of the year [start, end] (inclusive days) covered by the contract's dates. */
export function yearFraction(year: YearDates, contractStart?: string, contractEnd?: string): number {
  const yearStart = dayNumber(year.start_date);
  const yearEnd = dayNumber(year.end_date);
  const yearDays = yearEnd - yearStart + 1;
  if (!(yearDays > 0)) return 1;
  const from = Math.max(yearStart, contractStart ? dayNumber(contractStart) : yearStart);
  const to = Math.min(yearEnd, contractEnd ? dayNumber(contractEnd) : yearEnd);
  return Math.max(0, to - from + 1) / yearDays;
}

/** The settings of `family`, falling back on the default family so an unknown family still computes. */
export function familySettings(settings: WorkloadSettings, family: ContractFamily): ContractFamilySettings {
  return (
    settings.contract_families.find((f) => f.family === family) ??
    DEFAULT_SETTINGS.contract_families.find((f) => f.family === family) ??
    DEFAULT_SETTINGS.contract_families[0]
  );
}

export function computeContract(lecturer: LecturerContract, settings: WorkloadSettings, year: YearDates): ContractBreakdown {
  const counts = lecturer.counts_towards_capacity !== false;
  const fraction = counts ? yearFraction(year, lecturer.contract_start, lecturer.contract_end) : 0;
  const adjustment = counts ? (lecturer.contract_hours_adjustment ?? 0) : 0;
  const contract = cleanHours(Math.max(0, lecturer.fte * settings.standard_fte_hours * fraction + adjustment));
  const family = familySettings(settings, lecturer.contract_family);
  return {
    fte: lecturer.fte,
    standard_fte_hours: settings.standard_fte_hours,
    year_fraction: cleanHours(fraction),
    counts_towards_capacity: counts,
    adjustment_hours: adjustment,
    adjustment_reason: lecturer.adjustment_reason,
    contract_hours: contract,
    contract_family: lecturer.contract_family,
    family_label: family.label,
    max_teaching_ratio: family.max_teaching_ratio,
    max_teaching_hours: cleanHours(contract * family.max_teaching_ratio),
    research_allowance_hours: cleanHours(family.research_allowance_hours * lecturer.fte * fraction),
  };
}
