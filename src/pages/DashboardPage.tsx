/** Route: / — the live workload dashboard. */
import { Dashboard } from "@/features/dashboard/components/Dashboard";

export function DashboardPage() {
  return <Dashboard />;
}
