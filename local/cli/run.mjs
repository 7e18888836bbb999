// Runs one of the local backend's TypeScript entry points (`node local/cli/run.mjs
// local/cli/start.ts ...args`) without a TypeScript loader in the process.
//
// Under `node --import tsx` every module the process imports, the backend's
// packages and the app's bundled functions included, is resolved and loaded
// through tsx's hooks on a worker thread: hundreds of synchronous round trips
// that were most of the backend's start-up. Here esbuild compiles the entry
// and the repository's own files it imports into one ES module (packages stay
// external and load through Node as usual), kept below
// `node_modules/.cache/convex-local/` and reused while none of the files it
// was built from changed; then that module is imported with the arguments
// that follow the entry.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [entryArg, ...rest] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write("usage: node local/cli/run.mjs ENTRY.ts [args...]\n");
  process.exit(2);
}
const entry = resolve(entryArg);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cacheDir = join(repo, "node_modules", ".cache", "convex-local");
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const esbuildVersion = JSON.parse(readFileSync(join(repo, "node_modules", "esbuild", "package.json"), "utf8")).version;
const key = sha256(`1\0${esbuildVersion}\0${process.version}\0${entry}`).slice(0, 24);
const outFile = join(cacheDir, `run-${key}.mjs`);
const manifestFile = join(cacheDir, `run-${key}.json`);

/** Whether the compiled entry exists and every file it was compiled from is unchanged. */
function current() {
  if (!existsSync(outFile) || !existsSync(manifestFile)) return false;
  try {
    const inputs = JSON.parse(readFileSync(manifestFile, "utf8"));
    return Object.entries(inputs).every(([file, hash]) => existsSync(file) && sha256(readFileSync(file)) === hash);
  } catch {
    return false;
  }
}

/** `import.meta.url` keeps naming the source file (e.g. a sibling file located from it), not the compiled one. */
const sourceUrlPlugin = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const contents = source.includes("import.meta.url") ? source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)) : source;
      return { contents, loader: args.path.endsWith("x") ? "tsx" : "ts" };
    });
  },
};

if (!current()) {
  const esbuild = await import("esbuild");
  mkdirSync(cacheDir, { recursive: true });
  const staging = `${outFile}.${process.pid}.tmp`;
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: repo,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile: staging,
    sourcemap: "inline",
    metafile: true,
    logLevel: "warning",
    plugins: [sourceUrlPlugin],
  });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = resolve(repo, input);
    if (existsSync(file)) inputs[file] = sha256(readFileSync(file));
  }
  renameSync(staging, outFile);
  writeFileSync(manifestFile, JSON.stringify(inputs));
}

// Stack traces point at the TypeScript sources.
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(outFile).href);
