// Turning backend rows into what pages show: the dashboard overview, and a pasted block laid over the sheet.
import { describe, expect, test } from "vitest";
import { buildOverview } from "@/features/dashboard/utils/buildOverview";
import { parseClipboard } from "@/features/sheet/utils/parseClipboard";
import { fakeId } from "./mockBackend";

describe("buildOverview", () => {
  test("reads the server's overview and coverage gaps", () => {
    const o = buildOverview(
      {
        lecturer_count: 3,
        total_contract_hours: 3000,
        total_allocated_hours: 2400,
        utilisation: 0.8,
        band_counts: [
          { band: "under", count: 1 },
          { band: "healthy", count: 1 },
          { band: "over", count: 1 },
          { band: "critical", count: 0 },
        ],
        histogram: [{ from: 0, to: 0.1, label: "0%–10%", count: 1 }],
        top_over: [],
        top_under: [],
        team_summaries: [
          {
            team_id: fakeId("t1"),
            team_name: "Data",
            department_id: undefined,
            lecturer_count: 3,
            total_fte: 3,
            total_contract_hours: 3000,
            total_allocated_hours: 2400,
            total_teaching_hours: 1200,
            over_count: 1,
            under_count: 1,
            utilisation: 0.8,
          },
        ],
      },
      [
        {
          iteration_id: fakeId("i1"),
          iteration_code: "CS101-A",
          module_title: "Programming",
          unallocated: false,
          gaps: [{ allocation_type_code: "contact", group_id: "g1", group_name: "Group A", covered_percent: 80, status: "under" }],
          groups_without_lecturer: [],
        },
      ],
    );
    expect(o.totals).toEqual({ lecturerCount: 3, contractHours: 3000, allocatedHours: 2400, utilisation: 0.8, overCount: 1, underCount: 1 });
    expect(o.teams[0].team_name).toBe("Data");
    expect(o.gaps[0]).toMatchObject({ iteration_code: "CS101-A", status: "under", detail: "contact Group A 80%" });
  });
});

describe("parseClipboard", () => {
  test("a block copied from Excel or LibreOffice: tabs between cells, a line per row, quoted cells, trailing newline", () => {
    expect(parseClipboard("50\t12h\r\n\t25\r\n")).toEqual([
      ["50", "12h"],
      ["", "25"],
    ]);
    expect(parseClipboard('"40"\t" 10 h "\n')).toEqual([["40", "10 h"]]);
    expect(parseClipboard("")).toEqual([]);
  });
});
