/** Placeholder. */
export function IterationsPage() {
  return <p>IterationsPage</p>;
}
