/** A schedule's emails: one row per recipient and run, with attempts, the server's reply and a retry for failures. */
import { Badge, type BadgeTone } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { formatDateTime } from "@/lib/formatDateTime";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useDeliveries } from "../hooks/useDeliveries";

const TONE: Record<string, BadgeTone> = { queued: "neutral", sent: "green", failed: "red", skipped: "amber" };

export function DeliveriesList({ scheduleId, canRetry }: { scheduleId: string; canRetry: boolean }) {
  const { deliveries, retry } = useDeliveries(scheduleId);
  const toast = useToast();
  if (!deliveries) return <Spinner />;
  if (deliveries.length === 0) return <p className="text-xs text-slate-500">No emails yet.</p>;
  return (
    <ul className="space-y-1 text-xs" data-testid="deliveries">
      {deliveries.slice(0, 20).map((d) => (
        <li key={d.id} className="flex flex-wrap items-center gap-2">
          <Badge tone={TONE[d.status]}>{d.status}</Badge>
          <span className="text-slate-700">{d.address}</span>
          <span className="text-slate-400">
            {formatDateTime(d.sent_at ?? d.created_at)} · {d.attempts}/{d.max_attempts} attempts
          </span>
          {(d.error || d.last_response) && d.status !== "sent" && <span className="text-red-700">{d.error ?? d.last_response}</span>}
          {d.status === "failed" && d.next_attempt_at && <span className="text-slate-500">retrying {formatDateTime(d.next_attempt_at)}</span>}
          {d.status === "failed" && canRetry && (
            <Button size="sm" variant="ghost" onClick={() => void retry(d.id).catch((e) => toast.show({ tone: "error", title: "Not retried", description: getErrorInfo(e).message }))}>
              Retry
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
