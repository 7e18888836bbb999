// Loading test app: HTTP actions routed by the default-exported router.
import { httpRouter } from "convex/server";
import { api } from "./_generated/api";
import { httpAction } from "./_generated/server";
import greeting from "./lib/greeting";

const http = httpRouter();
http.route({
  path: "/greet",
  method: "GET",
  handler: httpAction(async (_ctx, req) => new Response(greeting(new URL(req.url).searchParams.get("name") ?? "world"))),
});
http.route({
  path: "/notes",
  method: "POST",
  handler: httpAction(async (ctx, req) => {
    const id = await ctx.runMutation(api.notes.add, { text: await req.text(), source: "http" });
    return new Response(id, { status: 201 });
  }),
});
export default http;
