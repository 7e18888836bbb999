/** A failed load or action, with the server's message and an optional retry. */
import type { ReactNode } from "react";
import { getErrorInfo } from "@/lib/getErrorInfo";

export function ErrorState({ error, title = "Something went wrong", action }: { error: unknown; title?: string; action?: ReactNode }) {
  const info = getErrorInfo(error);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-medium">{info.code === "FORBIDDEN" ? "Not allowed" : title}</p>
      <p className="mt-0.5">{info.message}</p>
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
