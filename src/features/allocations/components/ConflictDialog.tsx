/**
 * A stale save: someone changed the same allocation first. Both values are
 * shown; the planner keeps theirs or applies their own on top. Either way
 * nothing is lost — the discarded value stays visible here until closed and
 * both edits remain in the audit trail.
 */
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import type { CellValue } from "../utils/allocationTypes";
import { describeValue } from "../utils/describeValue";

export type Conflict = {
  key: string;
  label: string;
  mine: CellValue | null;
  theirs: CellValue | null;
  theirsBy?: string;
  currentVersion: number | null;
  allocationId: string | null;
  target: { moduleIterationId: string; lecturerId: string; allocationTypeId: string; groupId: string | null };
};

export function ConflictDialog({
  conflict,
  onKeepTheirs,
  onApplyMine,
}: {
  conflict: Conflict | null;
  onKeepTheirs: () => void;
  onApplyMine: () => void;
}) {
  return (
    <Dialog
      open={conflict !== null}
      onClose={onKeepTheirs}
      title="Someone else changed this allocation"
      description={conflict?.label}
      footer={
        <>
          <Button onClick={onKeepTheirs}>Keep theirs</Button>
          <Button variant="primary" onClick={onApplyMine}>
            Use mine
          </Button>
        </>
      }
    >
      {conflict && (
        <div className="grid grid-cols-2 gap-3" data-testid="conflict-dialog">
          <div className="rounded-md border border-slate-200 p-3">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Their value (saved)</p>
            <p className="mt-1 text-base font-semibold text-slate-900" data-testid="conflict-theirs">
              {describeValue(conflict.theirs)}
            </p>
            {conflict.theirsBy && <p className="text-xs text-slate-500">by {conflict.theirsBy}</p>}
          </div>
          <div className="rounded-md border border-indigo-200 bg-indigo-50 p-3">
            <p className="text-xs font-medium uppercase tracking-wide text-indigo-700">Your value (not saved)</p>
            <p className="mt-1 text-base font-semibold text-slate-900" data-testid="conflict-mine">
              {describeValue(conflict.mine)}
            </p>
          </div>
          <p className="col-span-2 text-xs text-slate-500">
            "Use mine" saves your value over theirs; "Keep theirs" discards yours. Both changes are kept in the audit trail.
          </p>
        </div>
      )}
    </Dialog>
  );
}
