/**
 * Records the demo university's figures (demo-figures.json) from whatever
 * seed:demoUniversity builds today. Skipped unless RECORD_DEMO_FIGURES=1:
 * the recording is the reference the generator is held to, made once.
 */
import { writeFileSync } from "node:fs";
import { test } from "vitest";
import { internal } from "../../../convex/_generated/api";
import { newBackend } from "../harness";
import { universityFigures } from "./figures";

test.skipIf(process.env.RECORD_DEMO_FIGURES !== "1")("record the demo university's figures", async () => {
  for (const size of ["demo", "small"] as const) {
    const t = newBackend();
    const started = Date.now();
    await t.action(internal.seed.demoUniversity, { size });
    console.log(`seeded ${size} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const figures = await universityFigures(t);
    writeFileSync(new URL(`./${size}-figures.json`, import.meta.url), JSON.stringify(figures, null, 1) + "\n");
  }
}, 900_000);
