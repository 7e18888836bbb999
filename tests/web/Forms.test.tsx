// Forms validate with clear messages before anything is sent: the generic
// record form, the rule formula field (live, with the engine), the conflict dialog.
import { RANGES } from "@convex/lib/inputRanges";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, test, vi } from "vitest";
import { ConflictDialog } from "@/features/allocations/components/ConflictDialog";
import { RecordForm } from "@/features/records/components/RecordForm";
import { RecordTable } from "@/features/records/components/RecordTable";
import { FormulaField } from "@/features/rules/components/FormulaField";
import { draftFromRule } from "@/features/rules/utils/draftFromRule";
import { ruleFromDraft } from "@/features/rules/utils/ruleFromDraft";
import { sampleVariables } from "@convex/lib/workload/variables";
import { renderWithWorkspace } from "./renderWithWorkspace";

describe("RecordForm", () => {
  test("required and ranged fields explain themselves and nothing is sent", async () => {
    const onSubmit = vi.fn();
    render(
      <RecordForm
        fields={[
          { name: "name", label: "Name", type: "text", required: true },
          { name: "credits", label: "Credits", type: "number", required: true, range: RANGES.credits },
        ]}
        submitLabel="Create"
        onSubmit={onSubmit}
        onCancel={() => {}}
      />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Credits"), "500");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(screen.getByText("Name is required.")).toBeInTheDocument();
    // The server's own range and message (convex/lib/inputRanges.ts).
    expect(screen.getByText("Credits must be between 0 and 240 (got 500).")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test("valid values are sent typed, and the server's refusal is shown", async () => {
    const onSubmit = vi.fn().mockRejectedValue(new Error("A module with code CS101 already exists."));
    render(
      <RecordForm
        fields={[
          { name: "code", label: "Code", type: "text", required: true },
          { name: "credits", label: "Credits", type: "number" },
        ]}
        submitLabel="Create"
        onSubmit={onSubmit}
        onCancel={() => {}}
      />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Code"), "CS101");
    await user.type(screen.getByLabelText("Credits"), "20");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(onSubmit).toHaveBeenCalledWith({ code: "CS101", credits: 20 });
    expect(await screen.findByRole("alert")).toHaveTextContent("already exists");
  });
});

describe("RecordTable editing", () => {
  const row = { _id: "m1", version: 2, code: "CS101", title: "Programming", notes: "Runs in the lab", credits: 20, core: true };
  const fields = [
    { name: "code", label: "Code", type: "text" as const, required: true },
    { name: "title", label: "Title", type: "text" as const, required: true },
    { name: "credits", label: "Credits", type: "number" as const },
    { name: "notes", label: "Notes", type: "textarea" as const },
    { name: "core", label: "Core module", type: "checkbox" as const },
  ];
  function renderTable(onUpdate = vi.fn().mockResolvedValue({ version: 3 })) {
    renderWithWorkspace(
      <RecordTable
        noun="module"
        rows={[row]}
        columns={[{ key: "code", label: "Code" }]}
        fields={fields}
        canEdit
        onCreate={vi.fn()}
        onUpdate={onUpdate}
        onRemove={vi.fn()}
      />,
    );
    return onUpdate;
  }

  test("emptying optional fields that had a value clears them (null); untouched fields are not sent", async () => {
    const onUpdate = renderTable();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit CS101" }));
    await user.clear(screen.getByLabelText("Notes"));
    await user.clear(screen.getByLabelText("Credits"));
    await user.clear(screen.getByLabelText("Title"));
    await user.type(screen.getByLabelText("Title"), "Programming I");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onUpdate).toHaveBeenCalledTimes(1);
    expect(onUpdate).toHaveBeenCalledWith(row, { title: "Programming I", credits: null, notes: null });
  });

  test("saving an unchanged form sends nothing", async () => {
    const onUpdate = renderTable();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit CS101" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onUpdate).not.toHaveBeenCalled();
    expect(await screen.findByText("Nothing changed")).toBeInTheDocument();
  });
});

function FormulaHarness({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const [samples, setSamples] = useState<Record<string, number>>(sampleVariables());
  return <FormulaField value={value} onChange={setValue} samples={samples} onSamplesChange={setSamples} />;
}

describe("FormulaField", () => {
  test("validates as you type and previews on sample values", async () => {
    render(<FormulaHarness initial="credits * 2" />);
    expect(screen.getByTestId("formula-status")).toHaveTextContent("Valid · on these sample values: 40h");
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText("Sample credits"));
    await user.type(screen.getByLabelText("Sample credits"), "30");
    expect(screen.getByTestId("formula-status")).toHaveTextContent("60h");
    await user.type(screen.getByLabelText("Formula"), " * nonsense");
    expect(screen.getByTestId("formula-status")).toHaveTextContent(/Formula error at character/);
  });
});

describe("rule drafts", () => {
  test("lists and limits are checked before saving", () => {
    const d = {
      ...draftFromRule(null),
      name: "Lab teaching",
      formula: "contact_hours * share",
      levels: "4, 9",
      minHours: "10",
      maxHours: "5",
    };
    const { rule, errors } = ruleFromDraft(d);
    expect(rule).toBeNull();
    expect(errors.levels).toMatch(/3–8/);
    expect(errors.maxHours).toMatch(/at least the minimum/);
    const ok = ruleFromDraft({ ...d, levels: "4, 5", maxHours: "", typeCodes: "contact, lab" });
    expect(ok.rule?.conditions).toEqual({ allocation_type_codes: ["contact", "lab"], module_levels: [4, 5] });
  });
});

describe("ConflictDialog", () => {
  test("shows both values and both choices", async () => {
    const onKeepTheirs = vi.fn();
    const onApplyMine = vi.fn();
    render(
      <ConflictDialog
        conflict={{
          key: "k",
          label: "CS101-A · Contact",
          mine: { share: 40 },
          theirs: { share: 60, hours_override: 20 },
          currentVersion: 4,
          allocationId: "a1",
          target: { moduleIterationId: "i", lecturerId: "l", allocationTypeId: "t", groupId: null },
        }}
        onKeepTheirs={onKeepTheirs}
        onApplyMine={onApplyMine}
      />,
    );
    expect(screen.getByTestId("conflict-theirs")).toHaveTextContent("60% share, 20h (override)");
    expect(screen.getByTestId("conflict-mine")).toHaveTextContent("40% share");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Keep theirs" }));
    await user.click(screen.getByRole("button", { name: "Use mine" }));
    expect(onKeepTheirs).toHaveBeenCalled();
    expect(onApplyMine).toHaveBeenCalled();
  });
});
