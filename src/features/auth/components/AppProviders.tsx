/**
 * The app's outermost providers: one ConvexReactClient, the identity provider
 * (Clerk when VITE_CLERK_PUBLISHABLE_KEY is set, the local dev sign-in
 * otherwise), and toasts.
 */
import { ConvexReactClient } from "convex/react";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { appLogger } from "@/lib/appLogger";
import { env } from "@/lib/env";
import { ToastProvider } from "@/ui/Toast";
import { DevAuthProvider } from "./DevAuthProvider";

// Clerk's SDK is only downloaded when Clerk is configured.
const ClerkAuthProvider = lazy(() => import("./ClerkAuthProvider").then((m) => ({ default: m.ClerkAuthProvider })));

export function AppProviders({ children, client: given }: { children: ReactNode; client?: ConvexReactClient }) {
  const [client] = useState(() => given ?? new ConvexReactClient(env.convexUrl, { unsavedChangesWarning: false, logger: appLogger() }));
  const inner = <ToastProvider>{children}</ToastProvider>;
  return env.clerkPublishableKey ? (
    <Suspense fallback={null}>
      <ClerkAuthProvider publishableKey={env.clerkPublishableKey} client={client}>
        {inner}
      </ClerkAuthProvider>
    </Suspense>
  ) : (
    <DevAuthProvider client={client}>{inner}</DevAuthProvider>
  );
}
