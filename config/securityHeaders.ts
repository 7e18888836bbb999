/**
 * Security headers and the Content Security Policy of the web app, wherever
 * it is served: the Vite dev server (`npm start`, `npm run dev:web`), `vite
 * preview`, and the static `dist/` of `npm run build`, which carries the
 * policy in a <meta> tag (for any host) and a `_headers` file (for hosts
 * that read one: Netlify, Cloudflare Pages; the e2e harness serves it too).
 *
 * The policy allows exactly what the app loads: its own origin; the Convex
 * deployment of VITE_CONVEX_URL (the sync WebSocket, file uploads and stored
 * files); the dev identity provider of VITE_DEV_AUTH_URL when the app signs
 * in with it (no Clerk key); and Clerk's hosts only when
 * VITE_CLERK_PUBLISHABLE_KEY is set. The built app needs no 'unsafe-eval'
 * and no inline script or style.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadEnv, type Plugin } from "vite";
import { ENV_DEFAULTS } from "../src/lib/envDefaults.ts";

export type WebEnv = {
  VITE_CONVEX_URL?: string;
  VITE_DEV_AUTH_URL?: string;
  VITE_CLERK_PUBLISHABLE_KEY?: string;
};

type Directives = Record<string, string[]>;

/** `https://x` and `wss://x` for an https URL, `http://x` and `ws://x` for the local backend. */
function httpAndSocketOrigins(url: string): [string, string] {
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(`Not an http(s) URL: ${url}`);
  return [u.origin, `${u.protocol === "https:" ? "wss:" : "ws:"}//${u.host}`];
}

/**
 * Clerk's Frontend API host, which the publishable key carries:
 * `pk_test_` or `pk_live_` and then base64 of `<host>$`.
 */
export function clerkFrontendApi(publishableKey: string): string {
  const m = /^pk_(test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey);
  const host = m ? Buffer.from(m[2], "base64").toString("utf8").replace(/\$$/, "") : "";
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host)) {
    throw new Error("VITE_CLERK_PUBLISHABLE_KEY is not a Clerk publishable key (pk_test_… or pk_live_…).");
  }
  return `https://${host}`;
}

/** The policy's directives for `env`; `nonce` (dev server only) admits Vite's own inline tags. */
export function cspDirectives(env: WebEnv, options: { nonce?: string } = {}): Directives {
  const [convexHttp, convexSocket] = httpAndSocketOrigins(env.VITE_CONVEX_URL || ENV_DEFAULTS.convexUrl);
  const clerk = env.VITE_CLERK_PUBLISHABLE_KEY ? clerkFrontendApi(env.VITE_CLERK_PUBLISHABLE_KEY) : null;
  // The dev sign-in is used exactly when Clerk is not.
  const devAuth = clerk ? null : new URL(env.VITE_DEV_AUTH_URL || ENV_DEFAULTS.devAuthUrl).origin;
  const nonce = options.nonce ? [`'nonce-${options.nonce}'`] : [];
  // Clerk's CSP guide: its Frontend API (clerk-js, its API), Cloudflare's bot
  // check (script and frame), avatars from img.clerk.com, blob: workers, and
  // 'unsafe-inline' styles for its CSS-in-JS.
  const cloudflare = "https://challenges.cloudflare.com";
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  return {
    "default-src": ["'self'"],
    "script-src": unique(["'self'", ...nonce, clerk, clerk && cloudflare]),
    // Clerk's runtime styles carry no nonce, and a nonce would switch
    // 'unsafe-inline' off, so with Clerk inline styles are allowed instead.
    "style-src": clerk ? ["'self'", "'unsafe-inline'"] : ["'self'", ...nonce],
    // data: is the inline favicon of index.html; Convex serves stored files.
    "img-src": unique(["'self'", "data:", convexHttp, clerk && "https://img.clerk.com"]),
    "font-src": ["'self'"],
    // 'self' also covers the dev server's HMR WebSocket (same host and port).
    "connect-src": unique(["'self'", convexHttp, convexSocket, devAuth, clerk]),
    "worker-src": unique(["'self'", clerk && "blob:"]),
    "frame-src": clerk ? [cloudflare] : ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
}

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** The policy as a header value. */
export function contentSecurityPolicy(env: WebEnv, options: { nonce?: string } = {}): string {
  return serialise(cspDirectives(env, options));
}

/** The policy for a <meta> tag: browsers ignore (and warn about) frame-ancestors there; the headers carry it. */
export function metaContentSecurityPolicy(env: WebEnv): string {
  const { "frame-ancestors": _ignoredInMeta, ...rest } = cspDirectives(env);
  return serialise(rest);
}

/** Every header the app is served with. */
export function securityHeaders(env: WebEnv, options: { nonce?: string } = {}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(env, options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  };
}

/** `_headers` (Netlify / Cloudflare Pages format): the headers for every path. */
export function headersFile(headers: Record<string, string>): string {
  return `/*\n${Object.entries(headers)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join("")}`;
}

/** Reads a `_headers` file written by `headersFile`. */
export function parseHeadersFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s+([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m) headers[m[1]] = m[2];
  }
  return headers;
}

/**
 * The Vite plugin. Dev server: the headers, with a nonce made at start-up
 * that Vite puts on its own inline tags (`html.cspNonce`: the React refresh
 * preamble, the styles it injects for CSS modules and Tailwind) instead of
 * allowing 'unsafe-inline'; one nonce per start is enough for a developer's
 * machine, and the built app needs none. Build: the meta tag and
 * `_headers`. Preview: the headers of the `_headers` it serves.
 */
export function securityHeadersPlugin(): Plugin {
  let env: WebEnv = {};
  let outDir = "dist";
  return {
    name: "ww-security-headers",
    config(config, { command, mode, isPreview }) {
      const root = resolve(config.root ?? process.cwd());
      env = loadEnv(mode, config.envDir === false ? root : resolve(root, config.envDir ?? "."), "VITE_") as WebEnv;
      outDir = resolve(root, config.build?.outDir ?? "dist");
      if (command === "serve" && !isPreview) {
        const nonce = randomBytes(18).toString("base64");
        return { html: { cspNonce: nonce }, server: { headers: securityHeaders(env, { nonce }) } };
      }
      if (isPreview) {
        const built = join(outDir, "_headers");
        const headers = existsSync(built) ? parseHeadersFile(readFileSync(built, "utf8")) : securityHeaders(env);
        return { preview: { headers } };
      }
      return undefined;
    },
    configResolved(resolved) {
      outDir = resolve(resolved.root, resolved.build.outDir);
    },
    transformIndexHtml: {
      // After Vite's own tags, so the policy can be placed right after the
      // charset declaration (which must stay in the first 1024 bytes) and
      // before every script and stylesheet.
      order: "post",
      handler(html, ctx) {
        if (ctx.server) return html;
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error("index.html needs <meta charset> for the CSP meta tag to follow.");
        const meta = `<meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy(env)}" />`;
        return html.replace(charset, (m) => `${m}\n    ${meta}`);
      },
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: headersFile(securityHeaders(env)) });
    },
  };
}
