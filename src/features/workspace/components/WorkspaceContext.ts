/**
 * The chosen organisation and academic year, the caller's membership and
 * permissions: everything below the header reads these instead of passing
 * ids down.
 */
import { createContext } from "react";

export type Permission = string;
export type PermissionGrant = { permission: Permission; all: boolean; departments: string[]; teams: string[] };
export type Membership = { organisationId: string; organisationName: string; userId: string; name: string; email: string };
export type AcademicYear = { _id: string; name: string; start_date: string; end_date: string; status: "active" | "staging" | "archived" };

export type Workspace = {
  organisationId: string;
  organisationName: string;
  memberships: Membership[];
  setOrganisationId: (id: string) => void;
  userId: string;
  userName: string;
  lecturerProfileId: string | null;
  permissions: PermissionGrant[];
  years: AcademicYear[];
  year: AcademicYear | null;
  academicYearId: string | null;
  setAcademicYearId: (id: string) => void;
};

export const WorkspaceContext = createContext<Workspace | null>(null);
