/** Route: /sheet?department=…|team=… — the department sheet (the planner's spreadsheet, live). */
import { useLocation } from "react-router";
import { DepartmentSheet } from "@/features/sheet/components/DepartmentSheet";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { QueryBoundary } from "@/ui/QueryBoundary";

export function SheetPage() {
  const { academicYearId } = useWorkspace();
  // Another view (department, team) starts afresh, also after a refusal of the last one.
  const { search } = useLocation();
  return (
    <QueryBoundary key={search} title="Could not open the sheet">
      <DepartmentSheet key={academicYearId ?? "none"} />
    </QueryBoundary>
  );
}
