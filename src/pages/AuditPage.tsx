/** Route: /audit — the organisation's audit trail. */
import { AuditTrail } from "@/features/audit/components/AuditTrail";

export function AuditPage() {
  return <AuditTrail />;
}
