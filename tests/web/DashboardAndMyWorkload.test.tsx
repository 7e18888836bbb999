// The dashboard's figures and filters, and a lecturer answering their
// allocations on "My workload", against a mocked backend.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getFunctionName } from "convex/server";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { Dashboard } from "@/features/dashboard/components/Dashboard";
import { MyWorkload } from "@/features/myWorkload/components/MyWorkload";
import { grant, renderWithWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({
  data: {} as Record<string, unknown>,
  calls: [] as { name: string; args: unknown }[],
  mutations: {} as Record<string, (...args: unknown[]) => Promise<unknown>>,
}));

vi.mock("convex/react", () => ({
  useQuery: (ref: unknown, args: unknown) => {
    const name = getFunctionName(ref as never);
    if (args === "skip") return undefined;
    backend.calls.push({ name, args });
    return backend.data[name];
  },
  useMutation: (ref: unknown) => {
    const name = getFunctionName(ref as never);
    return (...a: unknown[]) => (backend.mutations[name] ?? (async () => null))(...a);
  },
}));

const totalsRow = (id: string, name: string, utilisation: number, band: string) => ({
  lecturer_id: id,
  profile_id: `p-${id}`,
  full_name: name,
  fte: 1,
  contract_family: "teaching_focused",
  contract_hours: 1650,
  max_teaching_hours: 990,
  category_hours: {},
  semester_hours: { S1: 0, S2: 0, S3: 0 },
  allocated_hours: 1650 * utilisation,
  teaching_hours: 0,
  capacity_hours: 1650,
  utilisation,
  band,
  allocation_count: 3,
});

beforeEach(() => {
  backend.calls = [];
  backend.mutations = {};
  backend.data = {
    "structure/faculties:all": [{ _id: "f1", name: "Science", code: "FS" }],
    "structure/departments:all": [{ _id: "d1", name: "Computing", code: "CS", faculty_id: "f1" }],
    "structure/teams:all": [{ _id: "t1", name: "Data", department_id: "d1" }],
    "workload/settings:get": undefined,
    "workload/dashboard:overview": {
      lecturer_count: 2,
      total_contract_hours: 3300,
      total_allocated_hours: 3052.5,
      utilisation: 0.925,
      band_counts: [
        { band: "under", count: 1 },
        { band: "over", count: 1 },
      ],
      histogram: [{ from: 0, to: 0.1, label: "0%–10%", count: 0 }],
      top_over: [totalsRow("l1", "Tariq Rossi", 1.2, "over")],
      top_under: [totalsRow("l2", "Nadia Walsh", 0.65, "under")],
      team_summaries: [
        {
          team_id: "t1",
          team_name: "Data",
          department_id: "d1",
          lecturer_count: 2,
          total_fte: 2,
          total_contract_hours: 3300,
          total_allocated_hours: 3052.5,
          total_teaching_hours: 2000,
          over_count: 1,
          under_count: 1,
          utilisation: 0.925,
        },
      ],
    },
    "workload/dashboard:coverageGaps": [
      {
        iteration_id: "i1",
        iteration_code: "CS101-A",
        module_title: "Programming",
        unallocated: true,
        gaps: [],
        groups_without_lecturer: [],
      },
    ],
  };
});

describe("Dashboard", () => {
  test("shows headline figures, over and under lists, teams and coverage gaps", () => {
    renderWithWorkspace(<Dashboard />, { permissions: grant("allocations.view") });
    expect(screen.getByTestId("stat-allocated-hours")).toHaveTextContent("3,052.5h");
    expect(screen.getByTestId("stat-utilisation")).toHaveTextContent("93%");
    expect(screen.getByTestId("stat-over")).toHaveTextContent("1");
    expect(within(screen.getByTestId("over-list")).getByText("Tariq Rossi")).toBeInTheDocument();
    expect(within(screen.getByTestId("under-list")).getByText("Nadia Walsh")).toBeInTheDocument();
    expect(within(screen.getByRole("table", { name: "Team summaries" })).getByText("Data")).toBeInTheDocument();
    expect(within(screen.getByTestId("coverage-gaps")).getByText("Unallocated")).toBeInTheDocument();
  });

  test("filters narrow the query by faculty, department and team", async () => {
    renderWithWorkspace(<Dashboard />, { permissions: grant("allocations.view") });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Faculty"), "f1");
    await user.selectOptions(screen.getByLabelText("Department"), "d1");
    await user.selectOptions(screen.getByLabelText("Team"), "t1");
    const last = backend.calls.filter((c) => c.name === "workload/dashboard:overview").at(-1);
    expect(last?.args).toMatchObject({ academicYearId: "y1", facultyId: "f1", departmentId: "d1", teamId: "t1" });
  });
});

describe("MyWorkload", () => {
  beforeEach(() => {
    backend.data["staff/lecturers:mine"] = { _id: "l9", profile_id: "p9", fte: 1, contract_family: "teaching_focused", version: 1 };
    backend.data["workload/explain:explainLecturerTotal"] = undefined;
    backend.data["workload/allocations:listForLecturer"] = [
      {
        id: "a1",
        version: 2,
        module_iteration_id: "i1",
        iteration_code: "CS101-A",
        module_title: "Programming",
        lecturer_id: "l9",
        allocation_type_id: "t",
        allocation_type_name: "Contact teaching",
        share: 50,
        first_time: false,
        computed_hours: 40,
        hours: 40,
        response_status: "pending",
      },
    ];
  });

  test("a lecturer accepts an allocation, or must say why when querying it", async () => {
    const respond = vi.fn().mockResolvedValue(null);
    backend.mutations["workload/allocations:respond"] = respond;
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own", "allocations.respond"), lecturerProfileId: "p9" });
    expect(screen.getByText("CS101-A")).toBeInTheDocument();
    expect(screen.getByText("· 1 awaiting your answer")).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Accept" }));
    expect(respond).toHaveBeenCalledWith(expect.objectContaining({ allocationId: "a1", expectedVersion: 2, status: "accepted" }));
    await user.click(screen.getByRole("button", { name: "Query" }));
    await user.click(screen.getByRole("button", { name: "Send query" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Say what you would like the planner to look at.");
    await user.type(screen.getByLabelText("Comment for the planner"), "I am on leave in S2");
    await user.click(screen.getByRole("button", { name: "Send query" }));
    await waitFor(() =>
      expect(respond).toHaveBeenLastCalledWith(expect.objectContaining({ status: "queried", comment: "I am on leave in S2" })),
    );
  });

  test("the lecturer record comes from staff/lecturers:mine for the chosen year", () => {
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own", "allocations.respond"), lecturerProfileId: "p9" });
    expect(backend.calls.filter((c) => c.name === "staff/lecturers:mine").at(-1)?.args).toEqual({
      organisationId: "org1",
      academicYearId: "y1",
    });
    expect(backend.calls.some((c) => c.name === "staff/lecturers:all")).toBe(false);
    expect(backend.calls.filter((c) => c.name === "workload/allocations:listForLecturer").at(-1)?.args).toMatchObject({
      lecturerId: "l9",
    });
  });

  test("someone with no lecturer record in the year is told so and whom to ask", () => {
    backend.data["staff/lecturers:mine"] = null;
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own"), lecturerProfileId: null });
    expect(screen.getByText("No workload in this year")).toBeInTheDocument();
    expect(screen.getByText("You are not linked to a lecturer record in 2026/27; ask an administrator.")).toBeInTheDocument();
    expect(screen.queryByText("CS101-A")).toBeNull();
  });
});
