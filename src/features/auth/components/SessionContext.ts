/**
 * Who is signed in, the same shape whichever identity provider is in use
 * (local dev sign-in or Clerk), so the rest of the app never asks which.
 */
import { createContext } from "react";

export type Session = {
  mode: "dev" | "clerk";
  user: { email: string; name: string } | null;
  isLoading: boolean;
  signIn?: (person: { email: string; name: string }) => Promise<void>;
  signOut: () => void;
};

export const SessionContext = createContext<Session>({ mode: "dev", user: null, isLoading: false, signOut: () => {} });
