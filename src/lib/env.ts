/**
 * Build-time configuration from Vite's env: where the backend is, where the
 * local dev identity provider is, and whether Clerk is configured.
 */
import { ENV_DEFAULTS } from "./envDefaults";

export const env = {
  convexUrl: (import.meta.env.VITE_CONVEX_URL as string | undefined) || ENV_DEFAULTS.convexUrl,
  devAuthUrl: (import.meta.env.VITE_DEV_AUTH_URL as string | undefined) || ENV_DEFAULTS.devAuthUrl,
  clerkPublishableKey: (import.meta.env.VITE_CLERK_PUBLISHABLE_KEY as string | undefined) || "",
};
