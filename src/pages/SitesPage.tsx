/** Placeholder. */
export function SitesPage() {
  return <p>SitesPage</p>;
}
