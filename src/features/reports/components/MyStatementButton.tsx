/** My workload: make one's own workload statement of the year, then download it (PDF to sign, XLSX). */
import { Button } from "@/ui/Button";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useMyStatement } from "../hooks/useMyStatement";
import { ExecutionStatus } from "./ExecutionStatus";

export function MyStatementButton() {
  const { execution, make } = useMyStatement();
  const toast = useToast();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button onClick={() => void make().catch((e) => toast.show({ tone: "error", title: "No statement", description: getErrorInfo(e).message }))}>
        Download my statement
      </Button>
      {execution && <ExecutionStatus execution={execution} />}
    </div>
  );
}
