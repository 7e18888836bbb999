/**
 * The integrations page's data and writes: the organisation's external
 * systems with their keys (live), creating a system, creating a key (an
 * action: the key comes back once and is never readable again, optionally
 * scoped to a department or a team), revoking one, enabling or disabling a
 * system. Every call is an admin's (organisation.manage).
 */
import { useAction, useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { ImportKindName } from "@convex/lib/imports/fields";

export type ExternalSystem = FunctionReturnType<typeof api.imports.feeds.listSystems>[number];
export type ApiKeyView = ExternalSystem["keys"][number];
export type FeedSystemKind = "hr_feed" | "student_records" | "timetabling";
export type CreatedKey = FunctionReturnType<typeof api.imports.feeds.createKey>;
/** Where a new key acts: the whole organisation, one department or one team. */
export type KeyScopeChoice = { departmentId?: string; teamId?: string };

export function useIntegrations() {
  const { organisationId } = useWorkspace();
  const systems = useQuery(api.imports.feeds.listSystems, { organisationId });
  const createSystemMutation = useMutation(api.imports.feeds.createSystem);
  const createKeyAction = useAction(api.imports.feeds.createKey);
  const revokeKeyMutation = useMutation(api.imports.feeds.revokeKey);
  const setEnabledMutation = useMutation(api.imports.feeds.setSystemEnabled);
  return {
    systems,
    createSystem: (name: string, kind: FeedSystemKind) => createSystemMutation({ organisationId, name, kind }),
    /** The new key in clear, once: show it and forget it. */
    createKey: (systemId: string, name: string, kinds: ImportKindName[], scope: KeyScopeChoice = {}): Promise<CreatedKey> =>
      createKeyAction({
        organisationId,
        externalSystemId: toId<"external_systems">(systemId),
        name,
        kinds,
        departmentId: scope.departmentId ? toId<"departments">(scope.departmentId) : undefined,
        teamId: scope.teamId ? toId<"teams">(scope.teamId) : undefined,
      }),
    revokeKey: (keyId: string) => revokeKeyMutation({ organisationId, keyId: toId<"api_keys">(keyId) }),
    setEnabled: (systemId: string, enabled: boolean) => setEnabledMutation({ organisationId, externalSystemId: toId<"external_systems">(systemId), enabled }),
  };
}
