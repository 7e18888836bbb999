/** Placeholder. */
export function IterationDetailPage() {
  return <p>IterationDetailPage</p>;
}
