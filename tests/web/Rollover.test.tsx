// The rollover wizard (options → preview → run → summary) and the promote
// confirmation, against a mocked backend whose answers the test moves on.
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getFunctionName } from "convex/server";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { RolloverWizard } from "@/features/rollover/components/RolloverWizard";
import { PromoteYearDialog } from "@/features/settings/components/PromoteYearDialog";
import { useRolloverOverview, type RolloverOverview } from "@/features/rollover/hooks/useRolloverOverview";
import { grant, renderWithWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({
  data: {} as Record<string, unknown>,
  calls: [] as { name: string; args: unknown }[],
  mutations: {} as Record<string, (...args: unknown[]) => Promise<unknown>>,
  listeners: new Set<() => void>(),
}));

vi.mock("convex/react", async () => {
  const { useEffect, useReducer } = await import("react");
  return {
    useQuery: (ref: unknown, args: unknown) => {
      const [, rerender] = useReducer((n: number) => n + 1, 0);
      useEffect(() => {
        backend.listeners.add(rerender);
        return () => void backend.listeners.delete(rerender);
      }, []);
      if (args === "skip") return undefined;
      return backend.data[getFunctionName(ref as never)];
    },
    useMutation: (ref: unknown) => {
      const name = getFunctionName(ref as never);
      return (...a: unknown[]) => {
        backend.calls.push({ name, args: a[0] });
        return (backend.mutations[name] ?? (async () => null))(...a);
      };
    },
  };
});

function publish(name: string, value: unknown) {
  backend.data[name] = value;
  act(() => backend.listeners.forEach((l) => l()));
}

const OPTIONS = { carry_teaching_allocations: true, carry_recurring_admin: true, carry_groups_and_assessments: true, student_numbers: "forward" as const };

function job(id: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    kind: "rollover",
    label: extra.dry_run ? "Preview: rollover 2026/27 → 2027/28" : "Rollover 2026/27 → 2027/28",
    status,
    dry_run: false,
    phases: [
      { name: "count", label: "Counting what to carry", done: 100, total: 100 },
      { name: "allocations", label: "Teaching allocations", done: 40, total: 90 },
    ],
    current_phase: status === "running" ? "Teaching allocations" : undefined,
    percent: status === "completed" ? 100 : 44,
    academic_year_id: "y2",
    started_by_name: "Alex Admin",
    started_at: 1,
    updated_at: 2,
    can_control: true,
    ...extra,
  };
}

const RESULT = JSON.stringify({
  source: { id: "y1", name: "2026/27" },
  target: { id: "y2", name: "2027/28", existing: true },
  resets: ["Student numbers are carried forward from last year."],
  counts: {
    lecturers: { created: 118, from_last_year: 117, from_profile: 1, skipped: 2 },
    iterations: { created: 300, from_last_year: 299, from_module: 1 },
    allocations: { created: 1480, skipped: 22 },
  },
  skipped: { lecturers: { leaver: 2 }, allocations: { leaver: 22 } },
  warnings: [{ code: "leaver_allocations", message: "Dana Evans has left: 11 allocations (CS101-A) will not carry.", entity_type: "lecturer_profiles", entity_id: "p9" }],
});

function overview(extra: Partial<RolloverOverview> = {}): RolloverOverview {
  return {
    source: { id: "y1", name: "2026/27", status: "active", start_date: "2026-09-01", end_date: "2027-08-31" },
    defaultTarget: { kind: "existing", academicYearId: "y2" },
    targets: [{ id: "y2", name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" }],
    options: OPTIONS,
    autoOn: null,
    preview: null,
    run: null,
    discard: null,
    ...extra,
  } as RolloverOverview;
}

// Several renders with user events: generous on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

beforeEach(() => {
  backend.data = {};
  backend.calls = [];
  backend.mutations = {};
});

describe("rollover wizard", () => {
  test("previews with the chosen options, runs, shows progress live and ends on the summary", async () => {
    const user = userEvent.setup();
    backend.mutations["structure/rollover:preview"] = async () => "job-p";
    backend.mutations["structure/rollover:start"] = async () => ({ academicYearId: "y2", jobId: "job-r" });
    const o = overview();
    backend.data["structure/rollover:overview"] = o;
    renderWithWorkspace(<Wrapper />, { permissions: grant("years.rollover") });

    expect(screen.getByLabelText("Roll 2026/27 over into")).toHaveValue("y2");
    await user.click(screen.getByLabelText("reset to 0"));
    await user.click(screen.getByText("Recurring admin allocations"));
    await user.click(screen.getByRole("button", { name: "Preview" }));
    expect(backend.calls.find((c) => c.name === "structure/rollover:preview")!.args).toMatchObject({
      sourceYearId: "y1",
      target: { kind: "existing", academicYearId: "y2" },
      options: { student_numbers: "reset", carry_recurring_admin: false, carry_teaching_allocations: true },
    });
    expect(screen.getByRole("button", { name: "Run the rollover" })).toBeDisabled();

    publish("structure/rollover:overview", { ...o, preview: job("job-p", "completed", { dry_run: true, result: RESULT }) });
    const table = screen.getByRole("table", { name: "What the rollover will do" });
    expect(within(table).getByTestId("summary-allocations-created")).toHaveTextContent("1,480");
    expect(within(table).getByTestId("summary-lecturers")).toHaveTextContent("117 with last year's FTE, family, department and team");
    expect(within(table).getByTestId("summary-lecturers")).toHaveTextContent("2 skipped: leaves before the new year starts");
    expect(screen.getByRole("region", { name: "Needs attention" })).toHaveTextContent("Dana Evans has left");

    await user.click(screen.getByRole("button", { name: "Run the rollover" }));
    publish("structure/rollover:overview", { ...o, preview: job("job-p", "completed", { dry_run: true, result: RESULT }), run: job("job-r", "running", { result: RESULT }) });
    expect(screen.getByRole("progressbar", { name: "Rollover 2026/27 → 2027/28" })).toHaveAttribute("aria-valuenow", "44");
    expect(screen.getByText("Teaching allocations: 40 of 90")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();

    publish("structure/rollover:overview", { ...o, run: job("job-r", "completed", { result: RESULT }) });
    expect(screen.getByText("2027/28 is ready")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Compare 2026/27 with 2027/28" })).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "What the rollover did" })).toBeInTheDocument();
  });

  test("a failed run offers resume and discard", async () => {
    const user = userEvent.setup();
    backend.mutations["structure/rollover:discard"] = async () => "job-d";
    backend.data["structure/rollover:overview"] = overview({ run: job("job-r", "failed", { error: "Teaching allocations: boom", result: RESULT }) as never });
    renderWithWorkspace(<Wrapper />, { permissions: grant("years.rollover") });
    expect(screen.getByRole("alert")).toHaveTextContent("Teaching allocations: boom");
    expect(screen.getByRole("button", { name: "Resume" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Discard" }));
    expect(backend.calls.find((c) => c.name === "structure/rollover:discard")!.args).toMatchObject({ jobId: "job-r" });
  });
});

function Wrapper() {
  const o = useRolloverOverview();
  return o ? <RolloverWizard overview={o} /> : null;
}

describe("promoting a year", () => {
  test("the confirmation says what changes before anything does", async () => {
    const user = userEvent.setup();
    backend.data["structure/academicYears:promotion"] = {
      year: { id: "y2", name: "2027/28", status: "staging" },
      current: { id: "y1", name: "2026/27", status: "active" },
      changes: ["2027/28 becomes the active year.", "2026/27 is archived."],
      blockers: [],
    };
    const promoted = vi.fn(async () => null);
    backend.mutations["structure/academicYears:promote"] = promoted;
    const closed = vi.fn();
    renderWithWorkspace(<PromoteYearDialog yearId="y2" onClose={closed} />, { permissions: grant("organisation.manage") });
    expect(screen.getByRole("list", { name: "What changes" })).toHaveTextContent("2026/27 is archived.");
    expect(promoted).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Promote 2027/28" }));
    expect(promoted).toHaveBeenCalledWith({ organisationId: "org1", id: "y2" });
    expect(closed).toHaveBeenCalled();
  });
});
