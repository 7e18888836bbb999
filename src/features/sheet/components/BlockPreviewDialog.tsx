/**
 * What a pasted or filled block will change, before anything is written:
 * each cell's value now and after (share and hours from the server's engine),
 * cells that cannot be written and why, cells someone changed since, and one
 * reason for all the block's hours. "Apply" writes the block at once, all or
 * nothing.
 */
import { useEffect, useId, useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Spinner } from "@/ui/Spinner";
import { formatHours } from "@/lib/formatHours";
import { cn } from "@/lib/cn";
import { usePreviewBlock, type BlockPreview } from "../hooks/useBlockWrites";
import type { BlockPlan } from "../utils/planBlock";

export type PendingBlock = { kind: "paste" | "fill" | "clear"; plan: BlockPlan };

const TITLES = { paste: "Paste into the sheet", fill: "Fill down", clear: "Empty the selected cells" };

function state(s: BlockPreview["cells"][number]["before"]) {
  if (!s) return "empty";
  return `${s.share}% · ${formatHours(s.hours)}${s.hours_override !== undefined ? " (override)" : ""}`;
}

export function BlockPreviewDialog({
  block,
  busy,
  onApply,
  onCancel,
}: {
  block: PendingBlock | null;
  busy: boolean;
  onApply: (reason: string | undefined) => void;
  onCancel: () => void;
}) {
  const preview = usePreviewBlock(block?.plan.cells ?? null);
  const [reason, setReason] = useState("");
  const id = useId();
  useEffect(() => setReason(""), [block]);
  const changes = preview?.cells.filter((c) => c.action !== "unchanged" || c.error || c.stale) ?? [];
  const blocked = !preview || preview.errors > 0 || preview.stale > 0 || (preview.needs_reason && reason.trim() === "");
  const nothing = preview && preview.creates + preview.updates + preview.removes === 0;
  return (
    <Dialog
      open={block !== null}
      onClose={onCancel}
      title={block ? TITLES[block.kind] : ""}
      description={
        preview
          ? `${preview.creates} new, ${preview.updates} changed, ${preview.removes} emptied${preview.errors ? `, ${preview.errors} cannot be written` : ""}${preview.stale ? `, ${preview.stale} changed by someone else since` : ""}.`
          : undefined
      }
      wide
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" loading={busy} disabled={blocked || !!nothing} onClick={() => onApply(reason.trim() || undefined)} data-testid="apply-block">
            Apply {preview ? preview.creates + preview.updates + preview.removes : ""} changes
          </Button>
        </>
      }
    >
      {block && (
        <div className="space-y-3" data-testid="block-preview">
          {block.plan.problems.length > 0 && (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              <p className="font-medium">Not understood, left out:</p>
              <ul className="list-disc pl-5">
                {block.plan.problems.slice(0, 5).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          {block.plan.clipped > 0 && (
            <p className="text-sm text-amber-800">{block.plan.clipped} pasted cells fall outside the sheet and are left out.</p>
          )}
          {!preview ? (
            <Spinner label="Working out the changes…" />
          ) : (
            <>
              <table className="w-full text-sm" aria-label="Changes">
                <thead>
                  <tr className="text-left text-xs text-slate-600">
                    <th className="py-1 font-medium">Cell</th>
                    <th className="py-1 font-medium">Now</th>
                    <th className="py-1 font-medium">After</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.slice(0, 200).map((c) => (
                    <tr key={c.index} className={cn("border-t border-slate-100", (c.error || c.stale) && "bg-red-50")}>
                      <td className="py-1 pr-2">{c.label}</td>
                      <td className="py-1 pr-2 tabular text-slate-600">{state(c.before)}</td>
                      <td className="py-1 tabular">
                        {c.error ? (
                          <span className="text-red-800">{c.error}</span>
                        ) : c.stale ? (
                          <span className="text-red-800">changed by someone else since you copied it</span>
                        ) : (
                          state(c.after)
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {changes.length === 0 && <p className="text-sm text-slate-600">Nothing would change.</p>}
              {preview.needs_reason && (
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${id}-reason`} className="text-xs font-medium text-slate-700">
                    Reason for the hours overrides (one for the whole block)
                  </label>
                  <input
                    id={`${id}-reason`}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    aria-required
                    className="h-8 rounded-md border border-slate-300 px-2.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20"
                  />
                </div>
              )}
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
