/** Route: /allocations/:iterationId? — the live allocation editor. */
import { useParams } from "react-router";
import { AllocationEditor } from "@/features/allocations/components/AllocationEditor";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function AllocationEditorPage() {
  const { iterationId } = useParams();
  const { academicYearId } = useWorkspace();
  return <AllocationEditor key={academicYearId ?? "none"} iterationId={iterationId ?? null} />;
}
