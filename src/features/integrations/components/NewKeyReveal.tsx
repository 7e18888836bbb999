/**
 * The key in clear, this once: a copy button (the clipboard, or a hint to
 * copy it by hand where the browser refuses), a plain warning that it will
 * not be shown again, and how a system sends a file with it.
 */
import { useRef, useState } from "react";
import { Button } from "@/ui/Button";

export function NewKeyReveal({ apiKey }: { apiKey: string }) {
  const [copied, setCopied] = useState<"yes" | "refused" | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied("yes");
    } catch {
      field.current?.select();
      setCopied("refused");
    }
  };
  return (
    <div className="flex flex-col gap-3">
      <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <strong>Copy this key now: you will not see it again.</strong> Only a fingerprint of it is kept; if it is lost, revoke it and
        create a new one.
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="new-api-key" className="sr-only">
          The new API key
        </label>
        <input
          id="new-api-key"
          ref={field}
          readOnly
          value={apiKey}
          onFocus={(e) => e.target.select()}
          data-testid="new-api-key"
          className="h-8 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2.5 font-mono text-xs text-slate-900"
        />
        <Button variant="primary" onClick={() => void copy()}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
      </div>
      {copied === "refused" ? <p className="text-xs text-slate-600">The browser did not allow copying: the key is selected, copy it with Ctrl+C.</p> : null}
      <div className="text-xs text-slate-600">
        <p className="mb-1">The system sends a file to the deployment’s HTTP actions URL with it:</p>
        <pre className="overflow-x-auto rounded bg-slate-900 p-2 text-[11px] leading-relaxed text-slate-100">
          {`curl -X POST "$SITE/api/imports?kind=staff&commit=true" \\\n  -H "Authorization: Bearer <the key>" \\\n  -H "Content-Type: text/csv" --data-binary @staff.csv`}
        </pre>
      </div>
    </div>
  );
}
