/** Placeholder. */
export function ModuleDetailPage() {
  return <p>ModuleDetailPage</p>;
}
