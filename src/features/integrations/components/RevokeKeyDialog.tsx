/** Revoking a key, after a confirmation that says what follows: its feeds are refused from now on, for good. */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { getErrorInfo } from "@/lib/getErrorInfo";
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const revoke = async () => {
    if (!apiKey) return;
    setBusy(true);
    setError(null);
    try {
      await onRevoke(apiKey.id);
      close();
    } catch (e) {
      setError(getErrorInfo(e).message);
    } finally {
      setBusy(false);
    }
  };
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
