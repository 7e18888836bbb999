// The comparison table says why a row's hours moved, and marks a module row
// that counts only the reader's own lecturers (a team reader's module of a department).
import { render, screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { YearComparisonTable } from "@/features/yearComparison/components/YearComparisonTable";
import type { ComparisonRow } from "@/features/yearComparison/hooks/useYearComparison";

const side = (hours: number, teaching: string[], extra: Partial<NonNullable<ComparisonRow["from"]>> = {}) => ({ hours, teaching, teaching_more: 0, ...extra });

test("a lecturer row lists why its hours moved", () => {
  const rows = [
    {
      by: "lecturer",
      key: "p1",
      name: "Gareth Ueda",
      department_name: "Mathematics",
      from: side(872, ["MA603-A"], { fte: 1 }),
      to: side(583.9, ["MA603-A"], { fte: 1 }),
      presence: "both",
      delta: { hours: -288.1, fte: 0 },
      changes: ["MA603-A: 572.0 h → 283.9 h (marking 306.0 h → 17.8 h; assessment Dissertation → Coursework; 102 → 107 students)"],
    },
  ] as ComparisonRow[];
  render(<YearComparisonTable rows={rows} by="lecturer" fromName="2026/27" toName="2027/28" />);
  const row = screen.getByTestId("compare-row-Gareth Ueda");
  expect(within(row).getByText("−288.1 h")).toBeTruthy();
  expect(within(row).getByRole("list", { name: "Why Gareth Ueda changed" }).textContent).toContain("assessment Dissertation → Coursework");
});

test("a module row counted for the reader's team says so", () => {
  const note = "Mathematics runs this module: its hours and teachers here are your team's lecturers' only.";
  const rows = [
    {
      by: "module",
      key: "m1",
      name: "Mathematics Theory",
      code: "MA603",
      department_name: "Mathematics",
      from: side(572, ["Gareth Ueda"], { students: 102, iterations: 1 }),
      to: side(283.9, ["Gareth Ueda"], { students: 107, iterations: 1 }),
      presence: "both",
      delta: { hours: -288.1, students: 5 },
      changes: [],
      partial: note,
    },
  ] as ComparisonRow[];
  render(<YearComparisonTable rows={rows} by="module" fromName="2026/27" toName="2027/28" />);
  expect(within(screen.getByTestId("compare-row-MA603")).getByText(note)).toBeTruthy();
});
