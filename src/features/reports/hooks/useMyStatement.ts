/** A lecturer's own statement of the selected year: made on request, then downloaded. */
import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useExecution } from "./useExecution";

export function useMyStatement() {
  const { organisationId, academicYearId } = useWorkspace();
  const [reportId, setReportId] = useState<string | null>(null);
  const run = useMutation(api.reports.executions.runMyStatement);
  const execution = useExecution(reportId);
  return {
    execution,
    make: async () => {
      if (!academicYearId) return;
      setReportId(await run({ organisationId, academicYearId }));
    },
  };
}
