// The end-to-end tests' backend: the local Convex backend on the given ports
// and data directory, seeded with the small demo university (and, with
// E2E_LARGE_DEPARTMENT=400x60, a large department for the sheet), then prints
// "E2E backend ready <url> <issuer>". Run as a child process by harness.ts:
//   node --import tsx tests/e2e/support/backend.ts --data DIR --port P --site-port P2
import { LocalBackend } from "../../../local/server/server.js";
import { parseArgs, stopOnSignals } from "../../../local/cli/args.js";

const options = parseArgs(process.argv.slice(2));
const backend = await LocalBackend.start({
  functionsDir: options.functionsDir,
  dataDir: options.dataDir,
  port: options.port,
  sitePort: options.sitePort,
  reset: options.reset,
  watch: false,
  env: options.env,
});
stopOnSignals(() => backend.stop());
if (backend.engine.fresh && options.seed) {
  const result = await backend.engine.run(
    "any",
    "seed:demoUniversity",
    { size: "small" },
    { allowInternal: true, onLog: (l: string) => process.stdout.write(`  ${l}\n`) },
  );
  if (!result.success) {
    process.stderr.write(`Seeding failed: ${result.errorMessage}\n`);
    process.exit(1);
  }
}
// The sheet's scale test adds a large department ("modules x lecturers", e.g. "400x60").
const large = /^(\d+)x(\d+)$/.exec(process.env.E2E_LARGE_DEPARTMENT ?? "");
if (backend.engine.fresh && options.seed && large) {
  const started = Date.now();
  const result = await backend.engine.run(
    "any",
    "seed:largeDepartment",
    { modules: Number(large[1]), lecturers: Number(large[2]) },
    { allowInternal: true, onLog: (l: string) => process.stdout.write(`  ${l}\n`) },
  );
  if (!result.success) {
    process.stderr.write(`Seeding the large department failed: ${result.errorMessage}\n`);
    process.exit(1);
  }
  process.stdout.write(`large department seeded in ${Date.now() - started} ms\n`);
}
process.stdout.write(`E2E backend ready ${backend.url} ${backend.issuer}\n`);
