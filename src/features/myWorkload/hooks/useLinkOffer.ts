/**
 * For someone signed in without a lecturer record: the unlinked record with
 * their email, if there is one, and asking an administrator to link it.
 */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type LinkOffer = FunctionReturnType<typeof api.people.links.offer>;

export function useLinkOffer() {
  const { organisationId } = useWorkspace();
  const offer = useQuery(api.people.links.offer, { organisationId });
  const request = useMutation(api.people.links.request);
  return { offer, request: (profileId: string) => request({ organisationId, profileId: toId<"lecturer_profiles">(profileId) }) };
}
