/** Route: /admin/reference — the organisation's editable reference data. */
import { PageHeader } from "@/ui/PageHeader";
import { Tabs } from "@/ui/Tabs";
import { RecordTable } from "@/features/records/components/RecordTable";
import { useCatalogueResource, type CatalogueResource } from "@/features/catalogue/hooks/useCatalogueResource";
import { siteFields } from "@/features/catalogue/utils/catalogueFields";
import {
  adminCategoryFields,
  allocationTypeFields,
  assessmentTypeFields,
  lecturerStatusFields,
  userRoleFields,
} from "@/features/catalogue/utils/referenceFields";
import type { Column } from "@/features/records/components/RecordTable";
import type { FieldDef } from "@/features/records/utils/fieldTypes";
import { useCan } from "@/features/workspace/hooks/useCan";

function ReferenceTable({
  resource,
  noun,
  columns,
  fields,
  permission = "reference.edit",
}: {
  resource: CatalogueResource;
  noun: string;
  columns: Column[];
  fields: FieldDef[];
  permission?: string;
}) {
  const r = useCatalogueResource(resource);
  const can = useCan();
  return (
    <RecordTable
      noun={noun}
      rows={r.rows}
      columns={columns}
      fields={fields}
      canEdit={can(permission, "everywhere")}
      onCreate={r.create}
      onUpdate={r.update}
      onRemove={r.remove}
    />
  );
}

export function ReferenceDataPage() {
  return (
    <div>
      <PageHeader title="Reference data" subtitle="Lists the rest of the app picks from." />
      <Tabs
        tabs={[
          {
            id: "allocation-types",
            label: "Allocation types",
            content: (
              <ReferenceTable
                resource="allocationTypes"
                noun="allocation type"
                fields={allocationTypeFields}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "code", label: "Code" },
                  { key: "work_category", label: "Counts as" },
                  { key: "basis", label: "Basis" },
                  { key: "sort_order", label: "Order", align: "right" },
                ]}
              />
            ),
          },
          {
            id: "admin-categories",
            label: "Admin categories",
            content: (
              <ReferenceTable
                resource="adminCategories"
                noun="admin category"
                fields={adminCategoryFields}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "code", label: "Code" },
                  { key: "work_category", label: "Counts as" },
                  {
                    key: "default_hours",
                    label: "Default",
                    align: "right",
                    render: (r) =>
                      r.default_percent_of_contract !== undefined
                        ? `${r.default_percent_of_contract}%`
                        : r.default_hours !== undefined
                          ? `${r.default_hours}h`
                          : "",
                  },
                ]}
              />
            ),
          },
          {
            id: "statuses",
            label: "Lecturer statuses",
            content: (
              <ReferenceTable
                resource="lecturerStatuses"
                noun="status"
                fields={lecturerStatusFields}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "code", label: "Code" },
                  { key: "counts_towards_capacity", label: "Counts", render: (r) => (r.counts_towards_capacity ? "Yes" : "No") },
                ]}
              />
            ),
          },
          {
            id: "assessment-types",
            label: "Assessment types",
            content: (
              <ReferenceTable
                resource="assessmentTypes"
                noun="assessment type"
                fields={assessmentTypeFields}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "code", label: "Code" },
                  { key: "marking_hours_per_script", label: "Hours per script", align: "right" },
                ]}
              />
            ),
          },
          {
            id: "sites",
            label: "Sites",
            content: (
              <ReferenceTable
                resource="sites"
                noun="site"
                permission="structure.edit"
                fields={siteFields}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "code", label: "Code" },
                  { key: "address", label: "Address" },
                ]}
              />
            ),
          },
          {
            id: "staff-categories",
            label: "Staff categories",
            content: (
              <ReferenceTable
                resource="userRoles"
                noun="staff category"
                fields={userRoleFields}
                columns={[
                  { key: "name", label: "Name" },
                  { key: "description", label: "Description" },
                  { key: "is_default", label: "Default", render: (r) => (r.is_default ? "Yes" : "") },
                ]}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
