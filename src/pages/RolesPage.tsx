/** Placeholder. */
export function RolesPage() {
  return <p>RolesPage</p>;
}
