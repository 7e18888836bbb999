"use node";
// Refused: a "use node" file may define actions only; this one has a query.
import { actionGeneric, queryGeneric } from "convex/server";

export const render = actionGeneric({ args: {}, handler: async () => "pdf" });
export const latest = queryGeneric({ args: {}, handler: async () => null });
