// The lecturer list stays fast at 2,000 rows: only visible rows are rendered;
// headers sort.
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { LecturerTable } from "@/features/lecturers/components/LecturerTable";
import { sortLecturers, type LecturerListRow } from "@/features/lecturers/utils/sortLecturers";
import { renderWithWorkspace } from "./renderWithWorkspace";

const rows: LecturerListRow[] = Array.from({ length: 2000 }, (_, i) => ({
  lecturerId: `l${i}`,
  profileId: `p${i}`,
  name: `Lecturer ${String(i).padStart(4, "0")}`,
  email: `l${i}@x`,
  department: i % 2 ? "Maths" : "Computing",
  team: "",
  fte: 1,
  family: "teaching_focused",
  allocated: i,
  contract: 1650,
  utilisation: i / 1650,
  band: i > 1800 ? "over" : "under",
}));

describe("LecturerTable", () => {
  test("renders a window of rows, not all 2,000", () => {
    renderWithWorkspace(<LecturerTable rows={rows} sort={{ key: "name", dir: "asc" }} onSort={() => {}} />);
    const table = screen.getByRole("table", { name: "Lecturers" });
    expect(table).toHaveAttribute("aria-rowcount", "2001");
    expect(screen.getAllByRole("row").length).toBeLessThan(100);
  });

  test("clicking a header asks to sort by it, again to reverse", async () => {
    const onSort = vi.fn();
    renderWithWorkspace(<LecturerTable rows={rows.slice(0, 5)} sort={{ key: "utilisation", dir: "asc" }} onSort={onSort} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: /Utilisation/ }));
    expect(onSort).toHaveBeenCalledWith({ key: "utilisation", dir: "desc" });
    await user.click(screen.getByRole("button", { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith({ key: "name", dir: "asc" });
  });

  test("sorting is by value with names breaking ties", () => {
    const sorted = sortLecturers(rows.slice(0, 10), { key: "allocated", dir: "desc" });
    expect(sorted[0].allocated).toBe(9);
    expect(sortLecturers(rows.slice(0, 4), { key: "department", dir: "asc" }).map((r) => r.name)).toEqual([
      "Lecturer 0000",
      "Lecturer 0002",
      "Lecturer 0001",
      "Lecturer 0003",
    ]);
  });
});
