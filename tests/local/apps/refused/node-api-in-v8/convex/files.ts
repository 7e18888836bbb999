// Refused: Node's file system from a file without "use node".
import { readFileSync } from "node:fs";
import { queryGeneric } from "convex/server";

export const readme = queryGeneric({ args: {}, handler: async () => readFileSync("README.md", "utf8") });
