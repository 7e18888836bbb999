// Reload: editing a file under the functions directory swaps in the new code
// (fresh module graph, helpers included) without losing data or sessions.
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { api, FIXTURE_FUNCTIONS, newClient, startBackend, tempDataDir, waitFor, type RunningBackend } from "./helpers.js";

// A copy of the fixture app outside the repository; node_modules is linked so
// that `convex/server` still resolves.
const appDir = tempDataDir();
const functionsDir = join(appDir, "convex");
cpSync(resolve(FIXTURE_FUNCTIONS), functionsDir, { recursive: true });
symlinkSync(resolve("node_modules"), join(appDir, "node_modules"), "dir");
// No "type": "module": Convex bundles convex/ as ES modules whatever package.json says.
writeFileSync(join(appDir, "package.json"), JSON.stringify({ name: "reloaded-app", private: true }));

let backend: RunningBackend | undefined;
afterAll(async () => {
  await backend?.stop();
  rmSync(appDir, { recursive: true, force: true });
});

it("reloads changed functions and keeps the data and live subscriptions", async () => {
  backend = await startBackend({ functionsDir, watch: true });
  const client = newClient(backend.url);
  await client.mutation(api.messages.send, { body: "before reload", author: "r" });
  let count: number | undefined;
  client.onUpdate(api.messages.count, {}, (n: number) => (count = n));
  await waitFor(() => count === 1, "the initial count");

  // A new helper module imported by the edited file: only a fresh module
  // graph picks both up.
  mkdirSync(join(functionsDir, "lib"), { recursive: true });
  writeFileSync(join(functionsDir, "lib", "offset.ts"), "export const OFFSET = 1000;\n");
  const file = join(functionsDir, "messages.ts");
  const source = readFileSync(file, "utf8")
    .replace('import { api, internal } from "./_generated/api";', 'import { api, internal } from "./_generated/api";\nimport { OFFSET } from "./lib/offset";')
    .replace('(await ctx.db.query("messages").collect()).length,', '(await ctx.db.query("messages").collect()).length + OFFSET,');
  writeFileSync(file, source);

  await waitFor(() => count === 1001, "the subscription to show the reloaded function's result", 20_000);
  expect(backend.output()).toContain("Functions reloaded.");

  // An edit Convex would refuse is refused with its message; the previous
  // functions keep serving.
  writeFileSync(join(functionsDir, "pdf.ts"), '"use node";\nimport { queryGeneric } from "convex/server";\nexport const render = queryGeneric({ args: {}, handler: async () => 1 });\n');
  await waitFor(() => backend!.output().includes("Reload failed, keeping the previous functions:\n`render` defined in `pdf.js` is a Query function."),
    "the refused reload", 20_000);
  await client.mutation(api.messages.send, { body: "after a refused reload", author: "r" });
  await waitFor(() => count === 1002, "the previous functions to keep serving");
  await client.close();
});
