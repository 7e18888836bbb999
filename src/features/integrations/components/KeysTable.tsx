/** A system's API keys: label and prefix, what each may import and where (organisation, department or team), who made it and when, its last use, active or revoked. */
import { IMPORT_KIND_LABELS } from "@convex/lib/imports/fields";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatDateTime } from "@/lib/formatDateTime";
import type { ApiKeyView } from "../hooks/useIntegrations";
import { SHORT_KIND_LABELS } from "../utils/shortKindLabels";

export function KeysTable({ systemName, keys, onRevoke }: { systemName: string; keys: ApiKeyView[]; onRevoke: (key: ApiKeyView) => void }) {
  if (keys.length === 0) return <p className="text-sm text-slate-500">No keys yet: {systemName} cannot send anything until it has one.</p>;
  return (
    <Table aria-label={`API keys of ${systemName}`}>
      <thead>
        <tr>
          <Th>Key</Th>
          <Th>May import</Th>
          <Th>Acts in</Th>
          <Th>Created</Th>
          <Th>Last used</Th>
          <Th>Status</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <Tr key={k.id} data-key={k.prefix}>
            <Td>
              <div className="font-medium text-slate-800">{k.name}</div>
              <div className="font-mono text-xs text-slate-500">{k.prefix}…</div>
            </Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                {k.kinds.map((kind) => (
                  <Badge key={kind} tone="indigo" title={IMPORT_KIND_LABELS[kind]}>
                    {SHORT_KIND_LABELS[kind]}
                  </Badge>
                ))}
              </div>
            </Td>
            <Td className="text-xs" data-testid="key-scope">
              {k.scope.type === "organisation" ? (
                "The whole organisation"
              ) : k.scope.type === "department" ? (
                <>
                  {k.scope.name}
                  <div className="text-slate-500">department</div>
                </>
              ) : (
                <>
                  {k.scope.name}
                  <div className="text-slate-500">team of {k.scope.department_name}</div>
                </>
              )}
            </Td>
            <Td className="text-xs">
              {formatDateTime(k.created_at)}
              <div className="text-slate-500">by {k.created_by_name ?? "someone no longer a member"}</div>
            </Td>
            <Td className="text-xs">{k.last_used_at ? formatDateTime(k.last_used_at) : "Never"}</Td>
            <Td className="text-xs">
              {k.revoked ? (
                <>
                  <Badge tone="red">Revoked</Badge>
                  <div className="mt-0.5 text-slate-500">{formatDateTime(k.revoked_at)}</div>
                </>
              ) : (
                <Badge tone="green">Active</Badge>
              )}
            </Td>
            <Td className="text-right">
              {k.revoked ? null : (
                <Button size="sm" variant="ghost" onClick={() => onRevoke(k)} aria-label={`Revoke ${k.name}`}>
                  Revoke
                </Button>
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
