/**
 * `convex/` still passes the Convex deploy bundler with the Node actions in
 * it. This runs the CLI's own code, offline: the bundle of the `convex`
 * command (node_modules/convex/dist/cli.bundle.cjs) is loaded without
 * starting its command line, and its `configFromProjectConfig` (what
 * `npx convex deploy` calls before it uploads) bundles every module for
 * Convex's runtime and every "use node" module for Node with esbuild, with
 * convex.json's externalPackages left for the server to install.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { expect, test } from "vitest";

type CliInternals = {
  readProjectConfig: (ctx: unknown) => Promise<{ projectConfig: any; configPath: string }>;
  configFromProjectConfig: (ctx: unknown, projectConfig: unknown, configPath: string, verbose: boolean) => Promise<{ config: any }>;
  nodeFs: unknown;
};

function loadCli(): CliInternals {
  const require = createRequire(import.meta.url);
  const file = require.resolve("convex/package.json").replace(/package\.json$/, "dist/cli.bundle.cjs");
  const source = readFileSync(file, "utf8");
  const start = source.lastIndexOf("void main();");
  expect(start, "the CLI bundle ends by calling main()").toBeGreaterThan(0);
  const patched = `${source.slice(0, start)}init_fs(); module.exports = { readProjectConfig, configFromProjectConfig, nodeFs };${source.slice(start + "void main();".length)}`;
  const mod = { exports: {} as CliInternals };
  new Function("module", "exports", "require", "__filename", "__dirname", patched)(mod, mod.exports, createRequire(file), file, dirname(file));
  return mod.exports;
}

test("convex/ bundles for Convex's runtime and for Node, with pdfkit, exceljs, nodemailer and highs left external", async () => {
  const cli = loadCli();
  const ctx = {
    fs: cli.nodeFs,
    crash: async (args: { printedMessage?: string | null; errForSentry?: unknown }) => {
      throw new Error(args.printedMessage ?? String(args.errForSentry ?? "bundling failed"));
    },
    registerCleanup: () => "",
    removeCleanup: () => null,
  };
  const { projectConfig, configPath } = await cli.readProjectConfig(ctx);
  expect(projectConfig.node.externalPackages).toEqual(["pdfkit", "exceljs", "nodemailer", "highs"]);
  const { config } = await cli.configFromProjectConfig(ctx, projectConfig, configPath, false);
  const modules = config.modules as { path: string; source: string; environment: "isolate" | "node" }[];
  const paths = (env: string) => modules.filter((m) => m.environment === env).map((m) => m.path);
  expect(paths("isolate")).toEqual(expect.arrayContaining(["reports/schedules.js", "reports/executions.js", "reports/data.js", "jobs/runner.js", "crons.js"]));
  expect(paths("node")).toEqual(expect.arrayContaining(["reports/build.js", "reports/email.js", "workload/suggestionsSolver.js"]));
  for (const m of modules) {
    if (m.environment === "isolate") expect(m.source).not.toMatch(/pdfkit|nodemailer|exceljs|highs\.wasm/);
  }
  const external = (config.nodeDependencies as { name: string; version: string }[]).map((d) => d.name).sort();
  expect(external).toEqual(["exceljs", "highs", "nodemailer", "pdfkit"]);
}, 240_000);
