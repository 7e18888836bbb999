// Bundles a Convex functions directory the way Convex's CLI does, so that it
// loads the same whatever the `package.json` files around it say.
//
// Convex always bundles `convex/` with esbuild as ES modules: files without
// a "use node" directive for its V8 runtime (platform "browser", conditions
// "convex" and "module", npm packages bundled in), "use node" files for
// Node.js (platform "node"; packages listed in convex.json
// `node.externalPackages` stay external). Importing the folder through a
// loader instead makes its format depend on the nearest package.json: as
// CommonJS, default exports (schema, http, crons) come back wrapped.
//
// Each build goes to a fresh directory under a per-process temporary root,
// as `.mjs` files (ES modules whatever package.json is nearby), one per
// module of the folder plus shared chunks; importing them gives a fresh
// module graph per build, which is what reload needs. The root holds a
// `node_modules` link to the app's own, so the few external imports resolve
// exactly as from the functions directory.
//
// Start-up reuses the previous process's build when nothing it was built
// from changed (build cache below `node_modules/.cache/convex-local`, keyed
// by the folder's files, the installed packages and esbuild's version, and
// checked against every local file esbuild read): a restart then neither
// bundles nor imports every module up front (a cached build passed the
// deploy-time checks when it was made, so its modules load on first use).
// Reloads always build afresh, so that they get a fresh module graph.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export type ModuleRuntime = "isolate" | "node";

/**
 * A functions directory Convex would refuse to deploy. The message is the
 * one Convex prints; callers show it without a stack trace.
 */
export class FunctionsFolderError extends Error {
  override name = "FunctionsFolderError";
}

export type BuiltFunctions = {
  /** Module path ("dir/file", no extension) -> bundled `.mjs` file. */
  outFiles: Map<string, string>;
  runtimes: Map<string, ModuleRuntime>;
  dir: string;
  /** Taken from the build cache: already checked as Convex would, so it need not be imported up front. */
  cached: boolean;
  /** Cache key and the local files esbuild read (absolute path -> sha256), for `keep`. */
  cacheKey: string | null;
  inputs: Record<string, string>;
};

/** Bump when the build options or the cache layout change. */
const BUILD_CACHE_FORMAT = "1";
/** Build cache entries kept (the most recently used). */
const BUILD_CACHE_ENTRIES = 4;

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

type CacheManifest = { outFiles: Record<string, string>; runtimes: Record<string, ModuleRuntime>; inputs: Record<string, string> };

const SOURCE_FILE = /\.(m?[jt]sx?|cjs|cts)$/;
/** Modules Convex evaluates in its own runtime only ("use node" is refused there). */
const ISOLATE_ONLY = new Set(["http", "crons", "schema", "auth.config"]);

/** Module path as Convex names it: relative, "/" separators, no extension. */
export function modulePathOf(root: string, file: string): string {
  return relative(root, file).split(sep).join("/").replace(/\.[^./]+$/, "");
}

/** The source files of a functions directory, by module path. */
export function scanFunctionsDir(dir: string): Map<string, string> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new FunctionsFolderError(`The functions directory ${root} does not exist.`);
  }
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === "node_modules" || name.startsWith(".") || name.startsWith("#")) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        // A nested component definition is not part of this app's functions.
        if (!existsSync(join(p, "convex.config.ts"))) walk(p);
      } else if (SOURCE_FILE.test(name) && !name.endsWith(".d.ts") && !/\.test\.[cm]?[jt]sx?$/.test(name) && !name.includes(" ")) {
        files.set(modulePathOf(root, p), p);
      }
    }
  };
  walk(root);
  return files;
}

/**
 * Whether a file starts with the "use node" directive (among the directives
 * before its first statement; comments allowed), as Convex's CLI decides.
 */
export function hasUseNodeDirective(source: string): boolean {
  if (!source.includes("use node")) return false;
  let rest = source.replace(/^\uFEFF/, "").replace(/^#![^\n]*/, "");
  for (;;) {
    rest = rest.replace(/^(\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)+/, "");
    const directive = /^(["'])([^"'\\\n]*)\1\s*;?/.exec(rest);
    if (!directive) return false;
    if (directive[2] === "use node") return true;
    rest = rest.slice(directive[0].length);
  }
}

/** The nearest `node_modules` directory at or above `dir`. */
function nearestNodeModules(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const candidate = join(d, "node_modules");
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) return null;
  }
}

/** `node.externalPackages` of the app's convex.json (next to the functions directory). */
function externalPackages(functionsRoot: string): string[] {
  for (const dir of [dirname(functionsRoot), functionsRoot]) {
    const file = join(dir, "convex.json");
    if (!existsSync(file)) continue;
    try {
      const config = JSON.parse(readFileSync(file, "utf8")) as { node?: { externalPackages?: unknown } };
      const list = config.node?.externalPackages;
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
    } catch (e) {
      throw new FunctionsFolderError(`Couldn't parse "${file}". Make sure it's a valid JSON. Error: ${String(e)}`);
    }
  }
  return [];
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Next.js's `server-only` marker throws outside a server bundle; Convex stubs it. */
const serverOnlyPlugin: esbuild.Plugin = {
  name: "server-only-stub",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, (args) => ({ path: args.path, namespace: "server-only-stub" }));
    build.onLoad({ filter: /.*/, namespace: "server-only-stub" }, () => ({ contents: "", loader: "js" }));
  },
};

/** Convex's V8 runtime has AsyncLocalStorage; here it is Node's own. */
const asyncHooksPlugin: esbuild.Plugin = {
  name: "async-hooks",
  setup(build) {
    build.onResolve({ filter: /^(node:)?async_hooks$/ }, () => ({ path: "node:async_hooks", external: true }));
  },
};

/** Keeps convex.json's `node.externalPackages` out of the Node bundle. */
function nodeExternalsPlugin(allow: string[]): esbuild.Plugin {
  return {
    name: "node-externals",
    setup(build) {
      if (allow.length === 0) return;
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = packageName(args.path);
        if (name === "convex" || !(allow.includes("*") || allow.includes(name))) return null;
        return { path: args.path, external: true };
      });
    },
  };
}

/** esbuild's own report, plus Convex's hint when a V8 file reached for Node APIs. */
async function describeBuildFailure(e: unknown, platform: esbuild.Platform): Promise<FunctionsFolderError> {
  const failure = e as esbuild.BuildFailure;
  if (!Array.isArray(failure?.errors)) return new FunctionsFolderError(String((e as Error)?.message ?? e));
  const text = (await esbuild.formatMessages(failure.errors, { kind: "error", color: false })).join("").trimEnd();
  const nodeApis = platform !== "node" && failure.errors.some((m) => m.notes.some((n) => n.text.includes("Are you trying to bundle for node?")));
  const hint = nodeApis
    ? '\n\nIt looks like you are using Node APIs from a file without the "use node" directive.\n' +
      'Split out actions using Node.js APIs like this into a new file only containing actions that uses "use node" so these actions will run in a Node.js environment.\n' +
      "For more information see https://docs.convex.dev/functions/runtimes#nodejs-runtime"
    : "";
  return new FunctionsFolderError(`${text}${hint}`);
}

/**
 * The temporary directory that holds this process's builds. Builds of
 * processes that died without cleaning up are removed on start.
 */
export class BuildWorkspace {
  readonly root: string;
  private counter = 0;
  private workerEntryPromise: Promise<string> | null = null;
  private readonly builds: string[] = [];
  /** Where finished builds are kept across processes; null: no node_modules, no cache. */
  private readonly cacheRoot: string | null;
  private readonly lockfileHash: string;

  constructor(functionsRoot: string) {
    removeStaleWorkspaces();
    this.root = join(tmpdir(), `convex-local-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(this.root, { recursive: true });
    const nodeModules = nearestNodeModules(functionsRoot);
    if (nodeModules !== null) symlinkSync(nodeModules, join(this.root, "node_modules"), "junction");
    this.cacheRoot = nodeModules !== null && process.env.CONVEX_LOCAL_BUILD_CACHE !== "0" ? join(nodeModules, ".cache", "convex-local") : null;
    // npm rewrites this file on every install: bundled packages are part of the build.
    const lockfile = nodeModules !== null ? join(nodeModules, ".package-lock.json") : "";
    this.lockfileHash = lockfile && existsSync(lockfile) ? sha256(readFileSync(lockfile)) : "no-lockfile";
  }

  /** The key of a build of `files`: their paths and contents, the installed packages, esbuild and the options. */
  private cacheKey(functionsRoot: string, files: Map<string, string>): string {
    const h = createHash("sha256");
    h.update(`${BUILD_CACHE_FORMAT}\0${esbuild.version}\0${this.lockfileHash}\0${functionsRoot}\0${externalPackages(functionsRoot).join(",")}\0`);
    for (const [modulePath, file] of [...files].sort(([a], [b]) => a.localeCompare(b))) h.update(`${modulePath}\0${sha256(readFileSync(file))}\0`);
    return h.digest("hex").slice(0, 32);
  }

  /** A kept build of exactly these sources, or null. */
  private fromCache(key: string): BuiltFunctions | null {
    if (this.cacheRoot === null) return null;
    const dir = join(this.cacheRoot, key);
    let manifest: CacheManifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as CacheManifest;
    } catch {
      return null;
    }
    // Every local file esbuild read (the key covers the folder's modules, not what they import from elsewhere).
    for (const [file, hash] of Object.entries(manifest.inputs)) {
      try {
        if (sha256(readFileSync(file)) !== hash) return null;
      } catch {
        return null;
      }
    }
    const now = new Date();
    utimesSync(dir, now, now);
    return {
      outFiles: new Map(Object.entries(manifest.outFiles).map(([m, f]) => [m, join(dir, f)])),
      runtimes: new Map(Object.entries(manifest.runtimes)),
      dir,
      cached: true,
      cacheKey: key,
      inputs: manifest.inputs,
    };
  }

  /** Keeps a build that passed Convex's checks for the next start (best effort: a cache that cannot be written is skipped). */
  keep(built: BuiltFunctions): void {
    if (this.cacheRoot === null || built.cached || built.cacheKey === null) return;
    const target = join(this.cacheRoot, built.cacheKey);
    if (existsSync(target)) return;
    const staging = join(this.cacheRoot, `.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    try {
      mkdirSync(this.cacheRoot, { recursive: true });
      cpSync(built.dir, staging, { recursive: true });
      const manifest: CacheManifest = {
        outFiles: Object.fromEntries([...built.outFiles].map(([m, f]) => [m, relative(built.dir, f)])),
        runtimes: Object.fromEntries(built.runtimes),
        inputs: built.inputs,
      };
      writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest));
      renameSync(staging, target);
      const entries = readdirSync(this.cacheRoot)
        .filter((n) => !n.startsWith("."))
        .map((n) => ({ n, t: statSync(join(this.cacheRoot!, n)).mtimeMs }))
        .sort((a, b) => b.t - a.t);
      for (const { n } of entries.slice(BUILD_CACHE_ENTRIES)) rmSync(join(this.cacheRoot, n), { recursive: true, force: true });
    } catch {
      // Another process kept the same build first, or the disk refused: the next start builds again.
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /** Bundles every module of `files`; throws FunctionsFolderError on what Convex would refuse. */
  async build(functionsRoot: string, files: Map<string, string>): Promise<BuiltFunctions> {
    // Only the first build of a process may come from the cache: a reload must import a fresh graph.
    const cacheKey = this.cacheRoot !== null ? this.cacheKey(functionsRoot, files) : null;
    if (cacheKey !== null && this.counter === 0) {
      const hit = this.fromCache(cacheKey);
      if (hit) {
        this.counter++;
        return hit;
      }
    }
    const runtimes = new Map<string, ModuleRuntime>();
    for (const [modulePath, file] of files) {
      const node = hasUseNodeDirective(readFileSync(file, "utf8"));
      if (node && ISOLATE_ONLY.has(modulePath)) {
        throw new FunctionsFolderError(`"use node" directive is not allowed for ${relative(functionsRoot, file)}.`);
      }
      runtimes.set(modulePath, node ? "node" : "isolate");
    }
    const dir = join(this.root, `build-${++this.counter}`);
    const outFiles = new Map<string, string>();
    const inputs: Record<string, string> = {};
    for (const runtime of ["isolate", "node"] as const) {
      const entries = [...files].filter(([m]) => runtimes.get(m) === runtime);
      if (entries.length === 0) continue;
      const outdir = join(dir, runtime);
      const platform: esbuild.Platform = runtime === "node" ? "node" : "browser";
      try {
        const result = await esbuild.build({
          metafile: true,
          entryPoints: entries.map(([, file]) => file),
          // Paths in messages read "convex/files.ts:2:29", as Convex prints them.
          absWorkingDir: dirname(functionsRoot),
          bundle: true,
          platform,
          format: "esm",
          target: "esnext",
          jsx: "automatic",
          outdir,
          outbase: functionsRoot,
          outExtension: { ".js": ".mjs" },
          chunkNames: "_deps/[name]-[hash]",
          splitting: true,
          conditions: ["convex", "module"],
          sourcemap: "inline",
          sourcesContent: false,
          logLevel: "silent",
          plugins: runtime === "node"
            ? [serverOnlyPlugin, nodeExternalsPlugin(externalPackages(functionsRoot))]
            : [serverOnlyPlugin, asyncHooksPlugin],
        });
        for (const input of Object.keys(result.metafile.inputs)) {
          const file = resolve(dirname(functionsRoot), input);
          // Packages are covered by the lockfile in the key; every other file read by its hash (JSON, code outside the folder).
          if (file.includes(`${sep}node_modules${sep}`) || !existsSync(file)) continue;
          inputs[file] = sha256(readFileSync(file));
        }
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw await describeBuildFailure(e, platform);
      }
      for (const [modulePath] of entries) outFiles.set(modulePath, join(outdir, `${modulePath}.mjs`));
    }
    this.builds.push(dir);
    // Keep the build in use and the one before it (functions still running
    // from it may import lazily); older ones are no longer reachable.
    while (this.builds.length > 2) rmSync(this.builds.shift()!, { recursive: true, force: true });
    return { outFiles, runtimes, dir, cached: false, cacheKey, inputs };
  }

  /** Forgets a build that was never put to use (e.g. a refused reload). */
  discard(build: BuiltFunctions): void {
    if (build.cached) return;
    const i = this.builds.indexOf(build.dir);
    if (i >= 0) this.builds.splice(i, 1);
    rmSync(build.dir, { recursive: true, force: true });
  }

  /**
   * The entry file of the worker thread that runs "use node" actions. It is
   * TypeScript in this repository; workers do not inherit the process's tsx
   * loader, so it is bundled once into plain JavaScript.
   */
  workerEntry(): Promise<string> {
    this.workerEntryPromise ??= (async () => {
      const outfile = join(this.root, "node-worker.mjs");
      await esbuild.build({
        entryPoints: [fileURLToPath(new URL("./nodeWorker.ts", import.meta.url))],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile,
        logLevel: "silent",
      });
      return outfile;
    })();
    return this.workerEntryPromise;
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function removeStaleWorkspaces(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^convex-local-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}
