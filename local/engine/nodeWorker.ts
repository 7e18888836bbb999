// The worker thread that runs "use node" actions (started by nodeActions.ts).
//
// On Convex, Node.js actions run apart from the database, so a CPU-heavy
// action never holds up queries and mutations. Here they run in worker
// threads: the worker imports the action's bundled module and calls its
// `invokeAction`, exactly as Convex's Node executor does. The Convex
// runtime inside the bundle talks to the backend through the
// `globalThis.Convex` syscall entry points; this file implements them by
// asking the main thread (runQuery, runMutation, runAction, scheduler,
// storage, ...), which answers them in the calling action's context. The
// caller's identity is known here, and console output is sent back as the
// action's log lines.
//
// It is bundled into plain JavaScript on start (workers do not inherit the
// process's TypeScript loader), so it imports Node built-ins only.
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import { parentPort } from "node:worker_threads";

type Run = { type: "run"; callId: number; url: string; exportName: string; argsJson: string; identityJson: string };
type Reply = { type: "reply"; replyId: number; ok: boolean; result?: unknown; error?: { message: string; data?: unknown } };
type Call = { callId: number; identityJson: string };

const port = parentPort!;
const current = new AsyncLocalStorage<Call>();
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
let nextReply = 0;

function ask(call: Call, message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<unknown> {
  const replyId = ++nextReply;
  return new Promise((resolve, reject) => {
    waiting.set(replyId, { resolve, reject });
    port.postMessage({ ...message, callId: call.callId, replyId }, transfer);
  });
}

function callOrThrow(what: string): Call {
  const call = current.getStore();
  if (call === undefined) throw new Error(`${what} was used outside of a running action.`);
  return call;
}

(globalThis as unknown as { Convex: unknown }).Convex = {
  syscall(op: string): string {
    throw new Error(`\`${op}\` is not supported in actions.`);
  },
  async asyncSyscall(op: string, json: string): Promise<string> {
    const call = callOrThrow(op);
    if (op === "1.0/getUserIdentity") return call.identityJson;
    return (await ask(call, { type: "syscall", op, json })) as string;
  },
  async jsSyscall(op: string, args: Record<string, unknown>): Promise<unknown> {
    const call = callOrThrow(op);
    if (op === "storage/storeBlob") {
      const blob = args.blob as Blob;
      const bytes = await blob.arrayBuffer();
      return await ask(call, { type: "storeBlob", bytes, contentType: blob.type || null }, [bytes]);
    }
    if (op === "storage/getBlob") {
      const found = (await ask(call, { type: "getBlob", storageId: args.storageId })) as { bytes: ArrayBuffer; contentType: string | null } | null;
      return found === null ? null : new Blob([found.bytes], found.contentType ? { type: found.contentType } : {});
    }
    throw new Error(`\`${op}\` is not supported in actions.`);
  },
};

const levels: Record<string, string> = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" };
const c = console as unknown as Record<string, (...a: unknown[]) => void>;
for (const [method, level] of Object.entries(levels)) {
  const print = c[method].bind(console);
  c[method] = (...a: unknown[]) => {
    const call = current.getStore();
    if (call === undefined) return print(...a);
    port.postMessage({ type: "log", callId: call.callId, line: `[${level}] ${format(...a)}` });
  };
}

type Invokable = { invokeAction?: (requestId: string, argsJson: string) => Promise<string> };

async function run(message: Run): Promise<void> {
  const call: Call = { callId: message.callId, identityJson: message.identityJson };
  await current.run(call, async () => {
    try {
      const module = (await import(message.url)) as Record<string, Invokable>;
      const fn = module[message.exportName];
      if (typeof fn?.invokeAction !== "function") throw new Error(`${message.exportName} is not an action.`);
      const resultJson = await fn.invokeAction(`node-${message.callId}`, message.argsJson);
      port.postMessage({ type: "done", callId: message.callId, resultJson });
    } catch (e) {
      const err = e as { name?: string; message?: string; stack?: string; data?: unknown };
      const convexError = e !== null && typeof e === "object" && Symbol.for("ConvexError") in e;
      port.postMessage({
        type: "failed",
        callId: message.callId,
        error: {
          name: err?.name ?? "Error",
          message: err?.message ?? String(e),
          stack: err?.stack,
          ...(convexError && typeof err.data === "string" ? { data: err.data } : {}),
        },
      });
    }
  });
}

port.on("message", (message: Run | Reply) => {
  if (message.type === "run") {
    void run(message);
    return;
  }
  const w = waiting.get(message.replyId);
  if (w === undefined) return;
  waiting.delete(message.replyId);
  if (message.ok) w.resolve(message.result);
  else w.reject(Object.assign(new Error(message.error?.message ?? "Unknown error"), message.error?.data !== undefined ? { data: message.error.data } : {}));
});
