/** Placeholder. */
export function MyWorkloadPage() {
  return <p>MyWorkloadPage</p>;
}
