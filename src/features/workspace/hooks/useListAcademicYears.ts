/** The organisation's academic years, newest first. */
import { useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import type { AcademicYear } from "../components/WorkspaceContext";

export function useListAcademicYears(organisationId: string | null): AcademicYear[] | undefined {
  const rows = useQuery(api.structure.academicYears.all, organisationId ? { organisationId } : "skip");
  return useMemo(() => rows && [...rows].sort((a, b) => b.start_date.localeCompare(a.start_date)), [rows]);
}
