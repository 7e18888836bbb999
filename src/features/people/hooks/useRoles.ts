/** Roles with their permissions, the permission catalogue, and writes to roles. */
import { useMutation, useQuery } from "convex/react";
import { api } from "@/lib/api";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useRoles() {
  const { organisationId } = useWorkspace();
  const roles = useQuery(api.people.roles.all, { organisationId });
  const catalogue = useQuery(api.people.roles.permissionCatalogue, { organisationId });
  const create = useMutation(api.people.roles.create);
  const update = useMutation(api.people.roles.update);
  const remove = useMutation(api.people.roles.remove);
  return {
    roles,
    catalogue,
    create: (v: { name: string; description?: string; permissions: string[] }) => create({ organisationId, ...v }),
    update: (id: string, patch: { name?: string; description?: string; permissions?: string[] }) => update({ organisationId, id, patch }),
    remove: (id: string) => remove({ organisationId, id }),
  };
}
