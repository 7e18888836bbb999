// Command-line flags and start-up shared by `npm run local` and `npm start`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { FunctionsFolderError } from "../engine/bundle.js";
import { DataDir } from "../engine/durable.js";
import { writeExport, type ExportSummary } from "../engine/exchange.js";
import { LocalBackend } from "../server/server.js";
import { DEFAULT_SEED_FUNCTION } from "./seed.js";

export type CliOptions = {
  functionsDir: string;
  dataDir: string;
  port: number;
  sitePort: number;
  seed: boolean;
  seedFunction: string;
  reset: boolean;
  watch: boolean;
  compactAtBytes?: number;
  exportFile?: string;
  importFile?: string;
  env: Record<string, string>;
};

export const USAGE = `Options:
  --functions DIR   Convex functions directory (default ./convex)
  --data DIR        data directory (default ./.data)
  --port N          main port: sync, HTTP API, storage, dev sign-in (default 3210)
  --site-port N     HTTP actions port (default 3211)
  --no-seed         do not seed a fresh data directory
  --seed-function F function that seeds a fresh data directory (default seed:demoUniversity)
  --reset           delete the data directory first
  --no-watch        do not reload functions when files change
  --env KEY=VALUE   environment variable for the functions (repeatable)
  --env-file FILE   KEY=VALUE lines (like .env.local) for the functions
  --export FILE     write the data directory as a Convex snapshot ZIP (for npx convex import) and exit
  --import FILE     load a Convex snapshot ZIP into a fresh data directory (with --reset: replace it)
  --snapshot-at N   write a snapshot once the log holds N bytes (default: the size of the
                    last snapshot, at least 4 MiB)`;

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    functionsDir: "convex", dataDir: ".data", port: 3210, sitePort: 3211,
    seed: true, seedFunction: DEFAULT_SEED_FUNCTION, reset: false, watch: true, env: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const port = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} needs a port number`);
      return n;
    };
    switch (flag) {
      case "--functions": options.functionsDir = value(); break;
      case "--data": options.dataDir = value(); break;
      case "--port": options.port = port(); break;
      case "--site-port": options.sitePort = port(); break;
      case "--no-seed": options.seed = false; break;
      case "--seed-function": options.seedFunction = value(); break;
      case "--reset": options.reset = true; break;
      case "--no-watch": options.watch = false; break;
      case "--export": options.exportFile = value(); break;
      case "--import": options.importFile = value(); break;
      case "--snapshot-at": options.compactAtBytes = Math.max(1, Number(value()) || 0) || undefined; break;
      case "--env": Object.assign(options.env, parseEnvLines(value())); break;
      case "--env-file": Object.assign(options.env, parseEnvLines(readFileSync(value(), "utf8"))); break;
      case "--help": case "-h": process.stdout.write(`${USAGE}\n`); process.exit(0); break;
      default: throw new Error(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}

/** KEY=VALUE lines; blank lines and # comments ignored, quotes stripped. */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`Expected KEY=VALUE, got "${line}"`);
    env[line.slice(0, eq).replace(/^export\s+/, "").trim()] = line.slice(eq + 1).trim().replace(/^(['"])(.*)\1$/, "$2");
  }
  return env;
}

/** Stops the backend cleanly on SIGINT/SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`Shutdown failed: ${String(e)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

/**
 * Parses the command line (exiting with the usage on a bad flag), starts the
 * backend and arranges a clean stop on SIGINT/SIGTERM; shared by both commands.
 */
export async function launch(argv: string[], beforeStop: () => void = () => {}) {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  if (options.exportFile) {
    const summary = exportDataDir(options.dataDir, options.exportFile);
    process.stdout.write(`Exported ${summary.documents} documents of ${summary.tables} tables and ${summary.files} files to ${options.exportFile} (${(summary.bytes / 1024).toFixed(0)} KiB).\n`);
    process.exit(0);
  }
  let backend: LocalBackend;
  try {
    backend = await LocalBackend.start({
      functionsDir: options.functionsDir,
      dataDir: options.dataDir,
      port: options.port,
      sitePort: options.sitePort,
      reset: options.reset,
      watch: options.watch,
      env: options.env,
      compactAtBytes: options.compactAtBytes,
      importFile: options.importFile,
    });
  } catch (e) {
    // A folder Convex would refuse: its message, as `npx convex dev` prints it.
    if (!(e instanceof FunctionsFolderError)) throw e;
    process.stderr.write(`✖ Error: Unable to start the local backend for ${options.functionsDir}:\n${e.message}\n`);
    process.exit(1);
  }
  stopOnSignals(async () => {
    beforeStop();
    await backend.stop();
  });
  return { options, backend };
}

/** Writes the committed state of a data directory (read only: a backend may be running on it) as a snapshot ZIP. */
export function exportDataDir(dataDir: string, file: string): ExportSummary {
  const dir = new DataDir(resolve(dataDir));
  const state = dir.load({ readOnly: true });
  if (state.report.corrupt) process.stderr.write(`Warning: exporting the intact part of the log (${state.report.corrupt.reason}).\n`);
  return writeExport(file, state.documents.values(), (id) => {
    const blob = state.files.get(id);
    return blob ? dir.readFileBytes(id) : null;
  });
}
