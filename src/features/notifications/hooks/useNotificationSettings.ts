/** The caller's notification settings and saving them. */
import { useMutation, useQuery } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type NotificationSettings = FunctionArgs<typeof api.account.settings.setNotifications> extends infer A ? Omit<A, "organisationId"> : never;

export function useNotificationSettings() {
  const { organisationId } = useWorkspace();
  const settings = useQuery(api.account.settings.getNotifications, { organisationId });
  const set = useMutation(api.account.settings.setNotifications);
  return { settings, save: (next: NotificationSettings) => set({ organisationId, ...next }) };
}
