// Test helper: renders UI inside a router, toasts and a fake workspace
// (organisation, year, permissions) so components can be tested without a backend.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { WorkspaceContext, type AcademicYear, type Workspace } from "@/features/workspace/components/WorkspaceContext";
import { ToastProvider } from "@/ui/Toast";

export const YEARS: AcademicYear[] = [
  { _id: "y2", name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31", status: "staging" },
  { _id: "y1", name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31", status: "active" },
];

export function makeWorkspace(overrides: Partial<Workspace> = {}): Workspace {
  return {
    organisationId: "org1",
    organisationName: "Northbridge University",
    memberships: [
      { organisationId: "org1", organisationName: "Northbridge University", userId: "u1", name: "Priya Planner", email: "planner@x" },
    ],
    setOrganisationId: () => {},
    userId: "u1",
    userName: "Priya Planner",
    lecturerProfileId: null,
    permissions: [],
    years: YEARS,
    year: YEARS[1],
    academicYearId: "y1",
    setAcademicYearId: () => {},
    ...overrides,
  };
}

export function grant(...permissions: string[]) {
  return permissions.map((permission) => ({ permission, all: true, departments: [], teams: [] }));
}

export function renderWithWorkspace(ui: ReactElement, workspace: Partial<Workspace> = {}, route = "/") {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <ToastProvider>
        <WorkspaceContext.Provider value={makeWorkspace(workspace)}>{ui}</WorkspaceContext.Provider>
      </ToastProvider>
    </MemoryRouter>,
  );
}
