// `npm run local -- [options]`: the local Convex backend alone, for any
// Convex app's functions directory. Prints "Local backend ready at <url>"
// once it accepts connections (after seeding a fresh data directory, unless
// --no-seed); SIGINT/SIGTERM snapshot and shut down.
import { LocalBackend } from "../server/server.js";
import { parseArgs, stopOnSignals } from "./args.js";
import { seedFreshData } from "./seed.js";

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
stopOnSignals(() => backend.stop());
if (backend.engine.fresh && options.seed) {
  await seedFreshData(backend, options.seedFunction, (line) => process.stdout.write(`${line}\n`));
}
process.stdout.write(`Local backend ready at ${backend.url}\n`);
process.stdout.write(`HTTP actions at ${backend.siteUrl}, dev sign-in issuer ${backend.issuer}\n`);
