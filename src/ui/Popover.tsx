/**
 * A small click-to-open popover anchored to its trigger. It renders in a
 * portal with fixed positioning, so scrolling tables and grids never clip
 * it, and it stays inside the viewport. Closes on Escape (focus returns to
 * the trigger) and on a click outside; the content renders only while open,
 * so queries inside it run only when someone looks.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { cn } from "@/lib/cn";

export type PopoverProps = {
  trigger: (props: { onClick: () => void; "aria-expanded": boolean; "aria-controls": string }) => ReactNode;
  /** Content, or a function given `close` (e.g. to close after a choice). */
  children: ReactNode | ((close: () => void) => ReactNode);
  align?: "left" | "right";
  className?: string;
};

const MARGIN = 8;

export function Popover({ trigger, children, align = "left", className }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const anchorRef = useRef<HTMLSpanElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const id = useId();

  useLayoutEffect(() => {
    if (!open) {
      setPos(null);
      return;
    }
    const place = () => {
      const a = anchorRef.current?.getBoundingClientRect();
      const p = panelRef.current?.getBoundingClientRect();
      if (!a) return;
      const width = p?.width ?? 256;
      const height = p?.height ?? 0;
      let left = align === "right" ? a.right - width : a.left;
      left = Math.max(MARGIN, Math.min(left, window.innerWidth - width - MARGIN));
      let top = a.bottom + 4;
      if (height && top + height > window.innerHeight - MARGIN && a.top - height - 4 > MARGIN) top = a.top - height - 4;
      setPos({ top, left });
    };
    place();
    const raf = requestAnimationFrame(() => {
      place();
      const panel = panelRef.current;
      if (panel && !panel.contains(document.activeElement)) panel.focus({ preventScroll: true });
    });
    // Content that loads after opening changes the size: place again so it stays on screen.
    const observer = typeof ResizeObserver !== "undefined" ? new ResizeObserver(place) : null;
    if (panelRef.current) observer?.observe(panelRef.current);
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    return () => {
      cancelAnimationFrame(raf);
      observer?.disconnect();
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
    };
  }, [open, align]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (anchorRef.current?.contains(t) || panelRef.current?.contains(t)) return;
      setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        anchorRef.current?.querySelector<HTMLElement>("button, [tabindex]")?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <span ref={anchorRef} className="relative inline-block">
      {trigger({ onClick: () => setOpen((o) => !o), "aria-expanded": open, "aria-controls": id })}
      {open &&
        createPortal(
          <div
            ref={panelRef}
            id={id}
            role="dialog"
            tabIndex={-1}
            style={{ position: "fixed", top: pos?.top ?? -9999, left: pos?.left ?? -9999 }}
            className={cn(
              "z-50 min-w-64 outline-none max-w-[min(24rem,calc(100vw-16px))] rounded-lg border border-slate-200 bg-white p-3 text-left text-sm text-slate-700 shadow-lg",
              className,
            )}
          >
            {typeof children === "function" ? children(() => setOpen(false)) : children}
          </div>,
          document.body,
        )}
    </span>
  );
}
