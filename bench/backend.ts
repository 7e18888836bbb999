/**
 * The backend under measurement, run as a child of bench/run.ts so that the
 * client side's timers are not convex-test's: the local backend on a fresh
 * data directory, seeded with the full demo university. Prints one JSON line
 * per event on stdout ({event: "seeded", ms} / {event: "ready", url, ms}).
 */
import { LocalBackend } from "../local/server/server.js";

const [dataDir, port, sitePort, seed] = process.argv.slice(2);
const started = performance.now();
const backend = await LocalBackend.start({
  functionsDir: "convex",
  dataDir,
  port: Number(port),
  sitePort: Number(sitePort),
  reset: false,
  watch: false,
  env: {},
});
const readyMs = performance.now() - started;
if (seed === "seed") {
  const t0 = performance.now();
  const result = await backend.engine.run("any", "seed:demoUniversity", {}, { allowInternal: true });
  if (!result.success) throw new Error(result.errorMessage);
  console.log(JSON.stringify({ event: "seeded", ms: performance.now() - t0, message: result.value }));
}
console.log(JSON.stringify({ event: "ready", url: backend.url, ms: readyMs }));
const stop = async () => {
  await backend.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
