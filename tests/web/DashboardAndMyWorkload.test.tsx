// The dashboard's figures and filters, and a lecturer answering their
// allocations on "My workload", against a mocked backend.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "@/lib/api";
import { Dashboard } from "@/features/dashboard/components/Dashboard";
import { MyWorkload } from "@/features/myWorkload/components/MyWorkload";
import { allocationView, lecturer, totalsRow } from "./fixtures";
import { fakeId, onMutation, resetBackend, setQuery, type MockBackend, type MutationMock } from "./mockBackend";
import { grant, renderWithWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as MockBackend);
vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));

const row = (id: string, name: string, utilisation: number, band: string) =>
  totalsRow({ lecturer_id: fakeId(id), profile_id: fakeId(`p-${id}`), full_name: name, allocated_hours: 1650 * utilisation, utilisation, band });

beforeEach(() => {
  resetBackend(backend);
  setQuery(backend, api.structure.faculties.all, [{ _id: fakeId("f1"), _creationTime: 0, organisation_id: fakeId("org1"), created_at: 0, updated_at: 0, name: "Science", code: "FS" }]);
  setQuery(backend, api.structure.departments.all, [
    { _id: fakeId("d1"), _creationTime: 0, organisation_id: fakeId("org1"), created_at: 0, updated_at: 0, name: "Computing", code: "CS", faculty_id: fakeId("f1") },
  ]);
  setQuery(backend, api.structure.teams.all, [
    { _id: fakeId("t1"), _creationTime: 0, organisation_id: fakeId("org1"), created_at: 0, updated_at: 0, name: "Data", department_id: fakeId("d1") },
  ]);
  setQuery(backend, api.workload.settings.get, undefined);
  setQuery(backend, api.workload.dashboard.overview, {
    lecturer_count: 2,
    total_contract_hours: 3300,
    total_allocated_hours: 3052.5,
    utilisation: 0.925,
    band_counts: [
      { band: "under", count: 1 },
      { band: "over", count: 1 },
    ],
    histogram: [{ from: 0, to: 0.1, label: "0%–10%", count: 0 }],
    top_over: [row("l1", "Tariq Rossi", 1.2, "over")],
    top_under: [row("l2", "Nadia Walsh", 0.65, "under")],
    team_summaries: [
      {
        team_id: fakeId("t1"),
        team_name: "Data",
        department_id: fakeId("d1"),
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
  });
  setQuery(backend, api.workload.dashboard.coverageGaps, [
    { iteration_id: fakeId("i1"), iteration_code: "CS101-A", module_title: "Programming", unallocated: true, gaps: [], groups_without_lecturer: [] },
  ]);
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
    setQuery(backend, api.staff.lecturers.mine, lecturer({ _id: fakeId("l9"), profile_id: fakeId("p9") }));
    setQuery(backend, api.workload.explain.explainLecturerTotal, undefined);
    setQuery(backend, api.workload.allocations.listForLecturer, [
      allocationView({
        version: 2,
        module_iteration_id: fakeId("i1"),
        lecturer_id: fakeId("l9"),
        allocation_type_id: fakeId("t"),
        allocation_type_name: "Contact teaching",
        share: 50,
        computed_hours: 40,
        hours: 40,
      }),
    ]);
  });

  test("a lecturer accepts an allocation, or must say why when querying it", async () => {
    const respond = vi.fn<MutationMock<typeof api.workload.allocations.respond>>().mockResolvedValue({ id: fakeId("a1"), version: 3 });
    onMutation(backend, api.workload.allocations.respond, respond);
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

  test("someone with no lecturer record and none with their email is told whom to ask", () => {
    setQuery(backend, api.staff.lecturers.mine, null);
    setQuery(backend, api.people.links.offer, { linked: false, offer: null, requested: null });
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own"), lecturerProfileId: null });
    expect(screen.getByText("No workload in this year")).toBeInTheDocument();
    expect(screen.getByText(/You are not linked to a lecturer record, and none has your email/)).toBeInTheDocument();
    expect(screen.queryByText("CS101-A")).toBeNull();
  });

  test("someone whose email matches an unlinked lecturer record is offered the link and can ask for it", async () => {
    setQuery(backend, api.staff.lecturers.mine, null);
    setQuery(backend, api.people.links.offer, {
      linked: false,
      offer: { profileId: fakeId("p9"), full_name: "Lin Lecturer", email: "lin@x", department_name: "Computing" },
      requested: null,
    });
    const request = vi.fn<MutationMock<typeof api.people.links.request>>().mockResolvedValue(null);
    onMutation(backend, api.people.links.request, request);
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own"), lecturerProfileId: null });
    expect(screen.getByText("Is this your lecturer record?")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Ask to be linked" }));
    expect(request).toHaveBeenCalledWith({ organisationId: "org1", profileId: "p9" });
  });

  test("a lecturer accepts all their open allocations at once", async () => {
    const acceptAll = vi.fn<MutationMock<typeof api.workload.allocations.acceptAll>>().mockResolvedValue({ accepted: 1 });
    onMutation(backend, api.workload.allocations.acceptAll, acceptAll);
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own", "allocations.respond"), lecturerProfileId: "p9" });
    await userEvent.setup().click(screen.getByRole("button", { name: "Accept all open (1)" }));
    expect(acceptAll).toHaveBeenCalledWith({ organisationId: "org1", academicYearId: "y1" });
    expect(await screen.findByText("Accepted 1 allocation")).toBeInTheDocument();
  });

  test("a planner's answer to a query is shown with the allocation", () => {
    setQuery(backend, api.workload.allocations.listForLecturer, [
      allocationView({ response_status: "queried", response_comment: "Too many scripts", reply: "We hired a marker", replied_by_name: "Priya Planner" }),
    ]);
    renderWithWorkspace(<MyWorkload />, { permissions: grant("allocations.view_own", "allocations.respond"), lecturerProfileId: "p9" });
    expect(screen.getByTestId("planner-reply")).toHaveTextContent("Priya Planner: “We hired a marker”");
  });
});
