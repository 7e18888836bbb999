// The allocation grid: keyboard navigation, inline editing against the
// version seen when editing began, undo, and marks for cells others edit.
import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { AllocationGrid, type AllocationGridProps } from "@/features/allocations/components/AllocationGrid";
import { cellKey } from "@/features/allocations/utils/cellKey";
import { gridRows } from "@/features/allocations/utils/gridRows";
import { allocationType, allocationView, group } from "./fixtures";
import { fakeId } from "./mockBackend";
import { renderWithWorkspace } from "./renderWithWorkspace";

const types = [
  allocationType({ _id: fakeId("tContact"), code: "contact", name: "Contact teaching", work_category: "teaching", basis: "group", sort_order: 1 }),
  allocationType(),
];
const groups = [group()];
const lecturers = [
  { _id: "l1", full_name: "Ada Lovelace" },
  { _id: "l2", full_name: "Alan Turing" },
];
const allocation = allocationView({ allocation_type_id: fakeId("tContact"), share: 60, computed_hours: 24, hours: 24 });

function setup(overrides: Partial<AllocationGridProps> = {}) {
  const props: AllocationGridProps = {
    rows: gridRows(types, groups),
    lecturers,
    cells: new Map([[cellKey("tContact", null, "l1"), allocation]]),
    pending: new Map(),
    warnings: new Map(),
    othersEditing: new Map(),
    canEdit: true,
    onCommit: vi.fn(),
    onEditingChange: vi.fn(),
    onUndo: vi.fn(),
    ...overrides,
  };
  renderWithWorkspace(<AllocationGrid {...props} />);
  return props;
}

describe("AllocationGrid", () => {
  test("shows components (with groups) against lecturers, with share, hours and coverage", () => {
    setup();
    const grid = screen.getByRole("grid", { name: "Allocations" });
    expect(within(grid).getByText("Ada Lovelace")).toBeInTheDocument();
    expect(within(grid).getByText("Group A (25)")).toBeInTheDocument();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    expect(cell).toHaveTextContent("60%");
    expect(within(cell).getByRole("button", { name: "Explain 24h" })).toBeInTheDocument();
    expect(screen.getByTestId("column-total-l1")).toHaveTextContent("24h");
  });

  test("Enter edits a cell and saves against the allocation as it was when editing began", async () => {
    const props = setup();
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    cell.focus();
    await user.keyboard("{Enter}");
    const input = within(cell).getByRole("textbox");
    expect(input).toHaveValue("60");
    await user.clear(input);
    await user.type(input, "75{Enter}");
    expect(props.onCommit).toHaveBeenCalledWith(
      cellKey("tContact", null, "l1"),
      expect.objectContaining({ key: "tContact:all" }),
      "l1",
      "75",
      allocation,
    );
  });

  test("arrow keys move between cells and typing a digit starts editing an empty cell", async () => {
    const props = setup();
    const user = userEvent.setup();
    screen.getByTestId("cell-tContact:all-l1").focus();
    await user.keyboard("{ArrowRight}");
    await vi.waitFor(() => expect(screen.getByTestId("cell-tContact:all-l2")).toHaveFocus());
    await user.keyboard("4");
    const input = within(screen.getByTestId("cell-tContact:all-l2")).getByRole("textbox");
    await user.type(input, "0{Enter}");
    expect(props.onCommit).toHaveBeenCalledWith(cellKey("tContact", null, "l2"), expect.anything(), "l2", "40", null);
  });

  test("Escape cancels an edit without saving; Ctrl+Z asks to undo", async () => {
    const props = setup();
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    cell.focus();
    await user.keyboard("{Enter}");
    await user.keyboard("{Escape}");
    expect(props.onCommit).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByTestId("cell-tContact:all-l1"), { key: "z", ctrlKey: true });
    expect(props.onUndo).toHaveBeenCalled();
  });

  test("typing hours asks for the override's reason; Save waits for one and sends it", async () => {
    const props = setup();
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    cell.focus();
    await user.keyboard("{Enter}");
    const input = within(cell).getByRole("textbox");
    await user.clear(input);
    await user.type(input, "12h{Enter}");
    const prompt = await screen.findByRole("dialog", { name: "Override to 12h" });
    expect(props.onCommit).not.toHaveBeenCalled();
    const reason = within(prompt).getByRole("textbox", { name: "Reason for the override" });
    await vi.waitFor(() => expect(reason).toHaveFocus());
    expect(within(prompt).getByRole("button", { name: "Save override" })).toBeDisabled();
    expect(within(prompt).getByText(/A reason is required/)).toBeInTheDocument();
    await user.keyboard("   {Enter}");
    expect(props.onCommit).not.toHaveBeenCalled();
    await user.type(reason, "Marking load agreed with the HoD{Enter}");
    expect(props.onCommit).toHaveBeenCalledTimes(1);
    expect(props.onCommit).toHaveBeenCalledWith(
      cellKey("tContact", null, "l1"),
      expect.objectContaining({ key: "tContact:all" }),
      "l1",
      "12h",
      allocation,
      "Marking load agreed with the HoD",
    );
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
  });

  test("Escape in the reason prompt cancels the edit, restores the cell and saves nothing", async () => {
    const props = setup();
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    cell.focus();
    await user.keyboard("{Enter}");
    const input = within(cell).getByRole("textbox");
    await user.clear(input);
    await user.type(input, "12h{Enter}");
    const prompt = await screen.findByTestId("override-reason-prompt");
    await user.type(within(prompt).getByRole("textbox"), "half a reason");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    expect(props.onCommit).not.toHaveBeenCalled();
    expect(cell).toHaveTextContent("60%");
    expect(within(cell).queryByRole("textbox")).toBeNull();
    await vi.waitFor(() => expect(cell).toHaveFocus());
  });

  test("a plain share over an override clears it without asking; an unchanged override is not asked again", async () => {
    const overridden = { ...allocation, hours_override: 12, override_reason: "Agreed", hours: 12 };
    const props = setup({ cells: new Map([[cellKey("tContact", null, "l1"), overridden]]) });
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    cell.focus();
    await user.keyboard("{Enter}");
    const input = within(cell).getByRole("textbox");
    expect(input).toHaveValue("12h");
    await user.clear(input);
    await user.type(input, "12 h{Enter}");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    expect(props.onCommit).toHaveBeenLastCalledWith(expect.any(String), expect.anything(), "l1", "12 h", overridden);
    await vi.waitFor(() => expect(screen.getByTestId("cell-tContact:gA-l1")).toHaveFocus());
    cell.focus();
    await user.keyboard("{Enter}");
    const again = within(cell).getByRole("textbox");
    await user.clear(again);
    await user.type(again, "50{Enter}");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    expect(props.onCommit).toHaveBeenLastCalledWith(expect.any(String), expect.anything(), "l1", "50", overridden);
  });

  test("a cell someone else is editing is marked with their name", () => {
    setup({ othersEditing: new Map([[cellKey("tLead", null, "l2"), "Paul Planner"]]) });
    const cell = screen.getByTestId("cell-tLead:all-l2");
    expect(within(cell).getByTestId("editing-marker")).toHaveTextContent("Paul Planner");
    expect(cell).toHaveAccessibleName(/being edited by Paul Planner/);
  });

  test("read-only viewers cannot start editing", async () => {
    const props = setup({ canEdit: false });
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l1");
    cell.focus();
    await user.keyboard("{Enter}");
    expect(within(cell).queryByRole("textbox")).toBeNull();
    expect(props.onCommit).not.toHaveBeenCalled();
  });

  test("an iteration outside the planner's department is read-only and says why", async () => {
    const props = setup({ canEdit: false, readOnlyReason: "Mathematics is outside your department." });
    const user = userEvent.setup();
    const cell = screen.getByTestId("cell-tContact:all-l2");
    expect(cell).toHaveAttribute("aria-readonly", "true");
    expect(cell).toHaveAttribute("title", "Mathematics is outside your department.");
    cell.focus();
    await user.keyboard("5");
    expect(within(cell).queryByRole("textbox")).toBeNull();
    expect(props.onCommit).not.toHaveBeenCalled();
  });
});
