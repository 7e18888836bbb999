/** The caller in one organisation: user row, organisation, permissions, own lecturer profile. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import type { Id } from "@convex/_generated/dataModel";
import { api } from "@/lib/api";

export type Me = FunctionReturnType<typeof api.people.users.me>;

export function useGetMe(organisationId: Id<"organisations"> | null): Me | undefined {
  return useQuery(api.people.users.me, organisationId ? { organisationId } : "skip");
}
