/**
 * Production sign-in: Clerk issues the identity, ConvexProviderWithClerk
 * passes its JWT to Convex. The session context is filled from Clerk's user.
 */
import { ClerkProvider, useClerk, useUser } from "@clerk/clerk-react";
import type { ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { useAuth } from "@clerk/clerk-react";
import { useMemo, type ReactNode } from "react";
import { SessionContext, type Session } from "./SessionContext";

function ClerkSessionBridge({ children }: { children: ReactNode }) {
  const { user, isLoaded } = useUser();
  const clerk = useClerk();
  const value = useMemo<Session>(
    () => ({
      mode: "clerk",
      isLoading: !isLoaded,
      user: user ? { email: user.primaryEmailAddress?.emailAddress ?? "", name: user.fullName ?? user.username ?? "" } : null,
      signOut: () => void clerk.signOut(),
    }),
    [user, isLoaded, clerk],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function ClerkAuthProvider({
  publishableKey,
  client,
  children,
}: {
  publishableKey: string;
  client: ConvexReactClient;
  children: ReactNode;
}) {
  return (
    <ClerkProvider publishableKey={publishableKey}>
      <ConvexProviderWithClerk client={client} useAuth={useAuth}>
        <ClerkSessionBridge>{children}</ClerkSessionBridge>
      </ConvexProviderWithClerk>
    </ClerkProvider>
  );
}
