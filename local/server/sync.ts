// The WebSocket sync protocol (`/api/<version>/sync`) that ConvexClient and
// ConvexReactClient speak, on top of the engine.
//
// Each socket is a session with a query set, an identity and the version
// triple {querySet, identity, ts} it last sent. After a commit, the queries
// whose read tables intersect the written tables are re-run, and a Transition
// carries the results that changed. Ordering rules the client relies on:
//  - a mutation's MutationResponse goes out before any Transition whose ts
//    covers its commit (a session with a committed but unanswered mutation
//    waits for the answer before it gets a Transition);
//  - each Transition starts at the previous one's end version;
//  - auth counts as confirmed when a Transition raises `identity`.
// Mutations re-sent after a reconnect are recognised by (sessionId,
// requestId) and answered without running again.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { JSONValue, Value } from "convex/values";
import { inRootContext, type Engine, type Identity, type RunResult } from "../engine/engine.js";
import { AuthenticationError, type TokenVerifier } from "./auth.js";
import { decodeArgs, encodeTs, SerialQueue } from "./protocol.js";

/** Idle time after which we send Ping; the client gives up after 60 s. */
const PING_AFTER_MS = 15_000;

type Query = {
  udfPath: string;
  args: Record<string, Value> | null;
  argsError?: string;
  /** Opaque to the client; we keep a paginated query's end cursor here. */
  journal: string | null;
  /** Tables read by the last run; undefined before the first run, null = unknown. */
  reads: Set<string> | null | undefined;
  lastResult: string | null;
};

type PendingMutation = { committedTs?: bigint; answered: boolean };

type Session = {
  ws: WebSocket;
  sessionId: string | null;
  queries: Map<number, Query>;
  querySetVersion: number;
  identityVersion: number;
  identity: Identity | null;
  sent: { querySet: number; identity: number; ts: bigint };
  removed: number[];
  rerunAll: boolean;
  dirtyTables: Set<string>;
  pending: Set<PendingMutation>;
  inbox: Promise<void>;
  lastSentAt: number;
  clockSkew?: number;
  closed: boolean;
};

type ClientMessage = { type: string } & Record<string, unknown>;

export class SyncServer {
  private readonly sessions = new Set<Session>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  private readonly inFlight = new Map<string, Promise<Record<string, unknown>>>();
  private refreshing = false;
  private refreshAgain = false;
  private refreshScheduled = false;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly engine: Engine,
    private readonly verifier: TokenVerifier,
    private readonly mutations: SerialQueue,
  ) {
    engine.onCommit((tables) => {
      for (const s of this.sessions) for (const t of tables) s.dirtyTables.add(t);
      this.requestRefresh();
    });
    this.pingTimer = setInterval(() => {
      const now = Date.now();
      for (const s of this.sessions) if (now - s.lastSentAt >= PING_AFTER_MS) this.send(s, { type: "Ping" });
    }, 5_000);
    this.pingTimer.unref();
  }

  /** Handles an HTTP upgrade for `/api/<version>/sync`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws));
  }

  /** Re-runs every query of every session (after a reload). */
  invalidateAll(): void {
    for (const s of this.sessions) s.rerunAll = true;
    this.requestRefresh();
  }

  close(): void {
    clearInterval(this.pingTimer);
    for (const s of this.sessions) s.ws.close(1001, "Local backend shutting down");
    this.sessions.clear();
    this.wss.close();
  }

  private open(ws: WebSocket): void {
    const s: Session = {
      ws, sessionId: null, queries: new Map(), querySetVersion: 0, identityVersion: 0, identity: null,
      sent: { querySet: 0, identity: 0, ts: 0n }, removed: [], rerunAll: false, dirtyTables: new Set(),
      pending: new Set(), inbox: Promise.resolve(), lastSentAt: Date.now(), closed: false,
    };
    this.sessions.add(s);
    ws.on("message", (data) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(String(data)) as ClientMessage;
      } catch {
        return this.fatal(s, "Received a message that is not JSON");
      }
      // Messages are handled in order; only Authenticate actually waits.
      s.inbox = s.inbox.then(() => this.handle(s, msg)).catch((e: unknown) => this.fatal(s, String((e as Error)?.message ?? e)));
    });
    ws.on("close", () => {
      s.closed = true;
      this.sessions.delete(s);
    });
    ws.on("error", () => ws.terminate());
  }

  private async handle(s: Session, msg: ClientMessage): Promise<void> {
    if (s.closed) return;
    switch (msg.type) {
      case "Connect": {
        s.sessionId = String(msg.sessionId);
        if (typeof msg.clientTs === "number") s.clockSkew = msg.clientTs - Date.now();
        return;
      }
      case "Authenticate": {
        if (msg.baseVersion !== s.identityVersion) {
          return this.fatal(s, `Authenticate base version ${String(msg.baseVersion)} does not match the current version ${s.identityVersion}`);
        }
        let identity: Identity | null = null;
        if (msg.tokenType === "User") {
          try {
            identity = await this.verifier.verify(String(msg.value));
          } catch (e) {
            const error = e instanceof AuthenticationError ? e.message : `Authentication failed: ${String(e)}`;
            this.send(s, { type: "AuthError", error, baseVersion: s.identityVersion, authUpdateAttempted: true });
            return;
          }
        } else if (msg.tokenType === "Admin") {
          return this.fatal(s, "Admin authentication is not supported by the local backend");
        }
        s.identity = identity;
        s.identityVersion += 1;
        s.rerunAll = true;
        this.requestRefresh();
        return;
      }
      case "ModifyQuerySet": {
        if (msg.baseVersion !== s.querySetVersion) {
          return this.fatal(s, `Base version ${String(msg.baseVersion)} passed up doesn't match the current version ${s.querySetVersion}`);
        }
        s.querySetVersion = msg.newVersion as number;
        for (const m of msg.modifications as Array<Record<string, unknown>>) {
          const queryId = m.queryId as number;
          if (m.type === "Add") {
            const q: Query = { udfPath: String(m.udfPath), args: null, journal: (m.journal as string | null | undefined) ?? null, reads: undefined, lastResult: null };
            try {
              q.args = decodeArgs(m.args);
            } catch (e) {
              q.argsError = (e as Error).message;
            }
            s.queries.set(queryId, q);
          } else if (m.type === "Remove") {
            s.queries.delete(queryId);
            s.removed.push(queryId);
          }
        }
        this.requestRefresh();
        return;
      }
      case "Mutation":
        return this.mutation(s, msg);
      case "Action":
        return this.action(s, msg);
      case "Event":
        return;
      default:
        return this.fatal(s, `Unknown message type ${msg.type}`);
    }
  }

  // ---- mutations and actions ----

  private mutation(s: Session, msg: ClientMessage): void {
    const requestId = msg.requestId as number;
    const key = `${s.sessionId}|${requestId}`;
    const pending: PendingMutation = { answered: false };
    s.pending.add(pending);
    const identity = s.identity;
    let response = this.inFlight.get(key);
    if (!response) {
      const remembered = this.engine.rememberedResponse(key);
      if (remembered) {
        // Applied before (this connection or an earlier one): answer again.
        pending.committedTs = this.engine.lastCommitTs();
        response = Promise.resolve({ success: true, result: remembered.result ?? null, ts: encodeTs(pending.committedTs), logLines: [] });
      } else {
        response = this.mutations.push(async () => {
          let args: Record<string, Value>;
          try {
            args = decodeArgs(msg.args);
          } catch (e) {
            return { success: false, result: (e as Error).message, logLines: [] };
          }
          const r = await this.engine.run("mutation", String(msg.udfPath), args, {
            identity,
            requestKey: key,
            onCommitted: (ts) => (pending.committedTs = ts),
          });
          if (!r.success) return failure(r);
          this.engine.rememberResponse(key, r.value);
          // A mutation that wrote nothing still needs a ts the client can wait for.
          const ts = r.commitTs ?? this.engine.lastCommitTs();
          pending.committedTs ??= ts;
          return { success: true, result: r.value, ts: encodeTs(ts), logLines: r.logLines };
        });
        this.inFlight.set(key, response);
        void response.finally(() => this.inFlight.delete(key)).catch(() => undefined);
      }
    } else {
      // The same request is still running for an earlier connection.
      pending.committedTs = this.engine.lastCommitTs();
    }
    void response
      .catch((e: unknown) => ({ success: false, result: `Internal error: ${String(e)}`, logLines: [] }))
      .then((body) => {
        this.send(s, { type: "MutationResponse", requestId, ...body });
        pending.answered = true;
        s.pending.delete(pending);
        this.requestRefresh();
      });
  }

  private action(s: Session, msg: ClientMessage): void {
    const requestId = msg.requestId as number;
    const identity = s.identity;
    void (async () => {
      let r: RunResult;
      try {
        r = await this.engine.run("action", String(msg.udfPath), decodeArgs(msg.args), { identity });
      } catch (e) {
        return this.send(s, { type: "ActionResponse", requestId, success: false, result: (e as Error).message, logLines: [] });
      }
      this.send(s, r.success
        ? { type: "ActionResponse", requestId, success: true, result: r.value, logLines: r.logLines }
        : { type: "ActionResponse", requestId, ...failure(r) });
    })();
  }

  // ---- query refresh ----

  private requestRefresh(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    // Often called from inside a commit: start from the root context, or the
    // queries would run as if nested in that mutation.
    scheduleInRoot(() => {
      this.refreshScheduled = false;
      void this.refreshLoop();
    });
  }

  private async refreshLoop(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        for (const s of [...this.sessions]) {
          if (!s.closed && s.sessionId !== null) await this.refreshSession(s);
        }
      } while (this.refreshAgain);
    } catch (e) {
      process.stderr.write(`Query refresh failed: ${String((e as Error)?.stack ?? e)}\n`);
    } finally {
      this.refreshing = false;
    }
  }

  private async refreshSession(s: Session): Promise<void> {
    // Its mutation committed but is not answered yet: the answer comes first.
    for (const p of s.pending) if (p.committedTs !== undefined && !p.answered) return;
    const ts = this.engine.lastCommitTs();
    const querySet = s.querySetVersion;
    const identityVersion = s.identityVersion;
    const identity = s.identity;
    const dirty = s.dirtyTables;
    s.dirtyTables = new Set();
    const rerunAll = s.rerunAll;
    s.rerunAll = false;
    const modifications: Array<Record<string, unknown>> = s.removed.map((queryId) => ({ type: "QueryRemoved", queryId }));
    s.removed = [];

    for (const [queryId, q] of [...s.queries]) {
      const stale = rerunAll || q.reads === undefined || q.reads === null || [...q.reads].some((t) => dirty.has(t));
      if (!stale) continue;
      const r = await this.runQuery(q, identity);
      if (s.queries.get(queryId) !== q) continue; // removed meanwhile
      q.reads = r.reads;
      const hash = JSON.stringify(r.success ? [true, r.value, r.logLines] : [false, stripRequestId(r.errorMessage), r.errorData, r.logLines]);
      if (hash === q.lastResult) continue;
      q.lastResult = hash;
      modifications.push(r.success
        ? { type: "QueryUpdated", queryId, value: r.value, logLines: r.logLines, journal: q.journal }
        : { type: "QueryFailed", queryId, ...failureFields(r), journal: q.journal });
    }
    if (s.closed) return;
    const end = { querySet, identity: identityVersion, ts: ts > s.sent.ts ? ts : s.sent.ts };
    const unchanged = end.querySet === s.sent.querySet && end.identity === s.sent.identity && end.ts === s.sent.ts;
    if (unchanged && modifications.length === 0) return;
    this.send(s, {
      type: "Transition",
      startVersion: { querySet: s.sent.querySet, identity: s.sent.identity, ts: encodeTs(s.sent.ts) },
      endVersion: { querySet: end.querySet, identity: end.identity, ts: encodeTs(end.ts) },
      modifications,
      ...(s.clockSkew !== undefined ? { clientClockSkew: s.clockSkew } : {}),
      serverTs: Date.now() * 1_000_000,
    });
    s.sent = end;
  }

  /**
   * Runs a subscribed query. A paginated query (args.paginationOpts, result
   * {page, isDone, continueCursor}) keeps the end cursor of its first run in
   * the journal and re-runs up to that cursor, so that a page neither loses
   * nor duplicates rows when others are inserted or deleted.
   */
  private async runQuery(q: Query, identity: Identity | null): Promise<RunResult> {
    if (q.args === null) return { success: false, errorMessage: q.argsError ?? "Invalid arguments", logLines: [], reads: null };
    const endCursor = readJournal(q.journal);
    let args = q.args;
    const opts = args.paginationOpts as Record<string, Value> | undefined;
    const paginated = opts !== null && typeof opts === "object" && !Array.isArray(opts) && "numItems" in opts;
    if (paginated && endCursor !== null && (opts.endCursor === undefined || opts.endCursor === null)) {
      args = { ...args, paginationOpts: { ...opts, endCursor } };
    }
    const r = await this.engine.run("query", q.udfPath, args, { identity });
    if (paginated && endCursor === null && r.success) {
      const value = r.value as { continueCursor?: unknown; page?: unknown } | null;
      if (value && typeof value === "object" && typeof value.continueCursor === "string" && Array.isArray(value.page)) {
        q.journal = JSON.stringify({ endCursor: value.continueCursor });
      }
    }
    return r;
  }

  // ---- sending ----

  private send(s: Session, msg: Record<string, unknown>): void {
    if (s.closed || s.ws.readyState !== WebSocket.OPEN) return;
    s.ws.send(JSON.stringify(msg));
    s.lastSentAt = Date.now();
  }

  private fatal(s: Session, error: string): void {
    this.send(s, { type: "FatalError", error });
    s.ws.close(1011, error.slice(0, 120));
  }
}

function readJournal(journal: string | null): string | null {
  if (journal === null) return null;
  try {
    const parsed = JSON.parse(journal) as { endCursor?: unknown };
    return typeof parsed.endCursor === "string" ? parsed.endCursor : null;
  } catch {
    return null;
  }
}

function failureFields(r: RunResult & { success: false }): { errorMessage: string; logLines: string[]; errorData?: JSONValue } {
  return { errorMessage: r.errorMessage, logLines: r.logLines, ...(r.errorData !== undefined ? { errorData: r.errorData } : {}) };
}

function failure(r: RunResult & { success: false }): Record<string, unknown> {
  return { success: false, result: r.errorMessage, logLines: r.logLines, ...(r.errorData !== undefined ? { errorData: r.errorData } : {}) };
}

function stripRequestId(message: string): string {
  return message.replace(/^\[Request ID: [0-9a-f]+\] /, "");
}

function scheduleInRoot(fn: () => void): void {
  inRootContext(() => setImmediate(fn));
}
