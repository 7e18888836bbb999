/**
 * "My workload" for lecturers: the year's total and how it is made up, and
 * each allocation with a way to accept it or query it with a comment.
 */
import { EmptyState } from "@/ui/EmptyState";
import { PageHeader } from "@/ui/PageHeader";
import { MyStatementButton } from "@/features/reports/components/MyStatementButton";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { LecturerAllocationTable } from "@/features/allocations/components/LecturerAllocationTable";
import { useListLecturerAllocations } from "@/features/allocations/hooks/useListLecturerAllocations";
import { LecturerBreakdown } from "@/features/workload/components/LecturerBreakdown";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useGetMyLecturer } from "../hooks/useGetMyLecturer";
import { RespondButtons } from "./RespondButtons";

function MyAllocations({ lecturerId }: { lecturerId: string }) {
  const rows = useListLecturerAllocations(lecturerId);
  const can = useCan();
  if (!rows) return <Spinner />;
  const pending = rows.filter((r) => r.response_status === "pending").length;
  return (
    <div className="space-y-2">
      <h2 className="text-sm font-semibold">
        Allocations {pending > 0 && <span className="font-normal text-slate-500">· {pending} awaiting your answer</span>}
      </h2>
      <LecturerAllocationTable
        rows={rows}
        renderActions={can("allocations.respond") ? (a) => <RespondButtons allocation={a} /> : undefined}
      />
    </div>
  );
}

function MyYear() {
  const { year } = useWorkspace();
  const me = useGetMyLecturer();
  if (me === undefined) return <Spinner />;
  if (me === null)
    return (
      <EmptyState
        title="No workload in this year"
        description={`You are not linked to a lecturer record in ${year?.name ?? "this academic year"}; ask an administrator.`}
      />
    );
  return (
    <>
      <QueryBoundary>
        <LecturerBreakdown lecturerId={me._id} />
      </QueryBoundary>
      <QueryBoundary>
        <MyAllocations lecturerId={me._id} />
      </QueryBoundary>
    </>
  );
}

export function MyWorkload() {
  const { year, userName } = useWorkspace();
  return (
    <div className="space-y-4">
      <PageHeader title="My workload" subtitle={`${userName} · ${year?.name ?? ""}`} actions={<MyStatementButton />} />
      <QueryBoundary title="Could not find your lecturer record">
        <MyYear />
      </QueryBoundary>
    </div>
  );
}
