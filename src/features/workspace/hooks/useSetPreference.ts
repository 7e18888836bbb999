/** Saves one of the caller's preferences (e.g. the chosen academic year). */
import { useMutation } from "convex/react";
import { useCallback } from "react";
import type { Id } from "@convex/_generated/dataModel";
import { api } from "@/lib/api";

export function useSetPreference(organisationId: Id<"organisations"> | null) {
  const set = useMutation(api.account.preferences.set);
  return useCallback(
    async (key: string, value: string) => {
      if (!organisationId) return;
      await set({ organisationId, key, value });
    },
    [organisationId, set],
  );
}
