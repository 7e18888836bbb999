/** Route: /admin/settings — workload settings of the chosen year and the academic years. */
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { AcademicYearsPanel } from "@/features/settings/components/AcademicYearsPanel";
import { SettingsForm } from "@/features/settings/components/SettingsForm";
import { useOrganisationSettings } from "@/features/settings/hooks/useOrganisationSettings";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function OrganisationSettingsPage() {
  const { settings, save } = useOrganisationSettings();
  const { year, organisationName } = useWorkspace();
  const can = useCan();
  const canEdit = can("organisation.manage", "everywhere");
  return (
    <div className="space-y-4">
      <PageHeader title="Organisation settings" subtitle={`${organisationName} · workload settings for ${year?.name ?? "the year"}`} />
      <div className="grid grid-cols-12 gap-4">
        <div className="col-span-12 xl:col-span-8">
          {!settings ? (
            <Spinner />
          ) : (
            <SettingsForm
              key={`${year?._id}-${settings.version}`}
              settings={settings}
              canEdit={canEdit}
              onSave={(patch) => save(settings.version, patch)}
            />
          )}
        </div>
        <div className="col-span-12 xl:col-span-4">
          <AcademicYearsPanel canEdit={canEdit} />
        </div>
      </div>
    </div>
  );
}
