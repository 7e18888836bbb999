/**
 * Where the app looks for its backend and the dev identity provider when the
 * build sets no VITE_CONVEX_URL / VITE_DEV_AUTH_URL: the local backend's
 * default port. Shared by `env.ts` (the app) and `config/securityHeaders.ts`
 * (the Content Security Policy), so the policy allows what the app connects to.
 */
export const ENV_DEFAULTS = {
  convexUrl: "http://127.0.0.1:3210",
  devAuthUrl: "http://127.0.0.1:3210/dev-auth",
};
