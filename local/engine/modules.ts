// Loads a Convex functions directory from disk, without a bundler.
//
// Each instance imports the files through its own tsx namespace
// (`register({ namespace })`): a reload gets a fresh module graph (including
// the app's own helpers and its copy of `convex`), not the cached one from the
// first import, while the modules of one load share one graph. Older graphs
// stay in memory until the process exits; that is the price of reloading
// without restarting, and fine for a development server.
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

export type ModuleExports = Record<string, unknown>;

/** A Convex function as registered by `query`, `mutation`, `action`, ... */
export type RegisteredFunction = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  isHttp?: boolean;
};

export type FunctionKind = "query" | "mutation" | "action";

const SOURCE_FILE = /\.(m?[jt]sx?)$/;

/** Module path as Convex names it: relative, "/" separators, no extension. */
function modulePathOf(root: string, file: string): string {
  return relative(root, file).split(sep).join("/").replace(/\.[^./]+$/, "");
}

export class FunctionModules {
  /** Absolute path of the functions directory. */
  readonly root: string;
  /** Module path ("dir/file") -> absolute file path. */
  readonly files: Map<string, string>;
  private readonly cache = new Map<string, Promise<ModuleExports>>();
  private scopedImport: ((specifier: string, parent: string) => Promise<ModuleExports>) | null = null;

  private constructor(root: string, files: Map<string, string>) {
    this.root = root;
    this.files = files;
  }

  /** Lists the source files of `dir`; nothing is imported yet. */
  static scan(dir: string): FunctionModules {
    const root = resolve(dir);
    const files = new Map<string, string>();
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (SOURCE_FILE.test(name) && !name.endsWith(".d.ts") && !/\.test\.[jt]sx?$/.test(name)) {
          files.set(modulePathOf(root, p), p);
        }
      }
    };
    walk(root);
    return new FunctionModules(root, files);
  }

  has(modulePath: string): boolean {
    return this.files.has(modulePath);
  }

  /** Imports one module (once per FunctionModules instance). */
  load(modulePath: string): Promise<ModuleExports> {
    let p = this.cache.get(modulePath);
    if (!p) {
      const file = this.files.get(modulePath);
      if (file === undefined) return Promise.reject(new Error(`Could not find module for: "${modulePath}"`));
      if (this.scopedImport === null) {
        const namespace = `functions-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        this.scopedImport = register({ namespace }).import as (s: string, p: string) => Promise<ModuleExports>;
      }
      p = this.scopedImport(pathToFileURL(file).href, import.meta.url);
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
  convexTestModules(): Record<string, () => Promise<ModuleExports>> {
    const out: Record<string, () => Promise<ModuleExports>> = {};
    for (const modulePath of this.files.keys()) out[`/fn/${modulePath}.js`] = () => this.load(modulePath);
    if (![...this.files.keys()].some((k) => k.startsWith("_generated/"))) {
      out["/fn/_generated/server.js"] = () => Promise.resolve({});
    }
    return out;
  }

  /** A loader for convex-test's component registry (used after reload). */
  loader(): (path: string) => Promise<ModuleExports> {
    return (path: string) => this.load(path);
  }
}

/** Splits "dir/mod:fn" (".js" suffix allowed, no name = default). */
export function parseUdfPath(udfPath: string): { modulePath: string; exportName: string; canonical: string } {
  const [rawModule, exportName = "default"] = udfPath.split(":");
  const modulePath = rawModule.replace(/\.js$/, "");
  return { modulePath, exportName, canonical: `${modulePath}:${exportName}` };
}

export function kindOf(fn: RegisteredFunction): FunctionKind | null {
  if (fn.isQuery) return "query";
  if (fn.isMutation) return "mutation";
  if (fn.isAction) return "action";
  return null;
}
