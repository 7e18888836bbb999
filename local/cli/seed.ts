// Seeding a fresh data directory, shared by `npm start` and `npm run local`.
// The seed is an ordinary (usually internal) function of the app, named by
// --seed-function; an app without one simply starts empty.
import { FunctionNotFoundError } from "../engine/engine.js";
import type { LocalBackend } from "../server/server.js";

/** WorkloadWizard's seed; the only app-specific name in local/, overridable by --seed-function. */
export const DEFAULT_SEED_FUNCTION = "seed:demoUniversity";

/** Runs `fn` once with empty args, printing its log lines live and a heartbeat while it works. */
export async function seedFreshData(backend: LocalBackend, fn: string, say: (line: string) => void): Promise<void> {
  try {
    await backend.engine.resolve(fn, "any", true);
  } catch (e) {
    if (!(e instanceof FunctionNotFoundError)) throw e;
    say(`No seed function ${fn} in this app; starting with an empty database.`);
    return;
  }
  say(`Seeding demo data (${fn})...`);
  const started = Date.now();
  const ticker = setInterval(() => say(`  ...still seeding (${Math.round((Date.now() - started) / 1000)} s)`), 5_000);
  try {
    const result = await backend.engine.run("any", fn, {}, { allowInternal: true, onLog: (line) => say(`  ${line}`) });
    if (result.success) say(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    else say(`Warning: seeding failed, the app starts with what was written so far:\n${result.errorMessage}`);
  } finally {
    clearInterval(ticker);
  }
}
