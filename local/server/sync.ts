// The WebSocket sync protocol (`/api/<version>/sync`) that ConvexClient and
// ConvexReactClient speak, on top of the engine.
//
// Each socket is a session with a query set, an identity and the version
// triple {querySet, identity, ts} it last sent. Queries are subscriptions
// shared by every session that asks for the same function, arguments and
// identity (one run serves them all). A commit marks stale the subscriptions
// whose range-level read sets it touched; a refresh re-runs those on one
// committed version and sends each session a Transition at that version's
// timestamp with the results that changed for it. Ordering rules the client
// relies on:
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
import type { CommitRecord, Version } from "../storage/database.js";
import { ReadSet, ReadSetIndex } from "../storage/readSet.js";
import { AuthenticationError, type TokenVerifier } from "./auth.js";
import { decodeArgs, encodeTs, SerialQueue } from "./protocol.js";

/** Largest client frame accepted; a larger one closes that socket (1009). */
export const MAX_FRAME_BYTES = 24 * 1024 * 1024;

/** Idle time after which we send Ping; the client gives up after 60 s. */
const PING_AFTER_MS = 15_000;

/** One run shared by every session subscribed to the same (function, args, identity, end cursor). */
type Subscription = {
  key: string;
  udfPath: string;
  args: Record<string, Value> | null;
  argsError?: string;
  identity: Identity | null;
  /** A paginated query's end cursor, kept in its journal. */
  endCursor: string | null;
  paginated: boolean;
  result: RunResult | null;
  /** (value, log lines) of the last run, to tell whether a session needs it. */
  hash: string | null;
  stale: boolean;
  /** Bumped by every commit that touches it, to catch commits during a run. */
  generation: number;
  queries: Set<Query>;
};

type Query = {
  queryId: number;
  session: Session;
  udfPath: string;
  rawArgs: unknown;
  /** Opaque to the client; we keep a paginated query's end cursor here. */
  journal: string | null;
  sub: Subscription;
  /** The subscription hash this session last received. */
  lastSent: string | null;
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
  pending: Set<PendingMutation>;
  /** Connect has arrived (it is handled in order with the messages after it). */
  connecting: boolean;
  /** A MutationResponse went out: the client resolves it only on a later Transition. */
  transitionDue: boolean;
  inbox: Promise<void>;
  lastSentAt: number;
  clockSkew?: number;
  closed: boolean;
};

type ClientMessage = { type: string } & Record<string, unknown>;

export class SyncServer {
  private readonly sessions = new Set<Session>();
  // Convex caps function arguments at 16 MiB; a frame may carry that plus its envelope.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly inFlight = new Map<string, Promise<Record<string, unknown>>>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly readSets = new ReadSetIndex<Subscription>();
  /** Commits newer than the version the current refresh reads. */
  private recentCommits: CommitRecord[] = [];
  private refreshing = false;
  private refreshAgain = false;
  private refreshScheduled = false;
  private readonly pingTimer: NodeJS.Timeout;
  /** Runs per refresh and subscriptions, for the bench and tests. */
  readonly metrics = { queryRuns: 0, transitions: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly verifier: TokenVerifier,
    private readonly mutations: SerialQueue,
  ) {
    engine.onCommit((record) => {
      this.recentCommits.push(record);
      const fieldsOf = (t: string) => engine.storage.engine.indexFieldsOf(t);
      for (const sub of this.readSets.touched(record.changes, fieldsOf)) this.markStale(sub);
      this.requestRefresh();
    });
    this.pingTimer = setInterval(() => {
      const now = Date.now();
      for (const s of this.sessions) if (now - s.lastSentAt >= PING_AFTER_MS) this.send(s, { type: "Ping" });
    }, 5_000);
    this.pingTimer.unref();
  }

  private markStale(sub: Subscription): void {
    sub.stale = true;
    sub.generation += 1;
  }

  /** Handles an HTTP upgrade for `/api/<version>/sync`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws));
  }

  /** Re-runs every query of every session (after a reload). */
  invalidateAll(): void {
    for (const sub of this.subscriptions.values()) this.markStale(sub);
    this.requestRefresh();
  }

  /** Distinct subscriptions (shared runs) and the session queries on them. */
  subscriptionCounts(): { subscriptions: number; queries: number } {
    let queries = 0;
    for (const sub of this.subscriptions.values()) queries += sub.queries.size;
    return { subscriptions: this.subscriptions.size, queries };
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
      sent: { querySet: 0, identity: 0, ts: 0n }, removed: [],
      pending: new Set(), connecting: false, transitionDue: false, inbox: Promise.resolve(), lastSentAt: Date.now(), closed: false,
    };
    this.sessions.add(s);
    ws.on("message", (data) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(String(data)) as ClientMessage;
      } catch {
        return this.fatal(s, "Received a message that is not JSON");
      }
      const problem = malformed(msg, s.sessionId !== null || s.connecting);
      if (problem !== null) return this.fatal(s, problem);
      if (msg.type === "Connect") s.connecting = true;
      // Messages are handled in order; only Authenticate actually waits.
      s.inbox = s.inbox.then(() => this.handle(s, msg)).catch((e: unknown) => this.fatal(s, String((e as Error)?.message ?? e)));
    });
    ws.on("close", () => {
      s.closed = true;
      this.sessions.delete(s);
      for (const q of s.queries.values()) this.detach(q);
      s.queries.clear();
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
        // Another identity: every query moves to that identity's subscription.
        for (const q of s.queries.values()) this.attach(q, q.journal);
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
            const old = s.queries.get(queryId);
            if (old) this.detach(old);
            const q = { queryId, session: s, udfPath: String(m.udfPath), rawArgs: m.args, journal: null, lastSent: null } as unknown as Query;
            this.attach(q, (m.journal as string | null | undefined) ?? null);
            s.queries.set(queryId, q);
          } else if (m.type === "Remove") {
            const q = s.queries.get(queryId);
            if (q) this.detach(q);
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
        // The client resolves a successful mutation on the next Transition
        // whose ts covers it, even when no query changed (a mutation that
        // wrote nothing does not move the clock).
        s.transitionDue = true;
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

  // ---- subscriptions ----

  /** Puts `q` on the subscription for its function, args, identity and journal. */
  private attach(q: Query, journal: string | null): void {
    if (q.sub) this.detach(q);
    q.journal = journal;
    const identity = q.session.identity;
    const endCursor = readJournal(journal);
    const key = JSON.stringify([q.udfPath, q.rawArgs ?? null, identity, endCursor]);
    let sub = this.subscriptions.get(key);
    if (!sub) {
      let args: Record<string, Value> | null = null;
      let argsError: string | undefined;
      try {
        args = decodeArgs(q.rawArgs);
      } catch (e) {
        argsError = (e as Error).message;
      }
      const opts = args?.paginationOpts as Record<string, Value> | undefined;
      const paginated = opts !== null && typeof opts === "object" && !Array.isArray(opts) && "numItems" in opts;
      sub = {
        key, udfPath: q.udfPath, args, argsError, identity, endCursor, paginated,
        result: null, hash: null, stale: true, generation: 0, queries: new Set(),
      };
      this.subscriptions.set(key, sub);
    }
    sub.queries.add(q);
    q.sub = sub;
  }

  private detach(q: Query): void {
    const sub = q.sub;
    if (!sub) return;
    sub.queries.delete(q);
    if (sub.queries.size === 0) {
      this.subscriptions.delete(sub.key);
      this.readSets.delete(sub);
    }
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
        // Every query of this round reads the same committed version.
        const version = this.engine.snapshotVersion();
        this.recentCommits = this.recentCommits.filter((c) => c.ts > version.ts);
        // Session by session, each as soon as its own queries are current
        // (runs are shared, so later sessions reuse them): sessions waiting
        // for a mutation's Transition first, so an edit's acknowledgement does
        // not wait for every other client's refresh.
        const sessions = [...this.sessions].filter((s) => !s.closed && s.sessionId !== null);
        sessions.sort((a, b) => Number(b.transitionDue) - Number(a.transitionDue));
        const ran = new Set<Subscription>();
        for (const s of sessions) {
          for (const q of [...s.queries.values()]) {
            const sub = q.sub;
            if (!sub.stale || ran.has(sub) || this.subscriptions.get(sub.key) !== sub) continue;
            ran.add(sub);
            await this.runSubscription(sub, version);
          }
          if (!s.closed) this.refreshSession(s, version);
        }
      } while (this.refreshAgain);
    } catch (e) {
      process.stderr.write(`Query refresh failed: ${String((e as Error)?.stack ?? e)}\n`);
    } finally {
      this.refreshing = false;
    }
  }

  private async runSubscription(sub: Subscription, version: Version): Promise<void> {
    const generation = sub.generation;
    const r = await this.runQuery(sub, version);
    this.metrics.queryRuns += 1;
    if (this.subscriptions.get(sub.key) !== sub) return; // nobody wants it any more
    sub.result = r;
    sub.hash = JSON.stringify(r.success ? [true, r.value, r.logLines] : [false, stripRequestId(r.errorMessage), r.errorData, r.logLines]);
    const reads = r.reads ?? new ReadSet();
    this.readSets.set(sub, reads);
    // Fresh unless a commit touched it while it ran, or a commit newer than
    // `version` touches what this run read (its old read set may not have).
    const fieldsOf = (t: string) => this.engine.storage.engine.indexFieldsOf(t);
    sub.stale = sub.generation !== generation || this.recentCommits.some((c) => c.ts > version.ts && reads.touchedBy(c.changes, fieldsOf));
    if (sub.stale) this.refreshAgain = true;
    // A first page without an end cursor: its sessions keep this page's end
    // in their journal from now on (a subscription of its own).
    if (sub.paginated && sub.endCursor === null && r.success) {
      const value = r.value as { continueCursor?: unknown; page?: unknown } | null;
      if (value && typeof value === "object" && typeof value.continueCursor === "string" && Array.isArray(value.page)) {
        const journal = JSON.stringify({ endCursor: value.continueCursor });
        for (const q of [...sub.queries]) {
          this.attach(q, journal);
          const next = q.sub;
          if (next.result === null) {
            next.result = sub.result;
            next.hash = sub.hash;
            next.stale = sub.stale;
            this.readSets.set(next, reads);
          }
        }
      }
    }
  }

  private refreshSession(s: Session, version: Version): void {
    // Its mutation committed but is not answered yet: the answer comes first.
    for (const p of s.pending) if (p.committedTs !== undefined && !p.answered) return;
    const querySet = s.querySetVersion;
    const identityVersion = s.identityVersion;
    const modifications: Array<Record<string, unknown>> = s.removed.map((queryId) => ({ type: "QueryRemoved", queryId }));
    s.removed = [];
    for (const q of s.queries.values()) {
      const sub = q.sub;
      if (sub.result === null) {
        this.refreshAgain = true; // added after this round's runs
        continue;
      }
      if (sub.hash === q.lastSent) continue;
      q.lastSent = sub.hash;
      const r = sub.result;
      modifications.push(r.success
        ? { type: "QueryUpdated", queryId: q.queryId, value: r.value, logLines: r.logLines, journal: q.journal }
        : { type: "QueryFailed", queryId: q.queryId, ...failureFields(r), journal: q.journal });
    }
    if (s.closed) return;
    const end = { querySet, identity: identityVersion, ts: version.ts > s.sent.ts ? version.ts : s.sent.ts };
    const unchanged = end.querySet === s.sent.querySet && end.identity === s.sent.identity && end.ts === s.sent.ts;
    if (unchanged && modifications.length === 0 && !s.transitionDue) return;
    s.transitionDue = false;
    this.send(s, {
      type: "Transition",
      startVersion: { querySet: s.sent.querySet, identity: s.sent.identity, ts: encodeTs(s.sent.ts) },
      endVersion: { querySet: end.querySet, identity: end.identity, ts: encodeTs(end.ts) },
      modifications,
      ...(s.clockSkew !== undefined ? { clientClockSkew: s.clockSkew } : {}),
      serverTs: Date.now() * 1_000_000,
    });
    this.metrics.transitions += 1;
    s.sent = end;
  }

  /**
   * Runs a subscription on `version`. A paginated query with an end cursor
   * re-runs up to that cursor, so that a page neither loses nor duplicates
   * rows when others are inserted or deleted.
   */
  private async runQuery(sub: Subscription, version: Version): Promise<RunResult> {
    if (sub.args === null) return { success: false, errorMessage: sub.argsError ?? "Invalid arguments", logLines: [], reads: new ReadSet() };
    let args = sub.args;
    const opts = args.paginationOpts as Record<string, Value> | undefined;
    if (sub.paginated && sub.endCursor !== null && (opts!.endCursor === undefined || opts!.endCursor === null)) {
      args = { ...args, paginationOpts: { ...opts!, endCursor: sub.endCursor } };
    }
    return await this.engine.run("query", sub.udfPath, args, { identity: sub.identity, snapshot: version });
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

/**
 * Why a client message is refused, or null. The session must start with
 * Connect; each message must have the fields its type needs. A refused
 * message ends that session only (FatalError, then close).
 */
function malformed(msg: unknown, connected: boolean): string | null {
  if (msg === null || typeof msg !== "object" || Array.isArray(msg)) return "Received a message that is not a JSON object";
  const m = msg as Record<string, unknown>;
  if (typeof m.type !== "string") return "Received a message without a type";
  if (!connected && m.type !== "Connect") return `Expected Connect as the first message, got ${m.type}`;
  const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
  switch (m.type) {
    case "Connect":
      return typeof m.sessionId === "string" && m.sessionId !== "" ? null : "Connect needs a sessionId";
    case "Authenticate":
      return isInt(m.baseVersion) && typeof m.tokenType === "string" ? null : "Authenticate needs baseVersion and tokenType";
    case "ModifyQuerySet":
      if (!isInt(m.baseVersion) || !isInt(m.newVersion) || !Array.isArray(m.modifications)) return "ModifyQuerySet needs baseVersion, newVersion and modifications";
      if ((m.newVersion as number) <= (m.baseVersion as number)) return "ModifyQuerySet must move to a newer version";
      for (const mod of m.modifications as unknown[]) {
        const x = mod as Record<string, unknown> | null;
        if (!x || typeof x !== "object" || !isInt(x.queryId)) return "A query set modification needs a queryId";
        if (x.type === "Add" && typeof x.udfPath !== "string") return "An added query needs a udfPath";
        if (x.type !== "Add" && x.type !== "Remove") return `Unknown query set modification ${String(x.type)}`;
      }
      return null;
    case "Mutation":
    case "Action":
      return isInt(m.requestId) && typeof m.udfPath === "string" ? null : `${m.type} needs requestId and udfPath`;
    default:
      return null;
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
