/** A failed load or action, with the server's message (the reason, in words) and an optional action. */
import type { ReactNode } from "react";
import { getErrorInfo } from "@/lib/getErrorInfo";

const TITLES: Partial<Record<string, string>> = { FORBIDDEN: "Not available to you", NOT_FOUND: "Not found" };

export function ErrorState({ error, title = "Something went wrong", action }: { error: unknown; title?: string; action?: ReactNode }) {
  const info = getErrorInfo(error);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" data-testid="error-state">
      <p className="font-medium">{TITLES[info.code] ?? title}</p>
      <p className="mt-0.5">{info.message}</p>
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
