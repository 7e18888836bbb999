/**
 * HTTP actions (served on the deployment's .convex.site origin; locally on
 * port 3211): a health check and the import feeds of external systems
 * (imports/http.ts, authenticated by API keys). The app itself talks to
 * Convex through the sync protocol, and uploads use ctx.storage.generateUploadUrl().
 */
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";
import { importStatus, postImport } from "./imports/http";

const http = httpRouter();

http.route({
  path: "/health",
  method: "GET",
  handler: httpAction(async () => new Response("ok", { headers: { "Content-Type": "text/plain" } })),
});

http.route({ path: "/api/imports", method: "POST", handler: httpAction(postImport) });
http.route({ path: "/api/imports/status", method: "GET", handler: httpAction(importStatus) });

export default http;
