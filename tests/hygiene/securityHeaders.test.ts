/**
 * The web app's Content Security Policy and security headers
 * (config/securityHeaders.ts): what each environment lets the app reach.
 * The browser side (the built app signs in and works under the policy with
 * no violation) is tests/e2e/app.test.ts.
 */
import { describe, expect, test } from "vitest";
import {
  clerkFrontendApi,
  cspDirectives,
  headersFile,
  metaContentSecurityPolicy,
  parseHeadersFile,
  securityHeaders,
} from "../../config/securityHeaders";

const LOCAL = { VITE_CONVEX_URL: "http://127.0.0.1:3210", VITE_DEV_AUTH_URL: "http://127.0.0.1:3210/dev-auth" };
const CLOUD = { VITE_CONVEX_URL: "https://happy-otter-123.convex.cloud" };
/** A publishable key of the shape Clerk issues: base64 of the Frontend API host and "$". */
const clerkKey = (host: string) => `pk_test_${Buffer.from(`${host}$`).toString("base64")}`;

describe("content security policy", () => {
  test("the local backend: its http and ws origins and the dev sign-in, nothing else", () => {
    const d = cspDirectives({ VITE_CONVEX_URL: "http://127.0.0.1:4211", VITE_DEV_AUTH_URL: "http://localhost:4300/dev-auth" });
    expect(d["connect-src"]).toEqual(["'self'", "http://127.0.0.1:4211", "ws://127.0.0.1:4211", "http://localhost:4300"]);
    expect(d["script-src"]).toEqual(["'self'"]);
    expect(d["style-src"]).toEqual(["'self'"]);
    expect(d["img-src"]).toEqual(["'self'", "data:", "http://127.0.0.1:4211"]);
    expect(d["frame-src"]).toEqual(["'none'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
  });

  test("unset URLs fall back to where the app itself looks (src/lib/envDefaults.ts)", () => {
    expect(cspDirectives({})["connect-src"]).toEqual(["'self'", "http://127.0.0.1:3210", "ws://127.0.0.1:3210"]);
  });

  test("a Convex deployment: https and wss of its origin", () => {
    const d = cspDirectives(CLOUD);
    expect(d["connect-src"]).toContain("https://happy-otter-123.convex.cloud");
    expect(d["connect-src"]).toContain("wss://happy-otter-123.convex.cloud");
    expect(d["connect-src"].filter((s) => s.includes("convex.cloud"))).toEqual([
      "https://happy-otter-123.convex.cloud",
      "wss://happy-otter-123.convex.cloud",
    ]);
  });

  test("Clerk's hosts only with a Clerk key, and then no dev sign-in", () => {
    const withoutClerk = Object.values(cspDirectives(CLOUD)).flat();
    expect(withoutClerk.filter((s) => /clerk|cloudflare|blob:|unsafe/.test(s))).toEqual([]);

    const d = cspDirectives({
      VITE_CONVEX_URL: CLOUD.VITE_CONVEX_URL,
      VITE_DEV_AUTH_URL: "http://127.0.0.1:3210/dev-auth", // set, but Clerk replaces the dev sign-in
      VITE_CLERK_PUBLISHABLE_KEY: clerkKey("clerk.northbridge.ac.uk"),
    });
    expect(d["script-src"]).toEqual(["'self'", "https://clerk.northbridge.ac.uk", "https://challenges.cloudflare.com"]);
    expect(d["connect-src"]).toEqual([
      "'self'",
      "https://happy-otter-123.convex.cloud",
      "wss://happy-otter-123.convex.cloud",
      "https://clerk.northbridge.ac.uk",
    ]);
    expect(d["img-src"]).toContain("https://img.clerk.com");
    expect(d["frame-src"]).toEqual(["https://challenges.cloudflare.com"]);
    expect(d["worker-src"]).toEqual(["'self'", "blob:"]);
  });

  test("a Clerk key that is not one is refused at build time", () => {
    expect(clerkFrontendApi(clerkKey("sunny-fox-12.clerk.accounts.dev"))).toBe("https://sunny-fox-12.clerk.accounts.dev");
    expect(() => clerkFrontendApi("sk_test_abc")).toThrow(/not a Clerk publishable key/);
  });

  test("no eval anywhere, and no inline code in the built app", () => {
    for (const env of [LOCAL, CLOUD]) {
      const all = Object.values(cspDirectives(env)).flat();
      expect(all).not.toContain("'unsafe-eval'");
      expect(all).not.toContain("'unsafe-inline'");
    }
    expect(Object.values(cspDirectives(LOCAL, { nonce: "abc" })).flat()).not.toContain("'unsafe-eval'");
  });

  test("the dev server admits Vite's own inline tags by nonce, not 'unsafe-inline'", () => {
    const d = cspDirectives(LOCAL, { nonce: "n0nce" });
    expect(d["script-src"]).toEqual(["'self'", "'nonce-n0nce'"]);
    expect(d["style-src"]).toEqual(["'self'", "'nonce-n0nce'"]);
  });

  test("the meta tag's policy leaves out frame-ancestors, which only a header can carry", () => {
    const meta = metaContentSecurityPolicy(LOCAL);
    expect(meta).not.toContain("frame-ancestors");
    expect(securityHeaders(LOCAL)["Content-Security-Policy"]).toBe(`${meta}; frame-ancestors 'none'`);
  });
});

describe("security headers", () => {
  test("every response carries them, and _headers round-trips", () => {
    const headers = securityHeaders(LOCAL);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    const file = headersFile(headers);
    expect(file.startsWith("/*\n")).toBe(true);
    expect(parseHeadersFile(file)).toEqual(headers);
  });
});
