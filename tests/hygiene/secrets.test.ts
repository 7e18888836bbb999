/**
 * The secret scan: secretlint, with its recommended preset
 * (`.secretlintrc.json`), over every file git tracks except the generated and
 * lock files of `.secretlintignore`. A finding fails with the file, the line
 * and the rule. The dev identity provider's signing key is a private JWK,
 * which the preset does not recognise, so the scan also refuses any tracked
 * private JWK and checks that the default data directory, where
 * `local/server/devAuth.ts` writes that key, is git-ignored.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createEngine } from "@secretlint/node";
import ignore from "ignore";
import { exportPKCS8, generateKeyPair } from "jose";
import { describe, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const CONFIG = join(ROOT, ".secretlintrc.json");

type Finding = { filePath: string; messages: { ruleId: string; message: string; loc: { start: { line: number } } }[] };

function trackedFiles(): string[] {
  const all = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  const skip = ignore().add(readFileSync(join(ROOT, ".secretlintignore"), "utf8"));
  return all.filter((f) => !skip.ignores(f));
}

async function scan(run: (engine: Awaited<ReturnType<typeof createEngine>>) => Promise<{ output: string }>): Promise<string[]> {
  const engine = await createEngine({ cwd: ROOT, configFilePath: CONFIG, formatter: "json", color: false, maskSecrets: true });
  const findings = JSON.parse((await run(engine)).output) as Finding[];
  return findings.flatMap((f) =>
    f.messages.map((m) => `${f.filePath.replace(`${ROOT}/`, "")}:${m.loc.start.line} ${m.ruleId}: ${m.message.slice(0, 120)}`),
  );
}

describe("secret scan", () => {
  test("no tracked file holds a secret", async () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files).not.toContain("package-lock.json");
    const found = await scan((engine) => engine.executeOnFiles({ filePathList: files.map((f) => join(ROOT, f)) }));
    expect(found).toEqual([]);
  }, 60_000);

  test("the configured scan does find a secret (a freshly made private key)", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
    const pem = await exportPKCS8(privateKey);
    const found = await scan((engine) => engine.executeOnContent({ content: `const key = \`${pem}\`;\n`, filePath: join(ROOT, "leak.ts") }));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/^leak\.ts:1 @secretlint\/secretlint-rule-privatekey/);
  });

  test("no tracked file holds a private JSON Web Key", () => {
    const privateJwk = /"kty"\s*:\s*"(RSA|EC|OKP)"[^}]*"d"\s*:\s*"|"d"\s*:\s*"[^"]+"[^}]*"kty"\s*:/;
    const offenders = trackedFiles().filter((f) => privateJwk.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  test("the dev identity provider's key in the default data directory is git-ignored", () => {
    // `git check-ignore` exits 0 when the path is ignored and throws otherwise.
    expect(() => execFileSync("git", ["check-ignore", "-q", ".data/dev-auth/key.json"], { cwd: ROOT })).not.toThrow();
  });
});
