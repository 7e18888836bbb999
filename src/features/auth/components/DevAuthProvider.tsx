/**
 * The local dev sign-in: keeps the chosen person's token (refreshing it when
 * it expires or the server asks) and hands it to Convex through
 * ConvexProviderWithAuth, so functions see `ctx.auth` exactly as with Clerk.
 */
import { ConvexProviderWithAuth, type ConvexReactClient } from "convex/react";
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { devSessionStorage, type DevSession } from "../utils/devSessionStorage";
import { requestDevToken } from "../utils/requestDevToken";
import { SessionContext, type Session } from "./SessionContext";

export function DevAuthProvider({ client, children }: { client: ConvexReactClient; children: ReactNode }) {
  const [session, setSession] = useState<DevSession | null>(() => devSessionStorage.load());
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const signIn = useCallback(async (person: { email: string; name: string }) => {
    const next = await requestDevToken(person);
    devSessionStorage.save(next);
    setSession(next);
  }, []);

  const signOut = useCallback(() => {
    devSessionStorage.clear();
    setSession(null);
  }, []);

  const fetchAccessToken = useCallback(async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
    const current = sessionRef.current;
    if (!current) return null;
    if (!forceRefreshToken && current.expiresAt > Date.now() + 30_000) return current.token;
    try {
      const next = await requestDevToken(current);
      devSessionStorage.save(next);
      sessionRef.current = next;
      return next.token;
    } catch {
      return null;
    }
  }, []);

  const email = session?.email ?? null;
  const useAuth = useMemo(
    () =>
      function useDevAuth() {
        return { isLoading: false, isAuthenticated: email !== null, fetchAccessToken };
      },
    [email, fetchAccessToken],
  );

  const value = useMemo<Session>(
    () => ({ mode: "dev", user: session ? { email: session.email, name: session.name } : null, isLoading: false, signIn, signOut }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [email, session?.name, signIn, signOut],
  );

  return (
    <SessionContext.Provider value={value}>
      <ConvexProviderWithAuth client={client} useAuth={useAuth}>
        {children}
      </ConvexProviderWithAuth>
    </SessionContext.Provider>
  );
}
