/** Route: /admin/rules — calculation rules with live validation and preview. */
import { RulesManager } from "@/features/rules/components/RulesManager";

export function RulesPage() {
  return <RulesManager />;
}
