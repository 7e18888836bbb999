/**
 * The busy and error state of a confirmation dialog's one action: runs it,
 * closes on success, and keeps the server's message in the dialog on failure
 * (nothing is lost: the dialog stays open so the person can read it or retry).
 */
import { useState } from "react";
import { getErrorInfo } from "./getErrorInfo";

export function useConfirmedAction(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      close();
    } catch (e) {
      setError(getErrorInfo(e).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, close, run };
}
