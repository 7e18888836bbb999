/** A full-width strip under the header while a staging year is shown. */
import { useWorkspace } from "../hooks/useWorkspace";

export function StagingBanner() {
  const { year } = useWorkspace();
  if (year?.status !== "staging") return null;
  return (
    <div role="note" className="border-b border-amber-300 bg-amber-100 px-4 py-1 text-center text-xs font-medium text-amber-900">
      You are planning in the STAGING year {year.name}. Changes here do not affect the active year.
    </div>
  );
}
