/** What the rollover wizard shows for the current year (live): target, saved options, the latest preview, run and discard. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type RolloverOverview = NonNullable<FunctionReturnType<typeof api.structure.rollover.overview>>;

export function useRolloverOverview(): RolloverOverview | null | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.structure.rollover.overview, { organisationId });
}
