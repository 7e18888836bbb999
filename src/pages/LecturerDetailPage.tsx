/** Placeholder. */
export function LecturerDetailPage() {
  return <p>LecturerDetailPage</p>;
}
