// Loads a Convex functions directory: bundles it as Convex does (bundle.ts),
// imports the bundles, and refuses what Convex would refuse at deploy time
// with Convex's messages (a query or mutation in a "use node" file, an
// http.ts / crons.ts / schema.ts without the right default export, a module
// that throws while it is imported).
//
// Each instance is one build: a reload builds again into a new directory and
// so imports a fresh module graph (the app's helpers and its copy of
// `convex` included), while the modules of one build share one graph.
// Older graphs stay in memory until the process exits; that is the price of
// reloading without restarting, and fine for a development server.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BuildWorkspace, FunctionsFolderError, scanFunctionsDir, type BuiltFunctions, type ModuleRuntime } from "./bundle.js";
import { kindOf, type ModuleExports, type RegisteredFunction } from "./functions.js";

export { kindOf, type FunctionKind, type ModuleExports, type RegisteredFunction } from "./functions.js";

// Stack traces of the app's code point at its sources, not at the bundles.
process.setSourceMapsEnabled(true);

const KIND_NAME = { query: "Query", mutation: "Mutation", action: "Action" } as const;
const SCHEMA_DOCS = "To learn more, see the schema documentation at https://docs.convex.dev/database/schemas.";

export type Wrap = (modulePath: string, runtime: ModuleRuntime, exports: ModuleExports, bundleUrl: string) => ModuleExports;

export class FunctionModules {
  /** Absolute path of the functions directory. */
  readonly root: string;
  /** Module path ("dir/file") -> absolute source file path. */
  readonly files: Map<string, string>;
  private readonly built: BuiltFunctions;
  private readonly cache = new Map<string, Promise<ModuleExports>>();
  private readonly wrapped = new Map<string, Promise<ModuleExports>>();

  private constructor(root: string, files: Map<string, string>, built: BuiltFunctions) {
    this.root = root;
    this.files = files;
    this.built = built;
  }

  /**
   * Bundles and imports every module of `dir` and checks the folder as
   * Convex does; throws FunctionsFolderError with Convex's message if it
   * would be refused.
   */
  static async load(dir: string, workspace: BuildWorkspace): Promise<FunctionModules> {
    const files = scanFunctionsDir(dir);
    const root = resolve(dir);
    const built = await workspace.build(root, files);
    const modules = new FunctionModules(root, files, built);
    // A build from the cache passed these checks when it was made; its modules load on first use.
    if (built.cached) return modules;
    try {
      await modules.analyze();
    } catch (e) {
      workspace.discard(built);
      throw e;
    }
    workspace.keep(built);
    return modules;
  }

  has(modulePath: string): boolean {
    return this.files.has(modulePath);
  }

  runtime(modulePath: string): ModuleRuntime {
    return this.built.runtimes.get(modulePath) ?? "isolate";
  }

  /** The bundled file of a module (what a worker thread imports). */
  bundleUrl(modulePath: string): string {
    const file = this.built.outFiles.get(modulePath);
    if (file === undefined) throw new Error(`Could not find module for: "${modulePath}"`);
    return pathToFileURL(file).href;
  }

  /** The module's own exports (imported once per instance). */
  load(modulePath: string): Promise<ModuleExports> {
    let p = this.cache.get(modulePath);
    if (!p) {
      if (!this.built.outFiles.has(modulePath)) return Promise.reject(new Error(`Could not find module for: "${modulePath}"`));
      p = import(this.bundleUrl(modulePath)) as Promise<ModuleExports>;
      this.cache.set(modulePath, p);
    }
    return p;
  }

  /** The default export of an optional module (schema, crons, http, auth.config). */
  async loadDefault(modulePath: string): Promise<unknown> {
    if (!this.has(modulePath)) return undefined;
    return (await this.load(modulePath)).default;
  }

  /**
   * The module map convex-test expects: keys that contain "_generated" tell
   * it where the functions root is. Keys are made-up paths below `/fn/`.
   */
  convexTestModules(wrap: Wrap): Record<string, () => Promise<ModuleExports>> {
    const out: Record<string, () => Promise<ModuleExports>> = {};
    for (const modulePath of this.files.keys()) out[`/fn/${modulePath}.js`] = () => this.loadWrapped(modulePath, wrap);
    if (![...this.files.keys()].some((k) => k.startsWith("_generated/"))) {
      out["/fn/_generated/server.js"] = () => Promise.resolve({});
    }
    return out;
  }

  /** A loader for convex-test's component registry (used after reload). */
  loader(wrap: Wrap): (path: string) => Promise<ModuleExports> {
    return (path: string) => this.loadWrapped(path, wrap);
  }

  private loadWrapped(modulePath: string, wrap: Wrap): Promise<ModuleExports> {
    let p = this.wrapped.get(modulePath);
    if (!p) {
      p = this.load(modulePath).then((exports) => wrap(modulePath, this.runtime(modulePath), exports, this.bundleUrl(modulePath)));
      this.wrapped.set(modulePath, p);
    }
    return p;
  }

  /** Imports everything and applies Convex's deploy-time checks. */
  private async analyze(): Promise<void> {
    for (const modulePath of this.files.keys()) {
      let exports: ModuleExports;
      try {
        exports = await this.load(modulePath);
      } catch (e) {
        throw new FunctionsFolderError(`Failed to analyze ${modulePath}.js: ${describeImportError(e, this.root)}`);
      }
      if (this.runtime(modulePath) === "node") {
        for (const [name, value] of Object.entries(exports)) {
          const kind = kindOf(value as RegisteredFunction);
          if (kind === "query" || kind === "mutation") {
            throw new FunctionsFolderError(
              `\`${name}\` defined in \`${modulePath}.js\` is a ${KIND_NAME[kind]} function. Only actions can be defined in Node.js. See https://docs.convex.dev/functions/actions for more details.`,
            );
          }
        }
      }
      if (modulePath === "http") checkDefault(exports, "isRouter", "`convex/http.js` must have a default export of a Router.", "The default export of `convex/http.js` is not a Router.");
      if (modulePath === "crons") checkDefault(exports, "isCrons", "`convex/crons.js` must have a default export of a Crons object.", "The default export of `convex/crons.js` is not a Crons object.");
      if (modulePath === "schema") checkSchema(exports);
    }
  }
}

/** Splits "dir/mod:fn" (".js" suffix allowed, no name = default). */
export function parseUdfPath(udfPath: string): { modulePath: string; exportName: string; canonical: string } {
  const [rawModule, exportName = "default"] = udfPath.split(":");
  const modulePath = rawModule.replace(/\.js$/, "");
  return { modulePath, exportName, canonical: `${modulePath}:${exportName}` };
}

function checkDefault(exports: ModuleExports, flag: string, missing: string, wrong: string): void {
  if (!("default" in exports) || exports.default === undefined) throw new FunctionsFolderError(missing);
  const value = exports.default as Record<string, unknown> | null;
  if (value === null || typeof value !== "object" || value[flag] !== true) throw new FunctionsFolderError(wrong);
}

function checkSchema(exports: ModuleExports): void {
  const schema = exports.default as { export?: unknown } | null | undefined;
  if (schema === undefined || schema === null) throw new FunctionsFolderError(`Schema file missing default export. ${SCHEMA_DOCS}`);
  try {
    if (typeof schema.export !== "function") throw new Error("no export()");
    JSON.parse((schema.export as () => string).call(schema));
  } catch {
    throw new FunctionsFolderError(`Default export from schema file isn't a Convex schema. ${SCHEMA_DOCS}`);
  }
}

/** "Uncaught Error: message" and the app's own frames, as Convex reports import-time throws. */
function describeImportError(e: unknown, root: string): string {
  if (!(e instanceof Error)) return `Uncaught ${String(e)}`;
  const frames = (e.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at ") && l.includes(root)).slice(0, 3);
  return `Uncaught ${e.name}: ${e.message}${frames.length ? `\n${frames.join("\n")}` : ""}`;
}
