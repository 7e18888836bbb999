/** The signed-in person and sign-out, from whichever provider is active. */
import { useContext } from "react";
import { SessionContext } from "../components/SessionContext";

export function useSession() {
  return useContext(SessionContext);
}
