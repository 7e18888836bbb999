/** The organisation picker in the header; a plain label when the person has only one. */
import { useWorkspace } from "../hooks/useWorkspace";

export function OrganisationSwitcher() {
  const { memberships, organisationId, organisationName, setOrganisationId } = useWorkspace();
  if (memberships.length <= 1) {
    return (
      <span className="max-w-48 truncate text-sm font-medium text-slate-700" data-testid="organisation-name">
        {organisationName}
      </span>
    );
  }
  return (
    <>
      <label htmlFor="org-switcher" className="sr-only">
        Organisation
      </label>
      <select
        id="org-switcher"
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
        className="h-8 max-w-56 rounded-md border border-slate-300 bg-white pl-2 pr-7 text-sm font-medium text-slate-800"
      >
        {memberships.map((m) => (
          <option key={m.organisationId} value={m.organisationId}>
            {m.organisationName}
          </option>
        ))}
      </select>
    </>
  );
}
