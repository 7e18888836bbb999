// @vitest-environment node
/**
 * No function escapes the function layer: outside lib/functions.ts, nothing
 * in convex/ may import the raw public builders (query, mutation, action)
 * from _generated/server, so every public function resolves the caller,
 * checks organisation and permission, and writes through the triggers.
 * (Types, internalAction and httpAction may still come from there.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = join(__dirname, "../../../convex");
const RAW_PUBLIC = new Set(["query", "mutation", "action", "internalMutation"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "_generated") return [];
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("function layer", () => {
  test("only lib/functions.ts imports the raw builders", () => {
    const offenders: string[] = [];
    for (const path of files(ROOT)) {
      const rel = relative(ROOT, path);
      if (rel === join("lib", "functions.ts")) continue;
      const source = readFileSync(path, "utf8");
      for (const m of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+"[./]+_generated\/server"/g)) {
        if (m[1]) continue; // a type-only import
        const names = m[2].split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]);
        for (const name of names) if (RAW_PUBLIC.has(name)) offenders.push(`${rel}: ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
