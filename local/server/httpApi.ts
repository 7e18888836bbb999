// The HTTP side of the main origin (default port 3210):
//   POST /api/query | /api/query_at_ts | /api/mutation | /api/action   (ConvexHttpClient)
//   POST /api/run/<dir/module/function>                                 (scripts, curl)
//   POST /api/query_ts                                                   -> {ts}
//   POST /api/storage/upload       body = file, Content-Type kept       -> {storageId}
//   GET  /api/storage/<storageId>  the file, with its content type
//   /dev-auth/...                  the local identity provider (devAuth.ts)
// Browsers on any localhost port may call it (CORS).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine, Identity, RunResult } from "../engine/engine.js";
import type { FunctionKind } from "../engine/modules.js";
import { AuthenticationError, type TokenVerifier } from "./auth.js";
import { DEV_AUTH_PATH, parseTokenRequest, type DevAuth } from "./devAuth.js";
import { decodeArgs, encodeTs, type SerialQueue } from "./protocol.js";

/** Largest request body accepted (uploads included). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

const FUNCTION_ENDPOINTS: Record<string, FunctionKind> = {
  "/api/query": "query",
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
};

export class HttpApi {
  constructor(
    private readonly engine: Engine,
    private readonly verifier: TokenVerifier,
    private readonly devAuth: DevAuth,
    private readonly mutations: SerialQueue,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const json = (status: number, body: unknown) =>
      void res.writeHead(status, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify(body));

    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    if (path === "/" || path === "/version") return void res.writeHead(200, { ...cors, "Content-Type": "text/plain" }).end("This Convex deployment is running (local backend).\n");
    if (path.startsWith(`${DEV_AUTH_PATH}/`)) return this.devAuthRoute(req, path.slice(DEV_AUTH_PATH.length), json);
    if (path === "/api/query_ts") return json(200, { ts: encodeTs(this.engine.lastCommitTs()) });
    if (path === "/api/storage/upload" && req.method === "POST") {
      const bytes = await readBody(req);
      const contentType = req.headers["content-type"] ?? null;
      const storageId = await this.engine.storeFile(bytes, contentType);
      return json(200, { storageId });
    }
    if (path.startsWith("/api/storage/") && (req.method === "GET" || req.method === "HEAD")) {
      const file = this.engine.getFile(decodeURIComponent(path.slice("/api/storage/".length)));
      if (!file) return json(404, { code: "FileNotFound", message: "File not found" });
      const bytes = Buffer.from(await file.blob.arrayBuffer());
      res.writeHead(200, {
        ...cors,
        "Content-Type": file.contentType ?? "application/octet-stream",
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "private, max-age=2592000, immutable",
      });
      return void res.end(req.method === "HEAD" ? undefined : bytes);
    }

    let kind: FunctionKind | "any" | undefined = FUNCTION_ENDPOINTS[path];
    let udfPath: string | undefined;
    if (path.startsWith("/api/run/")) {
      // /api/run/dir/module/function -> "dir/module:function"
      const parts = path.slice("/api/run/".length).split("/").filter(Boolean);
      if (parts.length >= 2) {
        kind = "any";
        udfPath = `${parts.slice(0, -1).join("/")}:${parts[parts.length - 1]}`;
      }
    }
    if (kind === undefined || req.method !== "POST") return json(404, { code: "NotFound", message: `No route for ${req.method} ${path}` });

    let body: { path?: string; args?: unknown };
    try {
      body = JSON.parse(Buffer.from(await readBody(req)).toString("utf8") || "{}") as typeof body;
    } catch {
      return json(400, { code: "BadJsonBody", message: "The request body is not valid JSON" });
    }
    udfPath ??= body.path;
    if (typeof udfPath !== "string") return json(400, { code: "BadRequest", message: "Missing `path`" });

    let identity: Identity | null = null;
    const authorization = req.headers.authorization;
    if (authorization?.startsWith("Bearer ")) {
      try {
        identity = await this.verifier.verify(authorization.slice(7));
      } catch (e) {
        const message = e instanceof AuthenticationError ? e.message : String(e);
        return json(401, { code: "Unauthenticated", message });
      }
    }
    let args;
    try {
      args = decodeArgs(body.args);
    } catch (e) {
      return json(400, { code: "BadRequest", message: (e as Error).message });
    }

    const run = (k: FunctionKind | "any") => this.engine.run(k, udfPath, args, { identity });
    let result: RunResult;
    if (kind === "mutation") result = await this.mutations.push(() => run("mutation"));
    else if (kind === "any") {
      let resolvedKind: FunctionKind | "any" = "any";
      try {
        resolvedKind = (await this.engine.resolve(udfPath, "any", false)).kind;
      } catch {
        // run() reports the same error in the usual format
      }
      result = resolvedKind === "mutation" ? await this.mutations.push(() => run("any")) : await run("any");
    } else result = await run(kind);

    if (result.success) return json(200, { status: "success", value: result.value, logLines: result.logLines });
    return json(560, {
      status: "error",
      errorMessage: result.errorMessage,
      logLines: result.logLines,
      ...(result.errorData !== undefined ? { errorData: result.errorData } : {}),
    });
  }

  private async devAuthRoute(req: IncomingMessage, sub: string, json: (status: number, body: unknown) => void): Promise<void> {
    if (sub === "/.well-known/openid-configuration" && req.method === "GET") return json(200, this.devAuth.discoveryDocument());
    if (sub === "/.well-known/jwks.json" && req.method === "GET") return json(200, this.devAuth.jwks());
    if (sub === "/token" && req.method === "POST") {
      let request;
      try {
        request = parseTokenRequest(JSON.parse(Buffer.from(await readBody(req)).toString("utf8") || "null"));
      } catch (e) {
        return json(400, { code: "BadRequest", message: (e as Error).message });
      }
      return json(200, await this.devAuth.issueToken(request));
    }
    return json(404, { code: "NotFound", message: `No dev-auth route ${req.method} ${sub}` });
  }
}

/** CORS for browsers on any local origin (the Vite dev server's port varies). */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  let allowed: boolean;
  try {
    const host = new URL(origin).hostname;
    allowed = host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
  } catch {
    allowed = false;
  }
  if (!allowed) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, PUT, OPTIONS",
    "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Content-Type, Authorization, Convex-Client",
    "Access-Control-Max-Age": "86400",
    Vary: "Origin",
  };
}

export async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
