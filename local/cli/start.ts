// `npm start`: the whole app on one machine. Starts the local backend
// (3210/3211), seeds a fresh data directory with the demo university
// (`--seed-function`, by default `seed:demoUniversity`), and
// runs the Vite dev server for the web app pointed at the backend.
import { spawn, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import type { LocalBackend } from "../server/server.js";
import { launch } from "./args.js";
import { seedFreshData } from "./seed.js";

const WEB_PORT = 5173;

const say = (line: string) => process.stdout.write(`${line}\n`);

let vite: ChildProcess | null = null;
const { options, backend } = await launch(process.argv.slice(2), () => {
  if (vite?.pid !== undefined && vite.exitCode === null) vite.kill("SIGTERM");
});
say(`Local backend ready at ${backend.url}`);

if (backend.engine.fresh && options.seed) await seedFreshData(backend, options.seedFunction, say);
else if (!backend.engine.fresh) say(`Using existing data in ${options.dataDir} (--reset starts over).`);

const webUrl = await startVite(backend);
say("");
say(`WorkloadWizard is running: open ${webUrl} and pick a demo user.`);
say(`  backend ${backend.url}  ·  HTTP actions ${backend.siteUrl}  ·  data ${options.dataDir}`);
say("  Ctrl+C stops both servers; data is kept.");

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
      const plain = stripVTControlCharacters(text);
      const match = /Local:\s+(http:\/\/[^\s/]+)/.exec(plain);
      if (match) finish(match[1]);
    });
    child.on("exit", (code) => {
      say(`Vite exited (${code ?? "signal"}); the backend keeps running. Ctrl+C to stop.`);
      finish(`http://127.0.0.1:${WEB_PORT}`);
    });
  });
}
