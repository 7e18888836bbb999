/**
 * HTTP actions (served on the deployment's .convex.site origin; locally on
 * port 3211). Only a health check so far: the app talks to Convex through the
 * sync protocol, and file uploads use ctx.storage.generateUploadUrl().
 */
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";

const http = httpRouter();

http.route({
  path: "/health",
  method: "GET",
  handler: httpAction(async () => new Response("ok", { headers: { "Content-Type": "text/plain" } })),
});

export default http;
