/** Placeholder. */
export function LecturersPage() {
  return <p>LecturersPage</p>;
}
