/** The emails of a schedule's runs, with their attempts and the server's replies, and retrying a failed one. */
import { useMutation, useQuery } from "convex/react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useDeliveries(scheduleId: string) {
  const { organisationId } = useWorkspace();
  const deliveries = useQuery(api.reports.executions.deliveries, { organisationId, scheduleId: toId<"scheduled_reports">(scheduleId) });
  const retry = useMutation(api.reports.deliveries.retry);
  return { deliveries, retry: (deliveryId: string) => retry({ organisationId, deliveryId: toId<"email_deliveries">(deliveryId) }) };
}
