/** Placeholder. */
export function OrganisationSettingsPage() {
  return <p>OrganisationSettingsPage</p>;
}
