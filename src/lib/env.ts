/**
 * Build-time configuration from Vite's env: where the backend is, where the
 * local dev identity provider is, and whether Clerk is configured.
 */
export const env = {
  convexUrl: (import.meta.env.VITE_CONVEX_URL as string | undefined) || "http://127.0.0.1:3210",
  devAuthUrl: (import.meta.env.VITE_DEV_AUTH_URL as string | undefined) || "http://127.0.0.1:3210/dev-auth",
  clerkPublishableKey: (import.meta.env.VITE_CLERK_PUBLISHABLE_KEY as string | undefined) || "",
};
