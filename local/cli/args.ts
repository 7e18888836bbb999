// Command-line flags and start-up shared by `npm run local` and `npm start`.
import { readFileSync } from "node:fs";
import { FunctionsFolderError } from "../engine/bundle.js";
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
  compactEvery?: number;
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
  --compact-every N snapshot and truncate the write-ahead log every N commits (default 5000)`;

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
      case "--compact-every": options.compactEvery = Math.max(1, Number(value()) || 5_000); break;
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
      compactEvery: options.compactEvery,
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
