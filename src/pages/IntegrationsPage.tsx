/** Route: /admin/integrations — external systems, their API keys and sync logs (admins: organisation.manage). */
import { IntegrationsManager } from "@/features/integrations/components/IntegrationsManager";

export function IntegrationsPage() {
  return <IntegrationsManager />;
}
