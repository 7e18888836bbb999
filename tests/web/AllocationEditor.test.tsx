// The allocation editor against a mocked backend: a stale save opens the
// conflict dialog with both values and "Use mine" retries on the current
// version; undo puts one's own last change back; presence marks cells.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "@/lib/api";
import { AllocationEditor } from "@/features/allocations/components/AllocationEditor";
import { allocationType, allocationView, group, iteration, iterationAllocations, lecturer, lecturerProfile, moduleRow, presence, totalsRow, writeResult } from "./fixtures";
import { emptyBackend, fakeId, onMutation, resetBackend, setQuery, type MutationMock } from "./mockBackend";
import { grant, renderWithWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as ReturnType<typeof emptyBackend>);
vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));

const allocation = allocationView();

beforeEach(() => {
  sessionStorage.clear();
  resetBackend(backend);
  setQuery(backend, api.delivery.iterations.all, [iteration()]);
  setQuery(backend, api.curriculum.modules.all, [moduleRow()]);
  setQuery(backend, api.reference.allocationTypes.all, [allocationType()]);
  setQuery(backend, api.delivery.groups.all, []);
  setQuery(backend, api.staff.lecturers.all, [lecturer()]);
  setQuery(backend, api.staff.lecturerProfiles.all, [lecturerProfile()]);
  setQuery(backend, api.workload.dashboard.lecturers, [totalsRow()]);
  setQuery(backend, api.workload.allocations.listForIteration, iterationAllocations([allocation]));
  setQuery(backend, api.workload.dashboard.coverageGaps, []);
  setQuery(backend, api.collaboration.presence.list, [presence({ moduleIterationId: fakeId("it1") })]);
});

function renderEditor() {
  return renderWithWorkspace(<AllocationEditor iterationId="it1" />, { permissions: grant("allocations.view", "allocations.edit") });
}

/** The editor's update mutation, typed: a renamed argument or result field fails the type check. */
const mockUpdate = () => vi.fn<MutationMock<typeof api.workload.allocations.update>>();

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
    const update = mockUpdate()
      .mockRejectedValueOnce(
        new ConvexError({
          code: "CONFLICT",
          message: "Someone else changed this allocation",
          currentVersion: 4,
          current: { ...allocation, share: 80, version: 4 },
        }),
      )
      .mockResolvedValueOnce(writeResult({ version: 5, hours: 15, computed_hours: 15 }));
    onMutation(backend, api.workload.allocations.update, update);
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
    const update = mockUpdate()
      .mockResolvedValueOnce(writeResult({ share: 75, hours: 15, computed_hours: 15, warnings: [{ code: "OVER_CAPACITY", message: "Ada is over capacity" }] }))
      .mockResolvedValueOnce(writeResult({ version: 5 }));
    onMutation(backend, api.workload.allocations.update, update);
    renderEditor();
    const user = await typeInto("cell-tLead:all-l1", "75");
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(await screen.findByText("Saved with a warning")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Undo/ }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(expect.objectContaining({ allocationId: "a1", expectedVersion: 4, share: 60 }));
  });

  test("an hours override is saved with the reason the planner gives", async () => {
    const update = mockUpdate().mockResolvedValue(writeResult({ hours: 20 }));
    onMutation(backend, api.workload.allocations.update, update);
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
    const update = mockUpdate();
    const create = vi.fn<MutationMock<typeof api.workload.allocations.create>>();
    onMutation(backend, api.workload.allocations.update, update);
    onMutation(backend, api.workload.allocations.create, create);
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
    setQuery(backend, api.workload.allocations.listForIteration, iterationAllocations([{ ...allocation, hours_override: 20, override_reason: "Agreed with the HoD", hours: 20 }]));
    const update = mockUpdate()
      .mockResolvedValueOnce(writeResult())
      .mockResolvedValueOnce(writeResult({ version: 5, hours: 20 }));
    onMutation(backend, api.workload.allocations.update, update);
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
    setQuery(backend, api.workload.allocations.listForIteration, iterationAllocations([{ ...allocation, hours_override: 20, override_reason: "Agreed with the HoD", hours: 20 }]));
    const update = mockUpdate().mockResolvedValue(writeResult({ hours: 20 }));
    onMutation(backend, api.workload.allocations.update, update);
    renderEditor();
    await typeInto("cell-tLead:all-l1", "20 h");
    expect(screen.queryByTestId("override-reason-prompt")).toBeNull();
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update).toHaveBeenCalledWith(expect.objectContaining({ hoursOverride: 20, overrideReason: "Agreed with the HoD" }));
  });

  test("'Use mine' after a conflict sends the override's reason again", async () => {
    const update = mockUpdate()
      .mockRejectedValueOnce(
        new ConvexError({
          code: "CONFLICT",
          message: "Someone else changed this allocation",
          currentVersion: 4,
          current: { ...allocation, share: 80, version: 4 },
        }),
      )
      .mockResolvedValueOnce(writeResult({ version: 5, hours: 20, computed_hours: 15 }));
    onMutation(backend, api.workload.allocations.update, update);
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
    setQuery(backend, api.workload.allocations.listForIteration, iterationAllocations([{ ...allocation, hours_override: 20, override_reason: "Agreed with the HoD", hours: 20 }]));
    setQuery(backend, api.workload.explain.explainAllocation, {
      allocation_id: fakeId<"module_allocations">("a1"),
      lecturer: { id: fakeId<"lecturers">("l1"), name: "Ada Lovelace" },
      iteration: { id: fakeId<"module_iterations">("it1"), code: "CS101-A", module_code: "CS101", module_title: "Programming", semester: "S1" },
      allocation_type: { code: "module_leadership", name: "Module leadership", work_category: "leadership", basis: "iteration" },
      group: null,
      share: 60,
      first_time: false,
      rule: { name: "Module leadership", formula: "credits * 0.6", priority: 0, min_hours: undefined, max_hours: undefined, rounding: "nearest", rounding_step: 1, _id: undefined },
      variables: [],
      formula_result: 12,
      after_min_max: 12,
      computed_hours: 12,
      override: { hours: 20, reason: "Agreed with the HoD" },
      hours: 20,
      semester_fractions: { S1: 1, S2: 0, S3: 0 },
      semester_hours: { S1: 20, S2: 0, S3: 0 },
      contact_hours_source: "contact rule",
      notes: [],
      stored_up_to_date: true,
    });
    renderEditor();
    await userEvent.setup().click(screen.getByRole("button", { name: "Explain 20h" }));
    expect(await screen.findByTestId("override-reason")).toHaveTextContent("Override reason: Agreed with the HoD");
  });

  test("clearing a cell removes the allocation with the version seen", async () => {
    const remove = vi.fn<MutationMock<typeof api.workload.allocations.remove>>().mockResolvedValue({ id: fakeId("a1"), version: 4 });
    onMutation(backend, api.workload.allocations.remove, remove);
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
    setQuery(backend, api.reference.allocationTypes.all, [
      allocationType({ _id: fakeId("tContact"), code: "contact", name: "Contact teaching", work_category: "teaching", basis: "group", sort_order: 1 }),
    ]);
    setQuery(backend, api.delivery.groups.all, [group({ student_count: 20 }), group({ _id: fakeId("gB"), name: "Group B", student_count: 20 })]);
    setQuery(backend, api.workload.allocations.listForIteration, iterationAllocations([{ ...allocation, allocation_type_id: fakeId("tContact"), group_id: fakeId("gB") }]));
    renderEditor();
    expect(screen.getByText("Group B (20)")).toBeInTheDocument();
    expect(screen.queryByText("Group A (20)")).toBeNull();
    await userEvent.setup().click(screen.getByRole("button", { name: "Show group rows (1)" }));
    expect(screen.getByText("Group A (20)")).toBeInTheDocument();
  });

  test("hours typed into an empty cell are sent without a share (the server works it out)", async () => {
    setQuery(backend, api.workload.allocations.listForIteration, iterationAllocations([allocation]));
    setQuery(backend, api.reference.allocationTypes.all, [allocationType(), allocationType({ _id: fakeId("tAdmin"), code: "module_admin", name: "Module administration", sort_order: 4 })]);
    const create = vi.fn<MutationMock<typeof api.workload.allocations.create>>().mockResolvedValue(writeResult({ share: 40, hours: 12 }));
    onMutation(backend, api.workload.allocations.create, create);
    renderEditor();
    const user = await typeInto("cell-tAdmin:all-l1", "12h");
    const prompt = await screen.findByTestId("override-reason-prompt");
    await user.type(within(prompt).getByRole("textbox"), "Runs the lab{Enter}");
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0][0]).toMatchObject({ allocationTypeId: "tAdmin", hoursOverride: 12, overrideReason: "Runs the lab" });
    expect(create.mock.calls[0][0]).not.toHaveProperty("share");
  });

  test("filling a cell someone filled first opens the conflict dialog with their value", async () => {
    setQuery(backend, api.reference.allocationTypes.all, [allocationType(), allocationType({ _id: fakeId("tAdmin"), code: "module_admin", name: "Module administration", sort_order: 4 })]);
    const create = vi.fn<MutationMock<typeof api.workload.allocations.create>>().mockRejectedValue(
      new ConvexError({
        code: "CONFLICT",
        message: "Ada Lovelace already has Module administration on CS101-A: someone saved it first.",
        currentVersion: 1,
        current: allocationView({ id: fakeId("a9"), allocation_type_id: fakeId("tAdmin"), share: 30, version: 1 }),
      }),
    );
    const update = mockUpdate().mockResolvedValue(writeResult({ id: fakeId("a9"), version: 2, share: 50 }));
    onMutation(backend, api.workload.allocations.create, create);
    onMutation(backend, api.workload.allocations.update, update);
    renderEditor();
    const user = await typeInto("cell-tAdmin:all-l1", "50");
    const dialog = await screen.findByTestId("conflict-dialog");
    expect(within(dialog).getByTestId("conflict-theirs")).toHaveTextContent("30% share");
    expect(within(dialog).getByTestId("conflict-mine")).toHaveTextContent("50% share");
    await user.click(screen.getByRole("button", { name: "Use mine" }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update).toHaveBeenLastCalledWith(expect.objectContaining({ allocationId: "a9", expectedVersion: 1, share: 50 }));
  });

  test("an iteration of another department is read-only with the reason, and hidden allocations are said to be hidden", () => {
    setQuery(
      backend,
      api.workload.allocations.listForIteration,
      iterationAllocations([{ ...allocation, can_edit: false, read_only_reason: "Mathematics is outside your department." }], {
        department_name: "Mathematics",
        can_edit: false,
        read_only_reason: "Mathematics is outside your department.",
        has_hidden: true,
        hidden_reason: "Mathematics is outside your scope: only allocations of lecturers you may see are shown.",
      }),
    );
    renderEditor();
    const notes = screen.getAllByTestId("read-only-note").map((n) => n.textContent);
    expect(notes[0]).toContain("Mathematics is outside your department.");
    expect(notes[1]).toContain("only allocations of lecturers you may see are shown");
    expect(screen.getByTestId("cell-tLead:all-l1")).toHaveAttribute("aria-readonly", "true");
    expect(screen.queryByRole("button", { name: /Undo/ })).toBeNull();
  });
});
