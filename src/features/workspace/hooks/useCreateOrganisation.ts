/** Creates an organisation with its first year; the caller becomes its Admin. */
import { useMutation } from "convex/react";
import { api } from "@/lib/api";

export function useCreateOrganisation() {
  return useMutation(api.organisations.membership.create);
}
