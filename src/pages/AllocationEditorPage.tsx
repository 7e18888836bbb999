/** Placeholder. */
export function AllocationEditorPage() {
  return <p>AllocationEditorPage</p>;
}
