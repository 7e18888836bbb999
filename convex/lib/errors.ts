/**
 * The errors a client is expected to handle. Every failure a person can cause
 * is a ConvexError whose data is `{ code, message, ...details }`, so the UI
 * can branch on `code` and show `message` as it is.
 *
 *   throw appError("NOT_FOUND", "This module no longer exists.");
 */
import { ConvexError } from "convex/values";

export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "INVALID_ARGUMENT",
  "CONFLICT",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorData = {
  code: ErrorCode;
  message: string;
  [detail: string]: unknown;
};

/** Builds the ConvexError to throw; `details` travel to the client (e.g. the current value on CONFLICT). */
export function appError(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return new ConvexError({ ...details, code, message } as AppErrorData & Record<string, any>);
}

/** True for errors thrown with `appError`, on the server or as received by a client. */
export function isAppError(error: unknown): error is ConvexError<any> & { data: AppErrorData } {
  return (
    error instanceof ConvexError &&
    typeof (error.data as AppErrorData | undefined)?.code === "string" &&
    ERROR_CODES.includes((error.data as AppErrorData).code)
  );
}
