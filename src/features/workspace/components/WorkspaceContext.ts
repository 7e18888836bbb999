/**
 * The chosen organisation and academic year, the caller's membership and
 * permissions: everything below the header reads these instead of passing
 * ids down.
 */
import { createContext } from "react";
import type { Id } from "@convex/_generated/dataModel";

export type Permission = string;
export type PermissionGrant = { permission: Permission; all: boolean; departments: string[]; teams: string[] };
export type Membership = {
  organisationId: Id<"organisations">;
  organisationName: string;
  userId: Id<"users">;
  name: string;
  email: string;
};
export type AcademicYearStatus = "staging" | "active" | "locked" | "archived";
export type AcademicYear = {
  _id: Id<"academic_years">;
  name: string;
  start_date: string;
  end_date: string;
  status: AcademicYearStatus;
  rolled_over_from_id?: Id<"academic_years">;
};

export type Workspace = {
  organisationId: Id<"organisations">;
  organisationName: string;
  memberships: Membership[];
  setOrganisationId: (id: string) => void;
  userId: Id<"users">;
  userName: string;
  lecturerProfileId: Id<"lecturer_profiles"> | null;
  permissions: PermissionGrant[];
  years: AcademicYear[];
  year: AcademicYear | null;
  academicYearId: Id<"academic_years"> | null;
  setAcademicYearId: (id: string) => void;
};

export const WorkspaceContext = createContext<Workspace | null>(null);
