/** The lecturers a full staff list leaves out, for the confirmation before they are marked as leavers. */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useLeavers(importId: string, enabled: boolean) {
  const { organisationId } = useWorkspace();
  return useQuery(api.imports.imports.leavers, enabled ? { organisationId, importId: toId<"data_sync_logs">(importId) } : "skip") ?? [];
}
