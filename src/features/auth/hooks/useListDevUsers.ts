/** The seeded people the local dev sign-in offers (local backend only). */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";

export type DevUser = FunctionReturnType<typeof api.devSignIn.listUsers>[number];

export function useListDevUsers(): DevUser[] | undefined {
  return useQuery(api.devSignIn.listUsers, {});
}
