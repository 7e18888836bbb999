/**
 * Turns anything thrown by a Convex call into what the UI shows: the
 * server's `{code, message}` for ConvexErrors (see convex/lib/errors.ts), a
 * generic sentence otherwise.
 */
import { ConvexError } from "convex/values";

export type ErrorInfo = {
  code: "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "INVALID_ARGUMENT" | "CONFLICT" | "UNKNOWN";
  message: string;
  data: Record<string, unknown>;
};

export function getErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ConvexError) {
    const data = (typeof error.data === "object" && error.data !== null ? error.data : { message: String(error.data) }) as Record<
      string,
      unknown
    >;
    return {
      code: (typeof data.code === "string" ? data.code : "UNKNOWN") as ErrorInfo["code"],
      message: typeof data.message === "string" ? data.message : "Something went wrong.",
      data,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const cleaned = message
    .replace(/^\[CONVEX [^\]]*\]\s*/, "")
    .replace(/\[Request ID: [^\]]*\]\s*/, "")
    .split("\n")[0];
  return { code: "UNKNOWN", message: cleaned || "Something went wrong.", data: {} };
}
