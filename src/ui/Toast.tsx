/**
 * Renders posted toasts bottom-right in a polite live region; each fades out
 * after a few seconds or when dismissed.
 */
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { ToastContext, type ToastInput } from "./ToastContext";

type Item = ToastInput & { id: number };

const TONE = {
  info: "border-slate-200",
  success: "border-emerald-300",
  error: "border-red-300",
  warning: "border-amber-300",
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Item[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((xs) => xs.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (toast: ToastInput) => {
      const id = next.current++;
      setItems((xs) => [...xs.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), toast.tone === "error" ? 8000 : 4000);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2">
        {items.map((t) => (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            className={cn("pointer-events-auto rounded-lg border-l-4 border bg-white px-3 py-2 text-sm shadow-lg", TONE[t.tone ?? "info"])}
          >
            <div className="flex items-start justify-between gap-2">
              <p className="font-medium text-slate-800">{t.title}</p>
              <button type="button" aria-label="Dismiss" className="text-slate-500 hover:text-slate-700" onClick={() => dismiss(t.id)}>
                ×
              </button>
            </div>
            {t.description && <p className="mt-0.5 text-slate-600">{t.description}</p>}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
