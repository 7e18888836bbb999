/** The confirmation before promoting a staging year: what changes, or why it cannot happen yet. */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useAcademicYearActions } from "../hooks/useAcademicYearActions";
import { usePromotion } from "../hooks/usePromotion";

export function PromoteYearDialog({ yearId, onClose }: { yearId: string; onClose: () => void }) {
  const promotion = usePromotion(yearId);
  const actions = useAcademicYearActions();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const name = promotion?.year.name ?? "this year";
  const confirm = async () => {
    setBusy(true);
    try {
      await actions.promote(yearId);
      toast.show({ tone: "success", title: `${name} is now the active year` });
      onClose();
    } catch (e) {
      toast.show({ tone: "error", title: "Not promoted", description: getErrorInfo(e).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Promote ${name}?`}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" loading={busy} disabled={!promotion || promotion.blockers.length > 0} onClick={() => void confirm()}>
            Promote {name}
          </Button>
        </>
      }
    >
      {!promotion ? (
        <Spinner />
      ) : promotion.blockers.length > 0 ? (
        <ul role="alert" className="list-disc space-y-1 pl-5 text-sm text-red-700">
          {promotion.blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      ) : (
        <div className="space-y-2 text-sm text-slate-700">
          <p>This changes for everyone:</p>
          <ul className="list-disc space-y-1 pl-5" aria-label="What changes">
            {promotion.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
