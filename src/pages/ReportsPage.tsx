/** Route: /reports — run, template, schedule and download reports. */
import { ReportsPage as Reports } from "@/features/reports/components/ReportsPage";

export function ReportsPage() {
  return <Reports />;
}
