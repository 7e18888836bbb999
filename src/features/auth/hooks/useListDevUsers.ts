/** The seeded people the local dev sign-in offers (local backend only). */
import { useQuery } from "convex/react";
import { api } from "@/lib/api";

export type DevUser = { email: string; name: string; organisationName: string; roles: string[] };

export function useListDevUsers(): DevUser[] | undefined {
  return useQuery(api.devSignIn.listUsers, {}) as DevUser[] | undefined;
}
