// `npm start`: the whole app on one machine. Starts the local backend
// (3210/3211), seeds a fresh data directory with the demo university
// (`seed:demoUniversity`, an internal function run through the engine), and
// runs the Vite dev server for the web app pointed at the backend.
import { spawn, type ChildProcess } from "node:child_process";
import { FunctionNotFoundError } from "../engine/engine.js";
import { LocalBackend } from "../server/server.js";
import { parseArgs, stopOnSignals } from "./args.js";

/** The app's seed function; the only WorkloadWizard-specific name in local/. */
const SEED_FUNCTION = "seed:demoUniversity";
const WEB_PORT = 5173;

const say = (line: string) => process.stdout.write(`${line}\n`);

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}

const backend = await LocalBackend.start({
  functionsDir: options.functionsDir,
  dataDir: options.dataDir,
  port: options.port,
  sitePort: options.sitePort,
  reset: options.reset,
  watch: options.watch,
  env: options.env,
  compactEvery: options.compactEvery,
});
say(`Local backend ready at ${backend.url}`);

let vite: ChildProcess | null = null;
stopOnSignals(async () => {
  if (vite?.pid !== undefined && vite.exitCode === null) vite.kill("SIGTERM");
  await backend.stop();
});

if (backend.engine.fresh && options.seed) await seed(backend);
else if (!backend.engine.fresh) say(`Using existing data in ${options.dataDir} (--reset starts over).`);

const webUrl = await startVite(backend);
say("");
say(`WorkloadWizard is running: open ${webUrl} and pick a demo user.`);
say(`  backend ${backend.url}  ·  HTTP actions ${backend.siteUrl}  ·  data ${options.dataDir}`);
say("  Ctrl+C stops both servers; data is kept.");

async function seed(b: LocalBackend): Promise<void> {
  try {
    await b.engine.resolve(SEED_FUNCTION, "any", true);
  } catch (e) {
    if (!(e instanceof FunctionNotFoundError)) throw e;
    say(`Warning: ${SEED_FUNCTION} does not exist yet; starting with an empty database.`);
    return;
  }
  say(`Seeding demo data (${SEED_FUNCTION})...`);
  const started = Date.now();
  const ticker = setInterval(() => say(`  ...still seeding (${Math.round((Date.now() - started) / 1000)} s)`), 5_000);
  try {
    const result = await b.engine.run("any", SEED_FUNCTION, {}, { allowInternal: true, onLog: (line) => say(`  ${line}`) });
    if (result.success) say(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    else say(`Warning: seeding failed, the app starts with what was written so far:\n${result.errorMessage}`);
  } finally {
    clearInterval(ticker);
  }
}

/** Spawns Vite and resolves with the URL it reports. */
function startVite(b: LocalBackend): Promise<string> {
  return new Promise((resolveUrl) => {
    const child = spawn("npx", ["vite", "--port", String(WEB_PORT), "--strictPort", "false"], {
      env: { ...process.env, VITE_CONVEX_URL: b.url, VITE_DEV_AUTH_URL: b.issuer },
      stdio: ["ignore", "pipe", "inherit"],
    });
    vite = child;
    let resolved = false;
    const fallback = setTimeout(() => finish(`http://127.0.0.1:${WEB_PORT}`), 30_000);
    function finish(url: string) {
      if (resolved) return;
      resolved = true;
      clearTimeout(fallback);
      resolveUrl(url);
    }
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text);
      // Vite prints "Local:   http://127.0.0.1:5173/" with colour codes inside.
      const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
      const match = /Local:\s+(http:\/\/[^\s/]+)/.exec(plain);
      if (match) finish(match[1]);
    });
    child.on("exit", (code) => {
      say(`Vite exited (${code ?? "signal"}); the backend keeps running. Ctrl+C to stop.`);
      finish(`http://127.0.0.1:${WEB_PORT}`);
    });
  });
}
