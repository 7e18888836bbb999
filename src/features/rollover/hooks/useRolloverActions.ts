/** Preview, run, discard a rollover and save its options (structure/rollover). */
import { useMutation } from "convex/react";
import type { FunctionArgs } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

type Args = Omit<FunctionArgs<typeof api.structure.rollover.start>, "organisationId">;
export type RolloverTargetChoice = Args["target"];
export type RolloverOptionsChoice = Args["options"];

export function useRolloverActions() {
  const { organisationId } = useWorkspace();
  const preview = useMutation(api.structure.rollover.preview);
  const start = useMutation(api.structure.rollover.start);
  const discard = useMutation(api.structure.rollover.discard);
  const saveOptions = useMutation(api.structure.rollover.saveOptions);
  return {
    preview: (args: Args) => preview({ organisationId, ...args }),
    start: (args: Args) => start({ organisationId, ...args }),
    discard: (jobId: string) => discard({ organisationId, jobId: toId<"jobs">(jobId) }),
    saveOptions: (sourceYearId: string, options: RolloverOptionsChoice, autoOn: string | null) =>
      saveOptions({ organisationId, sourceYearId: toId<"academic_years">(sourceYearId), options, autoOn }),
  };
}
