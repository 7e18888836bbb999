/** Accept an allocation, or query it with a comment (required, so the planner knows what to look at). */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { AllocationRow } from "@/features/allocations/utils/allocationTypes";
import { useRespondToAllocation } from "../hooks/useRespondToAllocation";

export function RespondButtons({ allocation }: { allocation: AllocationRow }) {
  const respond = useRespondToAllocation();
  const toast = useToast();
  const [querying, setQuerying] = useState(false);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (status: "accepted" | "queried") => {
    if (status === "queried" && comment.trim().length < 3) return setError("Say what you would like the planner to look at.");
    setBusy(true);
    setError(null);
    try {
      await respond(allocation.id, allocation.version, status, status === "queried" ? comment.trim() : undefined);
      setQuerying(false);
      setComment("");
      toast.show({
        tone: "success",
        title: status === "accepted" ? "Accepted" : "Query sent",
        description: `${allocation.iteration_code} · ${allocation.allocation_type_name}`,
      });
    } catch (e) {
      const info = getErrorInfo(e);
      const message =
        info.code === "CONFLICT" ? "This allocation was changed meanwhile; review the new figures and respond again." : info.message;
      if (status === "queried") setError(message);
      else toast.show({ tone: "error", title: "Not sent", description: message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex gap-1">
      <Button size="sm" disabled={allocation.response_status === "accepted" || busy} onClick={() => void send("accepted")}>
        Accept
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setQuerying(true)}>
        Query
      </Button>
      <Dialog
        open={querying}
        onClose={() => setQuerying(false)}
        title="Query this allocation"
        description={`${allocation.iteration_code} · ${allocation.allocation_type_name}${allocation.group_name ? ` · ${allocation.group_name}` : ""}`}
        footer={
          <>
            <Button onClick={() => setQuerying(false)}>Cancel</Button>
            <Button variant="primary" loading={busy} onClick={() => void send("queried")}>
              Send query
            </Button>
          </>
        }
      >
        <label htmlFor={`q-${allocation.id}`} className="text-xs font-medium text-slate-600">
          Comment for the planner
        </label>
        <textarea
          id={`q-${allocation.id}`}
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={error ? true : undefined}
          className="mt-1 w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
        />
        {error && (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {error}
          </p>
        )}
      </Dialog>
    </span>
  );
}
