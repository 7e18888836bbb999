/** Placeholder. */
export function ReferenceDataPage() {
  return <p>ReferenceDataPage</p>;
}
