/** Route: /my-workload — a lecturer's own allocations and totals. */
import { MyWorkload } from "@/features/myWorkload/components/MyWorkload";

export function MyWorkloadPage() {
  return <MyWorkload />;
}
