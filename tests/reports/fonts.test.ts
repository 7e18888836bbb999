/**
 * The pieces under the writers: the embedded font is the dejavu-fonts-ttf
 * package's (regenerate with scripts/embed-fonts.ts after an upgrade); CSV
 * formula escaping is undone exactly by the import's `stripInert`; email
 * retries back off exponentially.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, test } from "vitest";
import { inertText, stripInert } from "../../convex/reports/cells";
import { EMAIL_RETRY_BASE_MS } from "../../convex/reports/constants";
import { retryDelay } from "../../convex/reports/deliveries";
import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from "../../convex/reports/render/fontData";

test("the embedded fonts are DejaVu Sans from the package", () => {
  const require = createRequire(import.meta.url);
  for (const [embedded, file] of [
    [DEJAVU_SANS, "DejaVuSans.ttf"],
    [DEJAVU_SANS_BOLD, "DejaVuSans-Bold.ttf"],
  ] as const) {
    expect(Buffer.from(embedded, "base64").equals(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)))).toBe(true);
  }
});

test("formula-like text is made inert and restored by the import; other text is untouched", () => {
  for (const text of ["=SUM(A1:A9)", "+44 20 7946 0000", "-5", "@cmd", "\tx", "\rx"]) {
    expect(inertText(text)).toBe(`'${text}`);
    expect(stripInert(inertText(text))).toBe(text);
  }
  for (const text of ["Łukasz", "O'Brien", "'quoted'", "CS101-A"]) {
    expect(inertText(text)).toBe(text);
    expect(stripInert(text)).toBe(text);
  }
});

test("retries back off exponentially with bounded jitter", () => {
  expect([1, 2, 3, 4].map((a) => retryDelay(a, 0))).toEqual([1, 2, 4, 8].map((x) => x * EMAIL_RETRY_BASE_MS));
  expect(retryDelay(1, 1)).toBe(Math.round(EMAIL_RETRY_BASE_MS * 1.2));
});
