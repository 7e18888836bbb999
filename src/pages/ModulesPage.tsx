/** Placeholder. */
export function ModulesPage() {
  return <p>ModulesPage</p>;
}
