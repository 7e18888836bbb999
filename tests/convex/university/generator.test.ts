/**
 * The university generator on its own (no database): the same size always
 * gives the same rows; each size has the counts the README promises (XL:
 * 2,000 lecturers, 8,000 iterations, 40,000 allocations); the large sizes
 * have the spreads and planning state of a real university.
 */
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  describeUniversity,
  generateUniversity,
  MAX_TIMES,
  SIZE_NAMES,
  SIZES,
  times,
  type GeneratedUniversity,
  type SizeSpec,
} from "../../../convex/lib/generator";

const digest = (u: GeneratedUniversity) => createHash("sha256").update(JSON.stringify(u)).digest("hex");
/** Each size generated once for the whole file (XL takes seconds). */
const generated = new Map<string, GeneratedUniversity>();
const once = (spec: SizeSpec) => generated.get(spec.name) ?? generated.set(spec.name, generateUniversity(spec)).get(spec.name)!;

describe("generator", () => {
  test.each(SIZE_NAMES)("size %s is the same university every time", (size) => {
    expect(digest(generateUniversity(SIZES[size]))).toBe(digest(once(SIZES[size])));
  }, 60_000);

  test("counts of every size, from the generator alone", () => {
    const counts = Object.fromEntries(
      [...SIZE_NAMES.map((s) => SIZES[s]), times(2), times(4)].map((spec) => {
        const d = describeUniversity(once(spec));
        const a = d.active_year;
        return [spec.name, [a.lecturers, a.iterations, a.allocations, d.rows.module_iteration_groups, d.rows.admin_allocations, d.documents]];
      }),
    );
    // lecturers, active iterations, active allocations, groups (both years), admin roles, rows written
    expect(counts).toEqual({
      small: [24, 24, 132, 82, 0, 531],
      S: [120, 300, 1848, 1268, 0, 5653],
      "2x": [240, 600, 3762, 2542, 0, 11357],
      "4x": [480, 1200, 7593, 5160, 0, 22834],
      M: [500, 2025, 10598, 6164, 418, 30780],
      L: [1000, 4011, 20877, 12173, 776, 60620],
      XL: [2000, 7989, 41642, 24264, 1465, 120712],
    });
  }, 60_000);

  test("times(k) is k demos side by side: times(1) is the demo itself", () => {
    const demo = once(SIZES.S);
    const single = generateUniversity(times(1));
    expect({ ...single, size: demo.size }).toEqual(demo);
    expect(times(MAX_TIMES).departments).toBe(36);
    expect(() => times(MAX_TIMES + 1)).toThrow(/whole number from 1 to 6/);
  }, 60_000);
});

describe("XL looks like a large university", () => {
  const u = once(SIZES.XL);
  const d = describeUniversity(u);
  const active = u.modules.flatMap((m) => m.iterations.filter((i) => i.year === "active").map((i) => ({ module: m, iteration: i })));

  test("the issue's size: 2,000 lecturers, about 8,000 iterations and 40,000 allocations in the year", () => {
    expect(d.active_year.lecturers).toBe(2000);
    expect(Math.abs(d.active_year.iterations - 8000)).toBeLessThan(80);
    expect(Math.abs(d.active_year.allocations - 40000)).toBeLessThan(2500);
  }, 60_000);

  test("spreads of FTE, contract families, credits, students and groups", () => {
    expect(new Set(u.lecturers.map((l) => l.fte)).size).toBeGreaterThanOrEqual(7);
    expect(new Set(u.lecturers.map((l) => l.contract_family))).toEqual(new Set(["teaching_and_research", "teaching_focused", "research_focused", "practitioner"]));
    expect(new Set(u.modules.map((m) => m.credits))).toEqual(new Set([15, 20, 30, 40]));
    const students = active.map((a) => a.iteration.student_count);
    expect(Math.min(...students)).toBeLessThanOrEqual(8);
    expect(Math.max(...students)).toBeGreaterThanOrEqual(200);
    const groups = new Set(active.map((a) => a.iteration.groups.length));
    expect([1, 2, 3, 4].every((n) => groups.has(n))).toBe(true);
    // Second runs at the other campus, in the other semester.
    const reruns = active.filter((a) => a.iteration.code.endsWith("-B"));
    expect(reruns.length).toBeGreaterThan(2500);
  }, 60_000);

  test("shared teaching with uneven shares; leaders take leadership and administration whole", () => {
    const contact = active.map((a) => a.iteration.allocations.filter((x) => x.type === "contact").map((x) => x.share));
    const shared = contact.filter((shares) => shares.length > 1);
    expect(shared.length).toBe(d.active_year.co_taught_iterations);
    expect(shared.some((s) => s[0] === 70 && s[1] === 30)).toBe(true);
    expect(shared.some((s) => s.length === 2 && s[0] === 50 && s[1] === 50)).toBe(true);
    for (const { iteration } of active) {
      for (const x of iteration.allocations.filter((x) => x.type === "module_leadership" || x.type === "module_admin")) expect(x.share).toBe(100);
    }
  }, 60_000);

  test("a real planning state: mostly healthy, some over and under, some gaps and unstaffed iterations", () => {
    const { bands, over, under, iterations_with_gaps, iterations_unstaffed, utilisation } = d.active_year;
    expect(utilisation).toBeGreaterThan(0.8);
    expect(utilisation).toBeLessThan(1);
    expect(bands.healthy + bands.near).toBeGreaterThan(over);
    expect(over).toBeGreaterThan(200);
    expect(under).toBeGreaterThan(200);
    expect(iterations_unstaffed).toBeGreaterThan(100);
    expect(iterations_with_gaps).toBeGreaterThan(iterations_unstaffed);
  }, 60_000);

  test("staff on sabbatical are given nothing; January starters have a part-year contract; everyone teaches in their department", () => {
    const byKey = new Map(u.lecturers.map((l) => [l.key, l]));
    const away = u.lecturers.filter((l) => l.status === "sabbatical");
    expect(away.length).toBeGreaterThan(20);
    expect(u.lecturers.filter((l) => l.contract_start === "2027-01-01").length).toBeGreaterThan(40);
    for (const { module, iteration } of active) {
      for (const a of iteration.allocations) {
        expect(byKey.get(a.lecturer)!.status).toBe("active");
        expect(byKey.get(a.lecturer)!.department).toBe(module.department);
      }
    }
    expect(new Set(u.lecturers.flatMap((l) => l.admin.map((a) => a.category)))).toEqual(
      new Set(["programme_leader", "admissions_tutor", "exams_officer", "personal_tutoring", "phd_supervision"]),
    );
    // Distinct names and addresses.
    expect(new Set(u.lecturers.map((l) => l.full_name)).size).toBe(2000);
    expect(new Set(u.lecturers.map((l) => l.email)).size).toBe(2000);
  }, 60_000);
});
