/** Route: /admin/roles — roles and their permissions. */
import { RolesMatrix } from "@/features/people/components/RolesMatrix";

export function RolesPage() {
  return <RolesMatrix />;
}
