/** Marks one notification (by id) or, with no id, all of the caller's notifications as read. */
import { useMutation } from "convex/react";
import { useCallback } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useMarkNotificationsRead() {
  const { organisationId } = useWorkspace();
  const mark = useMutation(api.account.notifications.markRead);
  return useCallback((id?: string) => mark(id ? { organisationId, id: toId<"notifications">(id) } : { organisationId }), [mark, organisationId]);
}
