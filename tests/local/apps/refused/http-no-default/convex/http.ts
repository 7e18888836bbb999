// Refused: the router is exported, but not as the default export.
import { httpActionGeneric, httpRouter } from "convex/server";

export const router = httpRouter();
router.route({ path: "/ping", method: "GET", handler: httpActionGeneric(async () => new Response("pong")) });
