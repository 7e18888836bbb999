// The department sheet's grid: frozen row headers and lecturer headers with
// their load, virtualised cells, spreadsheet keys (arrows, typing, Enter,
// Delete, Ctrl+D), a pasted tab-separated block, and read-only rows.
import { createEvent, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { SheetGrid, type SheetGridProps } from "@/features/sheet/components/SheetGrid";
import { expandSheet, type Sheet } from "@/features/sheet/hooks/useGetSheet";
import { indexAllocations, sheetRows } from "@/features/sheet/utils/sheetRows";
import { fakeId } from "./mockBackend";
import { renderWithWorkspace } from "./renderWithWorkspace";

const lecturer = (id: string, name: string, capacity = 100): Sheet["lecturers"][number] => ({
  id: fakeId(id),
  name,
  department_name: "Computing",
  team_name: "Software",
  in_view: true,
  fte: 1,
  contract_hours: 1650,
  allocated_hours: 1650 - capacity,
  capacity_hours: capacity,
  utilisation: (1650 - capacity) / 1650,
  band: capacity < 0 ? "over" : "healthy",
});
type Raw = Parameters<typeof expandSheet>[0];
const iteration = (id: string, code: string, o: Partial<Raw["iterations"][number]> = {}): Raw["iterations"][number] => ({
  id: fakeId(id),
  code,
  module_code: code.slice(0, 5),
  module_title: "Programming",
  semester: "S1",
  student_count: 40,
  department_name: "Computing",
  in_view: true,
  can_edit: true,
  read_only_reason: undefined,
  groups: [],
  allocations: [],
  ...o,
});
// As the server sends it: allocations inside their iteration, lecturer and type by index.
const sheet: Sheet = expandSheet({
  label: "Computing",
  types: [
    { id: fakeId("tLead"), code: "module_leadership", name: "Module leadership", basis: "iteration", sort_order: 5 },
    { id: fakeId("tAdmin"), code: "module_admin", name: "Module administration", basis: "iteration", sort_order: 4 },
  ],
  iterations: [
    iteration("i1", "CS101-A", {
      allocations: [
        {
          id: fakeId("a1"),
          version: 2,
          lecturer: 0,
          type: 0,
          group: undefined,
          share: 60,
          hours: 9.9,
          computed_hours: 9.9,
          hours_override: undefined,
          override_reason: undefined,
          response_status: "pending",
          response_comment: undefined,
        },
      ],
    }),
    iteration("i2", "MA101-A", { in_view: false, can_edit: false, read_only_reason: "Mathematics is outside your department.", department_name: "Mathematics" }),
  ],
  lecturers: [lecturer("l1", "Ada Lovelace"), lecturer("l2", "Alan Turing", -50)],
});

function setup(o: Partial<SheetGridProps> = {}) {
  const props: SheetGridProps = {
    rows: sheetRows(sheet, false),
    lecturers: sheet.lecturers,
    filters: { semester: "", unallocatedOnly: false, overCapacityOnly: false },
    cells: indexAllocations(sheet.allocations),
    pending: new Map(),
    warnings: new Map(),
    othersEditing: new Map(),
    canEdit: true,
    onCommit: vi.fn(),
    onBlock: vi.fn(),
    onUndo: vi.fn(),
    onActiveChange: vi.fn(),
    height: 600,
    ...o,
  };
  renderWithWorkspace(<SheetGrid {...props} />);
  return { props, grid: screen.getByRole("grid", { name: "Department sheet" }) };
}

// jsdom lays nothing out: give the grid a browser-sized box so the virtualiser draws a screenful.
const sizes = { clientWidth: 1200, clientHeight: 600 };
const saved: Partial<Record<keyof typeof sizes, PropertyDescriptor | undefined>> = {};
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    saved[key] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, key);
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  for (const key of Object.keys(sizes) as (keyof typeof sizes)[]) {
    if (saved[key]) Object.defineProperty(HTMLElement.prototype, key, saved[key]!);
  }
});

const cell = (r: number, c: number) => document.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`)!;

describe("SheetGrid", () => {
  test("shows iterations and components down the side, lecturers with their load across the top, hours and shares in the cells", () => {
    const { grid } = setup();
    expect(within(grid).getAllByRole("rowheader").map((h) => h.textContent)).toContain("CS101-A");
    expect(within(grid).getByText("Ada Lovelace")).toBeInTheDocument();
    expect(within(grid).getAllByTestId("lecturer-utilisation").map((u) => u.textContent)).toEqual(["94%", "103%"]);
    expect(cell(0, 0)).toHaveTextContent("60%9.9h");
    expect(cell(0, 0)).toHaveAccessibleName("CS101-A Module leadership, Ada Lovelace: 60%, 9.9h");
    // Another department's iteration its lecturer teaches: read-only, with the reason.
    expect(cell(2, 0)).toHaveAttribute("aria-readonly", "true");
    expect(cell(2, 0)).toHaveAccessibleName(/read-only: Mathematics is outside your department\.$/);
  });

  test("arrows move the active cell; typing edits it and Enter saves against what the sheet showed", async () => {
    const { props, grid } = setup();
    const user = userEvent.setup();
    grid.focus();
    expect(grid).toHaveAttribute("aria-activedescendant", cell(0, 0).id);
    await user.keyboard("{ArrowDown}");
    expect(grid).toHaveAttribute("aria-activedescendant", cell(1, 0).id);
    await user.keyboard("4");
    const input = within(cell(1, 0)).getByRole("textbox");
    await user.type(input, "0{Enter}");
    expect(props.onCommit).toHaveBeenCalledWith(expect.objectContaining({ id: "i1:tAdmin:all" }), sheet.lecturers[0], "40", null);
    expect(grid).toHaveAttribute("aria-activedescendant", cell(2, 0).id);
  });

  test("a read-only row cannot be edited; Delete empties an editable cell", async () => {
    const { props, grid } = setup();
    const user = userEvent.setup();
    grid.focus();
    await user.keyboard("{Delete}");
    expect(props.onCommit).toHaveBeenCalledWith(expect.objectContaining({ id: "i1:tLead:all" }), sheet.lecturers[0], "", sheet.allocations[0]);
    await user.keyboard("{ArrowDown}{ArrowDown}5");
    expect(within(cell(2, 0)).queryByRole("textbox")).toBeNull();
  });

  test("a block pasted from a spreadsheet goes to the preview from the active cell", () => {
    const { props, grid } = setup();
    grid.focus();
    fireEvent.keyDown(grid, { key: "ArrowRight" });
    const paste = createEvent.paste(grid, { clipboardData: { getData: () => "25\t\r\n12h\t\r\n" } });
    fireEvent(grid, paste);
    expect(props.onBlock).toHaveBeenCalledWith("paste", [["25", ""], ["12h", ""]], { r: 0, c: 1 }, expect.any(Array), expect.any(Array));
  });

  test("Shift+arrows select and Ctrl+D fills the top cell down", () => {
    const { props, grid } = setup();
    grid.focus();
    fireEvent.keyDown(grid, { key: "ArrowDown", shiftKey: true });
    fireEvent.keyDown(grid, { key: "d", ctrlKey: true });
    expect(props.onBlock).toHaveBeenCalledWith("fill", [["60"]], { r: 1, c: 0 }, expect.any(Array), expect.any(Array));
  });

  test("filters: only lecturers over capacity, only components not fully allocated", () => {
    setup({ filters: { semester: "", unallocatedOnly: true, overCapacityOnly: true } });
    expect(screen.queryByText("Ada Lovelace")).toBeNull();
    expect(screen.getByText("Alan Turing")).toBeInTheDocument();
    // CS101-A leadership is 60% covered, so it stays; every row shown is under 100%.
    expect(screen.getAllByRole("row")).toHaveLength(1 + 4);
  });
});
