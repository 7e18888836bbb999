// Turning backend rows into what pages show: audit diffs and the dashboard overview.
import { describe, expect, test } from "vitest";
import { diffAudit } from "@/features/audit/utils/diffAudit";
import { normaliseOverview } from "@/features/dashboard/utils/normaliseOverview";

describe("diffAudit", () => {
  test("changed fields as old -> new, bookkeeping hidden", () => {
    const lines = diffAudit({
      _id: "x",
      entity_type: "module_allocations",
      entity_id: "a1",
      action: "update",
      old_values: JSON.stringify({ share: 60, version: 3 }),
      new_values: JSON.stringify({ share: 75, version: 4 }),
      changed_fields: ["share", "version"],
      created_at: 0,
    });
    expect(lines).toEqual([{ field: "share", before: "60", after: "75" }]);
  });
});

describe("normaliseOverview", () => {
  test("reads the server's overview and coverage gaps", () => {
    const o = normaliseOverview({
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
      team_summaries: [{ team_id: "t1", team_name: "Data", lecturer_count: 3 }],
      coverage_gaps: [
        {
          iteration_id: "i1",
          iteration_code: "CS101-A",
          module_title: "Programming",
          unallocated: false,
          gaps: [{ allocation_type_code: "contact", group_name: "Group A", covered_percent: 80, status: "under" }],
          groups_without_lecturer: [],
        },
      ],
    });
    expect(o.totals).toEqual({
      lecturerCount: 3,
      contractHours: 3000,
      allocatedHours: 2400,
      utilisation: 0.8,
      overCount: 1,
      underCount: 1,
    });
    expect(o.teams[0].team_name).toBe("Data");
    expect(o.gaps[0]).toMatchObject({ iteration_code: "CS101-A", status: "under", detail: "contact Group A 80%" });
  });
});
