// Test helper: renders UI inside a router, toasts and a fake workspace
// (organisation, year, permissions) so components can be tested without a backend.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import type { Id, TableNames } from "@convex/_generated/dataModel";
import { WorkspaceContext, type AcademicYear, type Workspace } from "@/features/workspace/components/WorkspaceContext";
import { ToastProvider } from "@/ui/Toast";

/** A readable fake id for a table ("org1", "y1"): the mocked backend never checks them. */
const id = <T extends TableNames>(s: string) => s as Id<T>;

/** Overrides as tests write them: ids as plain strings. */
export type WorkspaceOverrides = Partial<
  Omit<Workspace, "organisationId" | "academicYearId" | "userId" | "lecturerProfileId"> & {
    organisationId: string;
    academicYearId: string | null;
    userId: string;
    lecturerProfileId: string | null;
  }
>;

export const YEARS: AcademicYear[] = [
  { _id: id("y2"), name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31", status: "staging" },
  { _id: id("y1"), name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31", status: "active" },
];

export function makeWorkspace(overrides: WorkspaceOverrides = {}): Workspace {
  return {
    organisationId: id("org1"),
    organisationName: "Northbridge University",
    memberships: [
      { organisationId: id("org1"), organisationName: "Northbridge University", userId: id("u1"), name: "Priya Planner", email: "planner@x" },
    ],
    setOrganisationId: () => {},
    userId: id("u1"),
    userName: "Priya Planner",
    lecturerProfileId: null,
    permissions: [],
    years: YEARS,
    year: YEARS[1],
    academicYearId: id("y1"),
    setAcademicYearId: () => {},
    ...(overrides as Partial<Workspace>),
  };
}

export function grant(...permissions: string[]) {
  return permissions.map((permission) => ({ permission, all: true, departments: [], teams: [] }));
}

export function renderWithWorkspace(ui: ReactElement, workspace: WorkspaceOverrides = {}, route = "/") {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <ToastProvider>
        <WorkspaceContext.Provider value={makeWorkspace(workspace)}>{ui}</WorkspaceContext.Provider>
      </ToastProvider>
    </MemoryRouter>,
  );
}
