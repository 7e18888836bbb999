/** One of the caller's saved preferences (a string), or null when unset; undefined while loading. */
import { useQuery } from "convex/react";
import type { Id } from "@convex/_generated/dataModel";
import { api } from "@/lib/api";

export function useGetPreference(organisationId: Id<"organisations"> | null, key: string): string | null | undefined {
  return useQuery(api.account.preferences.get, organisationId ? { organisationId, key } : "skip");
}
