/**
 * The Convex client's logger. The client writes every failed call to
 * console.error ("[CONVEX M(...)] Uncaught ConvexError ..."), including the
 * refusals the app expects and shows in words (CONFLICT, FORBIDDEN, ...).
 * Those are handled where the call is made, so they go to the debug log;
 * anything else (a server bug, a lost connection) stays an error.
 */
import type { ConvexReactClient } from "convex/react";

type Logger = NonNullable<Exclude<ConstructorParameters<typeof ConvexReactClient>[1], undefined>["logger"]>;

const HANDLED = /ConvexError[\s\S]*"code":\s*"(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND|INVALID_ARGUMENT|CONFLICT)"/;

export function appLogger(): Exclude<Logger, boolean> {
  return {
    logVerbose: (...args: unknown[]) => console.debug(...args),
    log: (...args: unknown[]) => console.log(...args),
    warn: (...args: unknown[]) => console.warn(...args),
    error: (...args: unknown[]) => {
      if (args.some((a) => typeof a === "string" && HANDLED.test(a))) console.debug("(handled by the app)", ...args);
      else console.error(...args);
    },
  };
}
