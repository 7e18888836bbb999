/**
 * Asks why a cell's computed hours are being overridden, anchored to the
 * cell. An override always carries a reason (it is shown wherever the hours
 * are explained), so Save stays disabled until one is typed. Enter saves,
 * Escape (or a click elsewhere) cancels the edit. Renders in a portal with
 * fixed positioning so the grid's scrolling never clips it.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Button } from "@/ui/Button";
import { formatHours } from "@/lib/formatHours";

export type OverrideReasonPromptProps = {
  /** The cell the prompt belongs to. */
  anchor: HTMLElement | null;
  hours: number;
  /** The engine's hours for the cell as it stands, when there is an allocation already. */
  computedHours?: number;
  /** The reason of the override being replaced, if any (shown for reference). */
  previousReason?: string;
  onSave: (reason: string) => void;
  onCancel: () => void;
};

const MARGIN = 8;

export function OverrideReasonPrompt({ anchor, hours, computedHours, previousReason, onSave, onCancel }: OverrideReasonPromptProps) {
  const [reason, setReason] = useState("");
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const blank = reason.trim() === "";

  useLayoutEffect(() => {
    const place = () => {
      const a = anchor?.getBoundingClientRect();
      if (!a) return;
      const p = panelRef.current?.getBoundingClientRect();
      const width = p?.width ?? 288;
      const height = p?.height ?? 0;
      const left = Math.max(MARGIN, Math.min(a.left, window.innerWidth - width - MARGIN));
      let top = a.bottom + 4;
      if (height && top + height > window.innerHeight - MARGIN && a.top - height - 4 > MARGIN) top = a.top - height - 4;
      setPos({ top, left });
    };
    place();
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    return () => {
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
    };
  }, [anchor]);

  useEffect(() => {
    inputRef.current?.focus({ preventScroll: true });
  }, []);

  // A click outside the prompt (and its cell) cancels, as Escape does.
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (panelRef.current?.contains(t) || anchor?.contains(t)) return;
      cancelRef.current();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [anchor]);

  const save = () => {
    if (!blank) onSave(reason.trim());
  };

  return createPortal(
    <div
      ref={panelRef}
      role="dialog"
      aria-labelledby={`${id}-title`}
      data-testid="override-reason-prompt"
      style={{ position: "fixed", top: pos?.top ?? -9999, left: pos?.left ?? -9999 }}
      className="z-50 w-72 rounded-lg border border-slate-200 bg-white p-3 text-left text-sm text-slate-700 shadow-lg"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={`${id}-title`} className="font-semibold text-slate-900">
        Override to {formatHours(hours)}
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        {computedHours !== undefined ? `Computed: ${formatHours(computedHours)}. ` : ""}Say why, for anyone who checks these hours.
      </p>
      <form
        className="mt-2 flex flex-col gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={`${id}-reason`} className="text-xs font-medium text-slate-600">
          Reason for the override
        </label>
        <input
          ref={inputRef}
          id={`${id}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${id}-hint`}
          aria-required
          className="h-8 rounded-md border border-slate-300 px-2.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20"
        />
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {blank ? "A reason is required." : "Enter saves · Esc cancels"}
          {previousReason ? ` Previous reason: ${previousReason}` : ""}
        </p>
        <div className="mt-1 flex justify-end gap-2">
          <Button size="sm" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="sm" type="submit" variant="primary" disabled={blank}>
            Save override
          </Button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
