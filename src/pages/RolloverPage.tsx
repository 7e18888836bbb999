/** Route: /admin/rollover — roll the current year over into the next (the wizard). */
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { EmptyState } from "@/ui/EmptyState";
import { RolloverWizard } from "@/features/rollover/components/RolloverWizard";
import { useRolloverOverview } from "@/features/rollover/hooks/useRolloverOverview";

export function RolloverPage() {
  const overview = useRolloverOverview();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Year rollover"
        subtitle="Create next year from this one: lecturers from their profiles, iterations from the modules, and what you choose to carry over."
      />
      {overview === undefined ? (
        <Spinner label="Loading…" />
      ) : overview === null ? (
        <EmptyState title="No current year" description="Make a year active first: the rollover starts from the current year." />
      ) : (
        <RolloverWizard key={overview.source.id} overview={overview} />
      )}
    </div>
  );
}
