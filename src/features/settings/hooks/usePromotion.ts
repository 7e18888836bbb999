/** What promoting a year would change (for its confirmation), and why it cannot be promoted now. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function usePromotion(yearId: string | null) {
  const { organisationId } = useWorkspace();
  return useQuery(api.structure.academicYears.promotion, yearId ? { organisationId, id: toId<"academic_years">(yearId) } : "skip");
}
