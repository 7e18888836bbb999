/** Why something on screen cannot be changed (or is not all shown), said where it applies. */
export function ReadOnlyNote({ reason, detail }: { reason: string; detail?: string }) {
  return (
    <p role="note" className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="read-only-note">
      <span aria-hidden>🔒</span>
      <span>
        <span className="font-medium">{reason}</span>
        {detail && <span className="text-amber-800"> {detail}</span>}
      </span>
    </p>
  );
}
