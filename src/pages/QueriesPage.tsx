/** Route: /queries — lecturers' open queries for the planners responsible, with answers in the app. */
import { PageHeader } from "@/ui/PageHeader";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { QueryList } from "@/features/queries/components/QueryList";

export function QueriesPage() {
  return (
    <div>
      <PageHeader title="Queries" subtitle="Lecturers asking about their allocations, in the departments you plan." />
      <QueryBoundary title="Could not load the queries">
        <QueryList />
      </QueryBoundary>
    </div>
  );
}
