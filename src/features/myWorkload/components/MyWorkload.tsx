/**
 * "My workload" for lecturers: the year's total and how it is made up, and
 * each allocation with a way to accept it or query it with a comment.
 */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { PageHeader } from "@/ui/PageHeader";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { MyStatementButton } from "@/features/reports/components/MyStatementButton";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { LecturerAllocationTable } from "@/features/allocations/components/LecturerAllocationTable";
import { useListLecturerAllocations } from "@/features/allocations/hooks/useListLecturerAllocations";
import { LecturerBreakdown } from "@/features/workload/components/LecturerBreakdown";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useAcceptAll } from "../hooks/useAcceptAll";
import { useGetMyLecturer } from "../hooks/useGetMyLecturer";
import { LinkOfferPanel } from "./LinkOfferPanel";
import { RespondButtons } from "./RespondButtons";

function AcceptAllButton({ pending }: { pending: number }) {
  const acceptAll = useAcceptAll();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="sm"
      variant="primary"
      loading={busy}
      disabled={pending === 0}
      onClick={async () => {
        setBusy(true);
        try {
          const { accepted } = await acceptAll();
          toast.show({ tone: "success", title: `Accepted ${accepted} allocation${accepted === 1 ? "" : "s"}` });
        } catch (e) {
          toast.show({ tone: "error", title: "Not accepted", description: getErrorInfo(e).message });
        } finally {
          setBusy(false);
        }
      }}
    >
      Accept all open ({pending})
    </Button>
  );
}

function MyAllocations({ lecturerId }: { lecturerId: string }) {
  const rows = useListLecturerAllocations(lecturerId);
  const can = useCan();
  if (!rows) return <Spinner />;
  const pending = rows.filter((r) => r.response_status === "pending").length;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">
          Allocations {pending > 0 && <span className="font-normal text-slate-600">· {pending} awaiting your answer</span>}
        </h2>
        {can("allocations.respond") && <AcceptAllButton pending={pending} />}
      </div>
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
  if (me === null) return <LinkOfferPanel yearName={year?.name ?? "this academic year"} />;
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
