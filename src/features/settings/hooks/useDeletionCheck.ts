/** What still points at a year, before deleting it. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useDeletionCheck(yearId: string | null) {
  const { organisationId } = useWorkspace();
  return useQuery(api.structure.academicYears.deletionCheck, yearId ? { organisationId, id: toId<"academic_years">(yearId) } : "skip");
}
