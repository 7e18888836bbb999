// The allocation editor against a mocked backend: a stale save opens the
// conflict dialog with both values and "Use mine" retries on the current
// version; undo puts one's own last change back; presence marks cells.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { getFunctionName } from "convex/server";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { AllocationEditor } from "@/features/allocations/components/AllocationEditor";
import { grant, renderWithWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({
  data: {} as Record<string, unknown>,
  mutations: {} as Record<string, (...args: unknown[]) => Promise<unknown>>,
}));

vi.mock("convex/react", () => ({
  useQuery: (ref: unknown, args: unknown) => (args === "skip" ? undefined : backend.data[getFunctionName(ref as never)]),
  useMutation: (ref: unknown) => {
    const name = getFunctionName(ref as never);
    return (...a: unknown[]) => (backend.mutations[name] ?? (async () => null))(...a);
  },
  usePaginatedQuery: () => ({ results: [], status: "Exhausted", loadMore: () => {} }),
}));

const allocation = {
  id: "a1",
  version: 3,
  module_iteration_id: "it1",
  lecturer_id: "l1",
  lecturer_name: "Ada Lovelace",
  allocation_type_id: "tLead",
  share: 60,
  first_time: false,
  computed_hours: 12,
  hours: 12,
  response_status: "pending",
};

beforeEach(() => {
  sessionStorage.clear();
  backend.data = {
    "delivery/iterations:all": [
      { _id: "it1", module_id: "m1", code: "CS101-A", semester: "S1", student_count: 40, intakes: 1, version: 1 },
    ],
    "curriculum/modules:all": [{ _id: "m1", code: "CS101", title: "Programming", credits: 20, level: 4, default_semester: "S1" }],
    "reference/allocationTypes:all": [
      {
        _id: "tLead",
        code: "module_leadership",
        name: "Module leadership",
        work_category: "leadership",
        basis: "iteration",
        sort_order: 5,
      },
    ],
    "delivery/groups:all": [],
    "staff/lecturers:all": [{ _id: "l1", profile_id: "p1", fte: 1, contract_family: "teaching_focused", version: 1 }],
    "staff/lecturerProfiles:all": [
      {
        _id: "p1",
        full_name: "Ada Lovelace",
        first_name: "Ada",
        last_name: "Lovelace",
        email: "ada@x",
        default_contract_family: "teaching_focused",
        default_fte: 1,
      },
    ],
    "workload/dashboard:lecturers": [{ lecturer_id: "l1", utilisation: 0.5, band: "under", allocated_hours: 800, contract_hours: 1650 }],
    "workload/allocations:listForIteration": [allocation],
    "collaboration/presence:list": [{ userId: "u2", name: "Paul Planner", moduleIterationId: "it1", lastHeartbeat: Date.now() }],
  };
  backend.mutations = {};
});

function renderEditor() {
  return renderWithWorkspace(<AllocationEditor iterationId="it1" />, { permissions: grant("allocations.view", "allocations.edit") });
}

async function typeInto(cellTestId: string, value: string) {
  const user = userEvent.setup();
  const cell = screen.getByTestId(cellTestId);
  cell.focus();
  await user.keyboard("{Enter}");
  const input = within(cell).getByRole("textbox");
  await user.clear(input);
  await user.type(input, `${value}{Enter}`);
  return user;
}

describe("AllocationEditor", () => {
  test("shows the iteration, its lecturer's year load and who else is here", () => {
    renderEditor();
    expect(screen.getByTestId("iteration-code")).toHaveTextContent("CS101-A");
    expect(screen.getByTestId("cell-tLead:all-l1")).toHaveTextContent("60%");
    expect(screen.getByText("50%")).toBeInTheDocument();
    expect(screen.getAllByLabelText(/Paul Planner/).length).toBeGreaterThan(0);
  });

  test("a stale save shows both values and 'Use mine' saves over the current version", async () => {
    const update = vi
      .fn()
      .mockRejectedValueOnce(
        new ConvexError({
          code: "CONFLICT",
          message: "Someone else changed this allocation",
          currentVersion: 4,
          current: { ...allocation, share: 80, version: 4 },
        }),
      )
      .mockResolvedValueOnce({ id: "a1", version: 5, hours: 15, computed_hours: 15, warnings: [] });
    backend.mutations["workload/allocations:update"] = update;
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "75");
    const dialog = await screen.findByTestId("conflict-dialog");
    expect(within(dialog).getByTestId("conflict-theirs")).toHaveTextContent("80% share");
    expect(within(dialog).getByTestId("conflict-mine")).toHaveTextContent("75% share");
    expect(update).toHaveBeenLastCalledWith(expect.objectContaining({ allocationId: "a1", expectedVersion: 3, share: 75 }));
    await user.click(screen.getByRole("button", { name: "Use mine" }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(expect.objectContaining({ allocationId: "a1", expectedVersion: 4, share: 75 }));
  });

  test("undo puts one's own last change back, against the version it produced", async () => {
    const update = vi
      .fn()
      .mockResolvedValueOnce({
        id: "a1",
        version: 4,
        hours: 15,
        computed_hours: 15,
        warnings: [{ code: "over_capacity", message: "Ada is over capacity" }],
      })
      .mockResolvedValueOnce({ id: "a1", version: 5, hours: 12, computed_hours: 12, warnings: [] });
    backend.mutations["workload/allocations:update"] = update;
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "75");
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(await screen.findByText("Saved with a warning")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Undo/ }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(expect.objectContaining({ allocationId: "a1", expectedVersion: 4, share: 60 }));
  });

  test("an hours override is saved with the reason the planner gives", async () => {
    const update = vi.fn().mockResolvedValue({ id: "a1", version: 4, hours: 20, computed_hours: 12, warnings: [] });
    backend.mutations["workload/allocations:update"] = update;
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "20h");
    const prompt = await screen.findByTestId("override-reason-prompt");
    await user.type(within(prompt).getByRole("textbox", { name: "Reason for the override" }), "New module lead needs time");
    await user.click(within(prompt).getByRole("button", { name: "Save override" }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({
        allocationId: "a1",
        expectedVersion: 3,
        share: 60,
        hoursOverride: 20,
        overrideReason: "New module lead needs time",
      }),
    );
  });

  test("Escape in the reason prompt saves nothing", async () => {
    const update = vi.fn();
    const create = vi.fn();
    backend.mutations["workload/allocations:update"] = update;
    backend.mutations["workload/allocations:create"] = create;
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "20h");
    await screen.findByTestId("override-reason-prompt");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    expect(screen.getByTestId("cell-tLead:all-l1")).toHaveTextContent("60%");
    expect(update).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
  });

  test("a plain share clears the override without a reason, and undo restores the override with its reason", async () => {
    backend.data["workload/allocations:listForIteration"] = [
      { ...allocation, hours_override: 20, override_reason: "Agreed with the HoD", hours: 20 },
    ];
    const update = vi
      .fn()
      .mockResolvedValueOnce({ id: "a1", version: 4, hours: 12, computed_hours: 12, warnings: [] })
      .mockResolvedValueOnce({ id: "a1", version: 5, hours: 20, computed_hours: 12, warnings: [] });
    backend.mutations["workload/allocations:update"] = update;
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "60");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0][0]).toMatchObject({ allocationId: "a1", expectedVersion: 3, share: 60, hoursOverride: null });
    expect(update.mock.calls[0][0]).not.toHaveProperty("overrideReason");
    await user.click(screen.getByRole("button", { name: /Undo/ }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(
      expect.objectContaining({ expectedVersion: 4, share: 60, hoursOverride: 20, overrideReason: "Agreed with the HoD" }),
    );
  });

  test("re-typing an unchanged override keeps its reason without asking", async () => {
    backend.data["workload/allocations:listForIteration"] = [
      { ...allocation, hours_override: 20, override_reason: "Agreed with the HoD", hours: 20 },
    ];
    const update = vi.fn().mockResolvedValue({ id: "a1", version: 4, hours: 20, computed_hours: 12, warnings: [] });
    backend.mutations["workload/allocations:update"] = update;
    renderEditor();
    await typeInto("cell-tLead:all-l1", "20 h");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update).toHaveBeenCalledWith(expect.objectContaining({ hoursOverride: 20, overrideReason: "Agreed with the HoD" }));
  });

  test("'Use mine' after a conflict sends the override's reason again", async () => {
    const update = vi
      .fn()
      .mockRejectedValueOnce(
        new ConvexError({
          code: "CONFLICT",
          message: "Someone else changed this allocation",
          currentVersion: 4,
          current: { ...allocation, share: 80, version: 4 },
        }),
      )
      .mockResolvedValueOnce({ id: "a1", version: 5, hours: 20, computed_hours: 15, warnings: [] });
    backend.mutations["workload/allocations:update"] = update;
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "20h");
    const prompt = await screen.findByTestId("override-reason-prompt");
    await user.type(within(prompt).getByRole("textbox"), "Extra marking{Enter}");
    const dialog = await screen.findByTestId("conflict-dialog");
    expect(within(dialog).getByTestId("conflict-mine")).toHaveTextContent("20h (override: Extra marking)");
    await user.click(screen.getByRole("button", { name: "Use mine" }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(
      expect.objectContaining({ expectedVersion: 4, hoursOverride: 20, overrideReason: "Extra marking" }),
    );
  });

  test("the explain popover shows an override's reason", async () => {
    backend.data["workload/allocations:listForIteration"] = [
      { ...allocation, hours_override: 20, override_reason: "Agreed with the HoD", hours: 20 },
    ];
    backend.data["workload/explain:explainAllocation"] = {
      allocation_id: "a1",
      lecturer: { id: "l1", name: "Ada Lovelace" },
      rule: { name: "Module leadership", formula: "credits * 0.6", rounding: "nearest", rounding_step: 1 },
      variables: [],
      formula_result: 12,
      after_min_max: 12,
      computed_hours: 12,
      override: { hours: 20, reason: "Agreed with the HoD" },
      hours: 20,
      notes: [],
    };
    renderEditor();
    await userEvent.setup().click(screen.getByRole("button", { name: "Explain 20h" }));
    expect(await screen.findByTestId("override-reason")).toHaveTextContent("Override reason: Agreed with the HoD");
  });

  test("clearing a cell removes the allocation with the version seen", async () => {
    const remove = vi.fn().mockResolvedValue({ id: "a1", version: 4 });
    backend.mutations["workload/allocations:remove"] = remove;
    renderEditor();
    const user = userEvent.setup();
    screen.getByTestId("cell-tLead:all-l1").focus();
    await user.keyboard("{Delete}");
    await waitFor(() => expect(remove).toHaveBeenCalledWith(expect.objectContaining({ allocationId: "a1", expectedVersion: 3 })));
  });

  test("viewers without allocations.edit see the grid read-only, without undo or add", () => {
    renderWithWorkspace(<AllocationEditor iterationId="it1" />, { permissions: grant("allocations.view") });
    expect(screen.queryByRole("button", { name: /Undo/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Add lecturer/ })).toBeNull();
    expect(screen.getByTestId("cell-tLead:all-l1")).toHaveAttribute("aria-readonly", "true");
  });

  test("unused per-group rows stay folded away until asked for", async () => {
    backend.data["reference/allocationTypes:all"] = [
      { _id: "tContact", code: "contact", name: "Contact teaching", work_category: "teaching", basis: "group", sort_order: 1 },
    ];
    backend.data["delivery/groups:all"] = [
      { _id: "gA", module_iteration_id: "it1", name: "Group A", student_count: 20 },
      { _id: "gB", module_iteration_id: "it1", name: "Group B", student_count: 20 },
    ];
    backend.data["workload/allocations:listForIteration"] = [{ ...allocation, allocation_type_id: "tContact", group_id: "gB" }];
    renderEditor();
    expect(screen.getByText("Group B (20)")).toBeInTheDocument();
    expect(screen.queryByText("Group A (20)")).toBeNull();
    await userEvent.setup().click(screen.getByRole("button", { name: "Show group rows (1)" }));
    expect(screen.getByText("Group A (20)")).toBeInTheDocument();
  });
});
