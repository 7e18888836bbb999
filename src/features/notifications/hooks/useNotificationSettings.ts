/** The caller's notification settings and saving them. */
import { useMutation, useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type NotificationSettings = {
  in_app_allocation_changes: boolean;
  email_reports: boolean;
  /** Allocation emails: immediate (coalesced over a few minutes), a daily digest, or off. */
  digest: "immediate" | "daily" | "off";
};

export function useNotificationSettings() {
  const { organisationId } = useWorkspace();
  const settings = useQuery(api.account.settings.getNotifications, { organisationId }) as NotificationSettings | undefined;
  const set = useMutation(api.account.settings.setNotifications);
  return { settings, save: (next: NotificationSettings) => set({ organisationId, ...next }) };
}
