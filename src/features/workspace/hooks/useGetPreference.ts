/** One of the caller's saved preferences (a string), or null when unset; undefined while loading. */
import { useQuery } from "convex/react";
import type { Id } from "@convex/_generated/dataModel";
import { api } from "@/lib/api";

export function useGetPreference(organisationId: Id<"organisations"> | null, key: string): string | null | undefined {
  const raw = useQuery(api.account.preferences.get, organisationId ? { organisationId, key } : "skip") as
    string | { value: string } | null | undefined;
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  return typeof raw === "string" ? raw : (raw.value ?? null);
}
