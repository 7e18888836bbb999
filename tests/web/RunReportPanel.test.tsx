// The Reports page's "run now" panel: the year comparison asks which year to
// set beside the selected one and sends it as the report's compare_year_id.
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { RunReportPanel } from "@/features/reports/components/RunReportPanel";
import { renderWithWorkspace } from "./renderWithWorkspace";

vi.mock("convex/react", () => ({ useQuery: () => undefined, useMutation: () => async () => null }));

const KINDS = [
  { kind: "workload_summary" as const, label: "Workload summary", formats: ["pdf", "xlsx", "csv"] as ("pdf" | "xlsx" | "csv")[], columns: [] },
  { kind: "year_comparison" as const, label: "Year comparison", formats: ["pdf", "xlsx", "csv"] as ("pdf" | "xlsx" | "csv")[], columns: [] },
];

describe("RunReportPanel", () => {
  test("a year comparison of the planning year, set beside the year the reader picks", async () => {
    const run = vi.fn(async () => "r1");
    renderWithWorkspace(<RunReportPanel kinds={KINDS} run={run} />, { academicYearId: "y2" });
    expect(screen.queryByLabelText("Compare with")).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Report kind"), "year_comparison");
    const compare = screen.getByLabelText("Compare with");
    // The selected year is not offered against itself.
    expect([...(compare as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(["The current year (or the planning year after it)", "2026/27"]);
    await userEvent.selectOptions(compare, "y1");
    await userEvent.click(screen.getByRole("button", { name: "Run report" }));
    expect(run).toHaveBeenCalledWith({ kind: "year_comparison", formats: ["xlsx", "pdf"], filters: { department_id: undefined, academic_year_id: "y2", compare_year_id: "y1" } });
  });

  test("other kinds send no comparison year", async () => {
    const run = vi.fn(async () => "r1");
    renderWithWorkspace(<RunReportPanel kinds={KINDS} run={run} />);
    await userEvent.click(screen.getByRole("button", { name: "Run report" }));
    expect(run).toHaveBeenCalledWith({ kind: "workload_summary", formats: ["xlsx", "pdf"], filters: { department_id: undefined, academic_year_id: "y1", compare_year_id: undefined } });
  });
});
