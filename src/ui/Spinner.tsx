/** A loading indicator with an accessible label. */
import { cn } from "@/lib/cn";

export function Spinner({ label = "Loading…", className }: { label?: string; className?: string }) {
  return (
    <div role="status" className={cn("flex items-center gap-2 p-4 text-sm text-slate-500", className)}>
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" aria-hidden />
      <span>{label}</span>
    </div>
  );
}
