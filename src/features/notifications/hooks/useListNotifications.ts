/** The caller's in-app notifications, newest first (live). */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type AppNotification = {
  _id: string;
  kind: string;
  title: string;
  body: string;
  entity_type?: string;
  entity_id?: string;
  read_at?: number;
  created_at: number;
};

export function useListNotifications(): AppNotification[] | undefined {
  const { organisationId } = useWorkspace();
  const raw = useQuery(api.account.notifications.list, { organisationId, limit: 50 }) as
    { items: AppNotification[]; unreadCount: number } | undefined;
  if (raw === undefined) return undefined;
  const rows = raw.items ?? [];
  return [...rows].sort((a, b) => b.created_at - a.created_at);
}
