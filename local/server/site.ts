// The site origin (default port 3211): serves the HTTP actions routed by the
// app's `convex/http.ts`, like `https://<deployment>.convex.site`. The app's
// routes answer CORS themselves, as on Convex.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine, Identity } from "../engine/engine.js";
import type { TokenVerifier } from "./auth.js";
import { readBody } from "./httpApi.js";

export class SiteServer {
  constructor(private readonly engine: Engine, private readonly verifier: TokenVerifier) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    let identity: Identity | null = null;
    const authorization = req.headers.authorization;
    if (authorization?.startsWith("Bearer ")) {
      try {
        identity = await this.verifier.verify(authorization.slice(7));
      } catch {
        identity = null; // the action sees an anonymous caller
      }
    }
    const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
    const response = await this.engine.fetchHttpAction(req.url ?? "/", { method, headers, body: body as BodyInit | undefined }, identity);
    const outHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      const prev = outHeaders[name];
      outHeaders[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, outHeaders);
    res.end(method === "HEAD" ? undefined : bytes);
  }
}
