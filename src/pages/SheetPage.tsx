/** Route: /sheet?department=…|team=… — the department sheet (the planner's spreadsheet, live). */
import { DepartmentSheet } from "@/features/sheet/components/DepartmentSheet";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { QueryBoundary } from "@/ui/QueryBoundary";

export function SheetPage() {
  const { academicYearId } = useWorkspace();
  return (
    <QueryBoundary title="Could not open the sheet">
      <DepartmentSheet key={academicYearId ?? "none"} />
    </QueryBoundary>
  );
}
