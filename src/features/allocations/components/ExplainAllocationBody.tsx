/** Loads and shows one allocation's explanation (inside a popover). */
import { Spinner } from "@/ui/Spinner";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { useExplainAllocation } from "../hooks/useExplainAllocation";
import { ExplanationDetails } from "./ExplanationDetails";

function Body({ allocationId }: { allocationId: string }) {
  const e = useExplainAllocation(allocationId);
  if (!e) return <Spinner label="Working it out…" />;
  return <ExplanationDetails explanation={e} />;
}

export function ExplainAllocationBody({ allocationId }: { allocationId: string }) {
  return (
    <QueryBoundary title="Could not explain this figure">
      <Body allocationId={allocationId} />
    </QueryBoundary>
  );
}
