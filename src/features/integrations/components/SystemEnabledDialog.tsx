/**
 * Disabling or enabling an external system, after a confirmation that says
 * what follows: disabled, its feeds are refused (each one listed in its sync
 * log) until it is enabled again; its keys are kept, so enabling it lets
 * them send again.
 */
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { useConfirmedAction } from "@/lib/useConfirmedAction";
import type { ExternalSystem } from "../hooks/useIntegrations";

export function SystemEnabledDialog({
  system,
  onClose,
  onConfirm,
}: {
  /** The system to disable (when enabled) or enable (when disabled); null: the dialog is closed. */
  system: ExternalSystem | null;
  onClose: () => void;
  onConfirm: (systemId: string, enabled: boolean) => Promise<unknown>;
}) {
  const { busy, error, close, run } = useConfirmedAction(onClose);
  const disabling = system?.enabled ?? true;
  const name = system?.name ?? "";
  const confirm = () => system && run(() => onConfirm(system.id, !system.enabled));
  const active = system?.keys.filter((k) => !k.revoked).length ?? 0;
  return (
    <Dialog
      open={system !== null}
      onClose={close}
      title={disabling ? `Disable ${name}?` : `Enable ${name}?`}
      footer={
        <>
          <Button onClick={close}>{disabling ? "Keep it enabled" : "Keep it disabled"}</Button>
          <Button variant={disabling ? "danger" : "primary"} onClick={() => void confirm()} loading={busy}>
            {disabling ? `Disable ${name}` : `Enable ${name}`}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-2 text-sm text-slate-700">
        {disabling ? (
          <>
            <p>
              Feeds from {name} will be refused until it is enabled again: it gets “403 disabled”, and each refused feed is listed in its sync log. An
              import it is running stops at its next step.
            </p>
            <p>
              Its {active === 1 ? "active key is" : `${active} active keys are`} kept: enabling {name} again lets {active === 1 ? "it" : "them"} send again.
              Imports it sent already stay as they are.
            </p>
          </>
        ) : (
          <p>
            Feeds from {name} will be accepted again, from {active === 1 ? "its active key" : `its ${active} active keys`}. Revoked keys stay revoked.
          </p>
        )}
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
