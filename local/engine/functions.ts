// The functions convex-test runs, wrapped so they behave as on Convex.
//
// convex-test calls a registered function's `_handler` after checking its
// arguments against `exportArgs()` with its own wording. Each query,
// mutation and action of the app is handed to convex-test as a wrapper that
//  - reports no validators to convex-test, and checks arguments and return
//    values itself with Convex's messages (validation.ts);
//  - runs "use node" actions in a worker thread (nodeActions.ts) instead of
//    on the main thread;
//  - lets the engine run bookkeeping inside the transaction of the
//    outermost mutation of a run (a scheduled job's state, a cron's next
//    run), so it commits or rolls back with the function's own writes.
import type { Value } from "convex/values";
import type { ModuleRuntime } from "./bundle.js";
import { ConvexValidationError, VALIDATION_ERROR, argumentsError, returnsError, type ValidatorJson } from "./validation.js";

export type ModuleExports = Record<string, unknown>;

/** A Convex function as registered by `query`, `mutation`, `action`, ... */
export type RegisteredFunction = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  isHttp?: boolean;
  exportArgs?: () => string;
  exportReturns?: () => string;
  _handler?: (ctx: unknown, args: unknown) => unknown;
};

export type FunctionKind = "query" | "mutation" | "action";

export function kindOf(fn: RegisteredFunction | undefined): FunctionKind | null {
  if (fn === null || (typeof fn !== "object" && typeof fn !== "function")) return null;
  if (fn.isQuery) return "query";
  if (fn.isMutation) return "mutation";
  if (fn.isAction) return "action";
  return null;
}

/**
 * Work the engine attaches to the outermost function of one run. `before`
 * and `after` run inside that function's transaction (mutations only).
 */
export type TopLevelHook = {
  before?: () => void;
  after?: () => void;
};

export type WrapContext = {
  /** The hook of the run this call is the outermost function of, taken once. */
  claimTopLevel(): TopLevelHook | undefined;
  /** Runs a "use node" action off the main thread, within the caller's context. */
  runNodeAction(bundleUrl: string, exportName: string, args: Record<string, Value>, identity: unknown): Promise<Value>;
};

type ActionCtx = { auth?: { getUserIdentity(): Promise<unknown> } };

const NO_VALIDATOR = JSON.stringify({ type: "any" });
let nextCall = 0;

/** The module as convex-test should see it: every function wrapped. */
export function wrapModule(
  modulePath: string,
  runtime: ModuleRuntime,
  exports: ModuleExports,
  bundleUrl: string,
  context: WrapContext,
): ModuleExports {
  const out: ModuleExports = {};
  for (const [name, value] of Object.entries(exports)) {
    const fn = value as RegisteredFunction;
    const kind = kindOf(fn);
    out[name] = kind === null || typeof fn._handler !== "function" ? value : wrapFunction(bundleUrl, name, runtime, fn, kind, context);
  }
  return out;
}

function wrapFunction(
  bundleUrl: string,
  exportName: string,
  runtime: ModuleRuntime,
  fn: RegisteredFunction,
  kind: FunctionKind,
  context: WrapContext,
): RegisteredFunction {
  const args = JSON.parse(fn.exportArgs?.() ?? NO_VALIDATOR) as ValidatorJson;
  const returns = JSON.parse(fn.exportReturns?.() ?? "null") as ValidatorJson | null;
  const inWorker = runtime === "node" && kind === "action";
  const handler = fn._handler!;
  return {
    isQuery: fn.isQuery,
    isMutation: fn.isMutation,
    isAction: fn.isAction,
    isPublic: fn.isPublic,
    isInternal: fn.isInternal,
    exportArgs: () => NO_VALIDATOR,
    exportReturns: () => "null",
    _handler: async (ctx: unknown, callArgs: unknown) => {
      const call = ++nextCall;
      const hook = context.claimTopLevel();
      try {
        if (kind === "mutation") hook?.before?.();
        const argsProblem = argumentsError(args, (callArgs ?? {}) as Record<string, Value>);
        if (argsProblem !== null) throw branded(argsProblem, call);
        const result = inWorker
          ? await context.runNodeAction(bundleUrl, exportName, (callArgs ?? {}) as Record<string, Value>,
            await (ctx as ActionCtx).auth?.getUserIdentity())
          : await handler(ctx, callArgs);
        const returnsProblem = returnsError(returns, result as Value | undefined);
        if (returnsProblem !== null) throw branded(returnsProblem, call);
        if (kind === "mutation") hook?.after?.();
        return result;
      } catch (e) {
        throw asSeenByCaller(e, call);
      }
    },
  };
}

const ORIGIN = Symbol("validation error origin");

function branded(message: string, call: number): ConvexValidationError {
  const error = new ConvexValidationError(message);
  (error as unknown as Record<symbol, number>)[ORIGIN] = call;
  return error;
}

/**
 * A validation error is the failing function's own error only for the call
 * that raised it. Thrown on through a caller (an action's `ctx.runQuery`
 * with bad arguments, uncaught), Convex reports it as that caller's
 * uncaught Error.
 */
function asSeenByCaller(e: unknown, call: number): unknown {
  if (e instanceof Error && (e as unknown as Record<symbol, unknown>)[VALIDATION_ERROR] === true) {
    const origin = (e as unknown as Record<symbol, number>)[ORIGIN];
    if (origin !== call) {
      const plain = new Error(e.message);
      plain.stack = e.stack;
      return plain;
    }
  }
  return e;
}
