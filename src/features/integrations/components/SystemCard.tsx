/** One external system: its kind, whether it is enabled (with Disable/Enable), its keys (with "New key" and "Revoke"), and its sync log. */
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import type { ApiKeyView, ExternalSystem } from "../hooks/useIntegrations";
import { SYSTEM_KIND_LABELS } from "../utils/systemKindLabels";
import { KeysTable } from "./KeysTable";
import { SyncLogTable } from "./SyncLogTable";

export function SystemCard({
  system,
  onNewKey,
  onRevoke,
  onToggle,
}: {
  system: ExternalSystem;
  onNewKey: (system: ExternalSystem) => void;
  onRevoke: (system: ExternalSystem, key: ApiKeyView) => void;
  /** Asks to disable an enabled system or enable a disabled one (after a confirmation). */
  onToggle: (system: ExternalSystem) => void;
}) {
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          {system.name}
          <Badge>{SYSTEM_KIND_LABELS[system.kind] ?? system.kind}</Badge>
          {system.enabled ? null : <Badge tone="red">Disabled</Badge>}
        </span>
      }
      actions={
        system.takes_keys ? (
          <div className="flex items-center gap-2">
            <Button size="sm" onClick={() => onToggle(system)} aria-label={`${system.enabled ? "Disable" : "Enable"} ${system.name}`}>
              {system.enabled ? "Disable" : "Enable"}
            </Button>
            <Button size="sm" variant="primary" onClick={() => onNewKey(system)} aria-label={`New API key for ${system.name}`}>
              New API key
            </Button>
          </div>
        ) : null
      }
    >
      <div className="flex flex-col gap-4" data-system={system.name}>
        {system.enabled ? null : (
          <p role="status" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="system-disabled">
            {system.name} is disabled: its feeds are refused, each listed in the sync log below, until it is enabled again.
          </p>
        )}
        {system.takes_keys ? (
          <section aria-label={`Keys of ${system.name}`} className="flex flex-col gap-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">API keys</h3>
            <KeysTable systemName={system.name} keys={system.keys} onRevoke={(k) => onRevoke(system, k)} />
          </section>
        ) : (
          <p className="text-sm text-slate-500">Files people upload on the Import page. They need no key.</p>
        )}
        <section aria-label={`Sync log of ${system.name}`} className="flex flex-col gap-2">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sync log</h3>
          <SyncLogTable systemId={system.id} systemName={system.name} />
        </section>
      </div>
    </Card>
  );
}
