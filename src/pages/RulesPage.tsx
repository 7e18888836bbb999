/** Placeholder. */
export function RulesPage() {
  return <p>RulesPage</p>;
}
