/** Route: /sites — campuses and other teaching sites. */
import { PageHeader } from "@/ui/PageHeader";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { siteFields } from "@/features/catalogue/utils/catalogueFields";
import { useCan } from "@/features/workspace/hooks/useCan";

export function SitesPage() {
  const sites = useCatalogueResource("sites");
  const can = useCan();
  return (
    <div>
      <PageHeader title="Sites" subtitle="Where iterations and groups are taught." />
      <RecordTable
        noun="site"
        rows={sites.rows}
        canEdit={can("reference.edit", "everywhere")}
        columns={[
          { key: "name", label: "Name" },
          { key: "code", label: "Code" },
          { key: "address", label: "Address" },
        ]}
        fields={siteFields}
        onCreate={sites.create}
        onUpdate={sites.update}
        onRemove={sites.remove}
      />
    </div>
  );
}
