// `npm run local -- [options]`: the local Convex backend alone, for any
// Convex app's functions directory. Prints "Local backend ready at <url>"
// once it accepts connections (after seeding a fresh data directory, unless
// --no-seed); SIGINT/SIGTERM snapshot and shut down.
import { launch } from "./args.js";
import { seedFreshData } from "./seed.js";

const { options, backend } = await launch(process.argv.slice(2));
if (backend.engine.fresh && options.seed) {
  await seedFreshData(backend, options.seedFunction, (line) => process.stdout.write(`${line}\n`));
}
process.stdout.write(`Local backend ready at ${backend.url}\n`);
process.stdout.write(`HTTP actions at ${backend.siteUrl}, dev sign-in issuer ${backend.issuer}\n`);
