/** A lecturer's answer to an allocation: pending, accepted or queried. */
import { Badge } from "@/ui/Badge";

export function AllocationStatusBadge({ status }: { status: string }) {
  if (status === "accepted") return <Badge tone="green">Accepted</Badge>;
  if (status === "queried") return <Badge tone="amber">Queried</Badge>;
  return <Badge>Pending</Badge>;
}
