/**
 * The engine's arithmetic with hand-computed values: contracts, bands,
 * semesters, rule choice and rounding, one allocation, a lecturer's totals,
 * coverage and the utilisation histogram.
 */
import { describe, expect, test } from "vitest";
import {
  applyRule,
  bandFor,
  computeAllocation,
  computeContract,
  computeLecturerTotals,
  DEFAULT_RULES,
  DEFAULT_SETTINGS,
  iterationCoverage,
  roundToStep,
  selectRule,
  semesterFractions,
  splitHours,
  utilisationHistogram,
  type CalculationRule,
  type IterationFacts,
} from "../../../convex/lib/workload";

const year = { start_date: "2026-09-01", end_date: "2027-08-31" }; // 365 days
const rules: CalculationRule[] = DEFAULT_RULES;
const iteration: IterationFacts = {
  credits: 20,
  level: 5,
  semester: "S1",
  student_count: 120,
  intakes: 1,
  groups: ["G1", "G2", "G3", "G4"].map((id) => ({ id, student_count: 30 })),
  assessments: [],
};
const type = (code: string, work_category: "teaching" | "preparation" | "marking" | "leadership", basis: "group" | "iteration" = "group") => ({
  code,
  name: code,
  work_category,
  basis,
});

describe("contract", () => {
  test("FTE x standard hours, and the family's maximum teaching", () => {
    const c = computeContract({ fte: 0.5, contract_family: "teaching_focused" }, DEFAULT_SETTINGS, year);
    expect(c.contract_hours).toBe(825); // 0.5 x 1650
    expect(c.max_teaching_hours).toBe(495); // 825 x 0.6
    expect(c.research_allowance_hours).toBe(75); // 150 x 0.5
  });

  test("a part-year contract is pro-rated by days; an adjustment is added", () => {
    // 2027-03-01..2027-08-31 is 184 of 365 days: 1650 x 184 / 365 = 831.780822
    const c = computeContract({ fte: 1, contract_family: "practitioner", contract_start: "2027-03-01", contract_hours_adjustment: -100 }, DEFAULT_SETTINGS, year);
    expect(c.year_fraction).toBeCloseTo(184 / 365, 6);
    expect(c.contract_hours).toBeCloseTo(1650 * (184 / 365) - 100, 5);
  });
});

describe("bands", () => {
  const t = DEFAULT_SETTINGS.band_thresholds; // 0.8 / 0.95 / 1.0 / 1.1
  test.each([
    [0, "under"],
    [0.79, "under"],
    [0.8, "healthy"],
    [0.94, "healthy"],
    [0.95, "near"],
    [1.0, "near"],
    [1.05, "over"],
    [1.1, "over"],
    [1.11, "critical"],
  ])("utilisation %s is %s", (u, band) => expect(bandFor(u, t)).toBe(band));
});

describe("semesters", () => {
  test("a year-long module splits by the default year split; an explicit split wins", () => {
    expect(splitHours(120, semesterFractions("year", undefined, DEFAULT_SETTINGS.default_year_split))).toEqual({ S1: 60, S2: 60, S3: 0 });
    expect(splitHours(100, semesterFractions("year", { S1: 0.7, S2: 0.3, S3: 0 }, DEFAULT_SETTINGS.default_year_split))).toEqual({ S1: 70, S2: 30, S3: 0 });
    expect(splitHours(50, semesterFractions("S2", undefined, DEFAULT_SETTINGS.default_year_split))).toEqual({ S1: 0, S2: 50, S3: 0 });
  });

  test("thirds still add up to the whole", () => {
    const s = splitHours(100, semesterFractions("year", { S1: 1, S2: 1, S3: 1 }, DEFAULT_SETTINGS.default_year_split));
    expect(s.S1 + s.S2 + s.S3).toBeCloseTo(100, 9);
  });
});

describe("rules", () => {
  test("the highest-priority matching rule wins; conditions filter", () => {
    const facts = { allocation_type_code: "preparation", work_category: "preparation" as const, module_level: 5, semester: "S1" as const, first_time: true };
    expect(selectRule(rules, facts)!.name).toBe("Preparation, first delivery");
    expect(selectRule(rules, { ...facts, first_time: false })!.name).toBe("Preparation (WAM)");
    expect(selectRule(rules, { ...facts, allocation_type_code: "supervision" })).toBeNull();
  });

  test("min/max clamp before rounding", () => {
    const rule = { ...rules[0], min_hours: 10, max_hours: 100, rounding: "up" as const, rounding_step: 5 };
    expect(applyRule(rule, { ...vars(), credits: 20, groups: 4, share: 0.6 }).hours).toBe(100); // 120 -> 100
    expect(applyRule(rule, { ...vars(), credits: 20, groups: 1, share: 0.13 }).hours).toBe(10); // 6.5 -> 10
    expect(applyRule(rule, { ...vars(), credits: 20, groups: 1, share: 0.33 }).hours).toBe(20); // 16.5 -> up to 20
    expect(roundToStep(16.26, "nearest", 0.5)).toBe(16.5);
    expect(roundToStep(16.24, "down", 0.1)).toBe(16.2);
  });
});

function vars() {
  return { credits: 0, level: 5, students: 0, groups: 0, group_size: 25, contact_hours: 0, assessments: 0, script_hours: 0, weeks: 24, intakes: 1, share: 1, first_time: 0 };
}

describe("one allocation", () => {
  test("60% of contact of a 4-group, 20-credit iteration is 120 h, all in S1", () => {
    const r = computeAllocation({ allocation_type: type("contact", "teaching"), share: 60, first_time: false }, iteration, rules, DEFAULT_SETTINGS);
    expect(r.hours).toBe(120);
    expect(r.semester_hours).toEqual({ S1: 120, S2: 0, S3: 0 });
  });

  test("without defined groups the cohort is ceil(students / group size) groups", () => {
    // 120 / 25 -> 5 groups: 20 x 2.5 x 5 x 1 = 250
    const r = computeAllocation({ allocation_type: type("contact", "teaching"), share: 100, first_time: false }, { ...iteration, groups: [] }, rules, DEFAULT_SETTINGS);
    expect(r.explanation.variables.find((v) => v.name === "groups")!.value).toBe(5);
    expect(r.hours).toBe(250);
  });

  test("per-script marking: 120 students x (1 exam + 0.1667 coursework) x 40% = 56 h", () => {
    const withTariffs = { ...iteration, assessments: [{ marking_hours_per_script: 1 }, { marking_hours_per_script: 0.1667 }] };
    const r = computeAllocation({ allocation_type: type("marking", "marking"), share: 40, first_time: false }, withTariffs, rules, DEFAULT_SETTINGS);
    expect(r.hours).toBe(56); // 120 x 1.1667 x 0.4 = 56.0016 -> 56.0 to the nearest 0.1
  });

  test("an override replaces the computed hours and is explained", () => {
    const r = computeAllocation(
      { allocation_type: type("contact", "teaching"), share: 60, first_time: false, hours_override: 90, override_reason: "Merged groups" },
      iteration,
      rules,
      DEFAULT_SETTINGS,
    );
    expect([r.computed_hours, r.hours]).toEqual([120, 90]);
    expect(r.explanation.override).toEqual({ hours: 90, reason: "Merged groups" });
  });

  test("no matching rule gives 0 h with a note", () => {
    const r = computeAllocation({ allocation_type: type("supervision", "teaching"), share: 100, first_time: false }, iteration, rules, DEFAULT_SETTINGS);
    expect(r.hours).toBe(0);
    expect(r.explanation.notes[0]).toMatch(/No active rule/);
  });
});

describe("a lecturer's totals", () => {
  test("0.5 FTE teaching-focused with 320 h of teaching and a 10% admin role", () => {
    const t = computeLecturerTotals({
      lecturer: { fte: 0.5, contract_family: "teaching_focused" },
      year,
      settings: DEFAULT_SETTINGS,
      allocations: [
        { hours: 80, work_category: "teaching", semester_hours: { S1: 80, S2: 0, S3: 0 } },
        { hours: 160, work_category: "preparation", semester_hours: { S1: 160, S2: 0, S3: 0 } },
        { hours: 80, work_category: "marking", semester_hours: { S1: 80, S2: 0, S3: 0 } },
      ],
      adminAllocations: [{ percent_of_contract: 10, work_category: "admin", semester: "year" }],
    });
    // contract 825; allowance 75; admin 82.5 -> allocated 320 + 75 + 82.5 = 477.5; 477.5 / 825 = 0.5788
    expect(t.allocated_hours).toBe(477.5);
    expect(t.teaching_hours).toBe(320);
    expect(t.capacity_hours).toBe(347.5);
    expect(t.band).toBe("under");
    expect(t.semester_hours).toEqual({ S1: 320 + 37.5 + 41.25, S2: 37.5 + 41.25, S3: 0 });
    expect(t.allocation_count).toBe(4);
  });
});

describe("coverage", () => {
  test("60% + 30% of an iteration-wide component is a 90% gap", () => {
    const c = iterationCoverage([], [
      { allocation_type_code: "module_leadership", basis: "iteration", share: 60 },
      { allocation_type_code: "module_leadership", basis: "iteration", share: 30 },
    ]);
    expect(c.gaps).toEqual([{ allocation_type_code: "module_leadership", group_id: null, covered_percent: 90, status: "under" }]);
  });

  test("per-group components are covered per group", () => {
    const c = iterationCoverage([{ id: "G1" }, { id: "G2" }], [{ allocation_type_code: "contact", basis: "group", group_id: "G1", share: 100 }]);
    expect(c.gaps).toEqual([{ allocation_type_code: "contact", group_id: "G2", covered_percent: 0, status: "under" }]);
    expect(c.groups_without_lecturer).toEqual(["G2"]);
  });
});

test("the histogram has 10% buckets and an open last one", () => {
  const h = utilisationHistogram([0, 0.3, 0.95, 1.0, 1.49, 1.5, 3]);
  expect(h).toHaveLength(16);
  expect(h[0].count).toBe(1);
  expect(h[3].count).toBe(1); // 0.3 lands in 30-40%, not 20-30%
  expect(h[9].count).toBe(1);
  expect(h[10].count).toBe(1);
  expect(h[14].count).toBe(1);
  expect(h[15]).toMatchObject({ label: "150%+", count: 2 });
});
