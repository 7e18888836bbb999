// @vitest-environment node
/**
 * The function layer's boundaries, checked on the source:
 * - outside lib/functions.ts nothing in convex/ imports the raw public
 *   builders (query, mutation, action, internalMutation, internalQuery) from
 *   _generated/server, so every function resolves who acts, checks
 *   permission and scope, and writes through the triggers (types,
 *   internalAction and httpAction may still come from there);
 * - the layer (convex/lib) imports no domain area: domains register their
 *   own triggers, loaded by the composition root convex/triggers.ts;
 * - the unscoped writer is used only where a domain delivers to others or
 *   runs organisation-wide work, each named here with its reason;
 * - verify recomputes totals without the live-totals code it checks.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = join(__dirname, "../../../convex");
const RAW = new Set(["query", "mutation", "action", "internalMutation", "internalQuery"]);
const DOMAINS = readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory() && !["lib", "_generated", "schema"].includes(d));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "_generated") return [];
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const sources = files(ROOT).map((path) => ({ rel: relative(ROOT, path), source: readFileSync(path, "utf8") }));
const imports = (source: string) => [...source.matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\s+"([^"]+)"/g)].map((m) => m[1] ?? m[2]);

/** Where the unscoped writer is used, and why. */
const UNSCOPED_USERS: Record<string, string> = {
  "account/notifications.ts": "delivering a notice reads and writes the recipient's rows",
  "workload/notices.ts": "a lecturer's query reaches the planners responsible, whoever may see the grants",
  "workload/jobs.ts": "a recompute applies an allowed rule change to every department",
  "structure/rollover.ts": "rolling over copies every department, which years.rollover grants",
  "structure/academicYears.ts": "a new year comes with its semesters, settings and rules",
  "structure/yearCleanup.ts": "deleting a year's contents reaches every department, which the job's organisation-wide grant allows",
  "imports/imports.ts": "the wizard's own external system entry, made for whoever imports first; looking people up by email",
  "imports/pipeline.ts": "an allocation row looks its lecturer up by email whatever their department (directory information)",
  "people/links.ts": "a member asking to be linked records the request on their own row, which users.manage guards for everyone else",
  "workload/suggestions.ts": "the accept job settles every queued line of its run, also one now out of the planner's reach",
};

describe("function layer", () => {
  test("only lib/functions.ts imports the raw builders", () => {
    const offenders: string[] = [];
    for (const { rel, source } of sources) {
      if (rel === join("lib", "functions.ts")) continue;
      for (const m of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+"[./]+_generated\/server"/g)) {
        if (m[1]) continue; // a type-only import
        const names = m[2].split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]);
        for (const name of names) if (RAW.has(name)) offenders.push(`${rel}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("the layer imports no domain area", () => {
    expect(DOMAINS).toContain("workload");
    const offenders: string[] = [];
    for (const { rel, source } of sources) {
      if (!rel.startsWith("lib/")) continue;
      for (const spec of imports(source)) {
        if (!spec.startsWith(".")) continue;
        // Resolved, so lib/generator's "../workload" (the engine, lib/workload) is not the workload domain.
        const [top] = relative(ROOT, join(ROOT, dirname(rel), spec)).split(/[\\/]/);
        if (DOMAINS.includes(top)) offenders.push(`${rel} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("the unscoped writer is used only where named", () => {
    const users = sources.filter(({ rel, source }) => !rel.startsWith("lib/") && /\bunscopedDb\(/.test(source)).map((s) => s.rel);
    expect(users.sort()).toEqual(Object.keys(UNSCOPED_USERS).sort());
  });

  test("verify recounts without the live-totals code", () => {
    // Code only: the file's comments name what it stays away from.
    const verify = sources.find((s) => s.rel === join("workload", "verify.ts"))!.source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    expect(imports(verify)).not.toContain("./liveTotals");
    for (const name of ["computeLecturerTotals", "addLine", "finishTotals", "scratchLecturerTotals", "refreshLecturerTotals"]) {
      expect(verify).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});
