/** The organisation's modules (definitions), by code. */
import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export type ModuleRow = FunctionReturnType<typeof api.curriculum.modules.all>[number];

export function useListModules(): ModuleRow[] | undefined {
  const { organisationId } = useWorkspace();
  return useQuery(api.curriculum.modules.all, { organisationId });
}
