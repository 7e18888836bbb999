/** A lecturer accepts every allocation of theirs in the chosen year that still waits for an answer. */
import { useMutation } from "convex/react";
import { useCallback } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { requireYearId } from "@/features/workspace/utils/requireYearId";

export function useAcceptAll() {
  const { organisationId, academicYearId } = useWorkspace();
  const acceptAll = useMutation(api.workload.allocations.acceptAll);
  return useCallback(() => acceptAll({ organisationId, academicYearId: requireYearId(academicYearId) }), [organisationId, academicYearId, acceptAll]);
}
