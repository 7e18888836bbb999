/** Revoking a key, after a confirmation that says what follows: its feeds are refused from now on, for good. */
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { useConfirmedAction } from "@/lib/useConfirmedAction";
import type { ApiKeyView } from "../hooks/useIntegrations";

export function RevokeKeyDialog({
  apiKey,
  systemName,
  onClose,
  onRevoke,
}: {
  /** The key to revoke; null: the dialog is closed. */
  apiKey: ApiKeyView | null;
  systemName: string;
  onClose: () => void;
  onRevoke: (keyId: string) => Promise<unknown>;
}) {
  const { busy, error, close, run } = useConfirmedAction(onClose);
  const revoke = () => apiKey && run(() => onRevoke(apiKey.id));
  return (
    <Dialog
      open={apiKey !== null}
      onClose={close}
      title="Revoke this API key?"
      footer={
        <>
          <Button onClick={close}>Keep it</Button>
          <Button variant="danger" onClick={() => void revoke()} loading={busy}>
            Revoke key
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-2 text-sm text-slate-700">
        <p>
          <strong>{apiKey?.name}</strong> (<span className="font-mono">{apiKey?.prefix}…</span>) of {systemName}.
        </p>
        <p>
          Feeds using this key will be refused from now on: {systemName} gets “401 unauthorised” until it is given a new key. Imports it
          sent already stay as they are.
        </p>
        <p>This cannot be undone.</p>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
