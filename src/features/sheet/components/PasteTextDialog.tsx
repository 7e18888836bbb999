/**
 * Paste a block without the clipboard shortcut: copy cells in Excel or
 * LibreOffice, paste them here (tab-separated text), and they are laid over
 * the sheet from the selected cell, with a preview before anything is saved.
 */
import { useEffect, useId, useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";

export function PasteTextDialog({ open, onClose, onPaste }: { open: boolean; onClose: () => void; onPaste: (text: string) => void }) {
  const [text, setText] = useState("");
  const id = useId();
  useEffect(() => {
    if (open) setText("");
  }, [open]);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Paste a block"
      description="Cells copied from a spreadsheet, one line per row; they start at the selected cell."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={text.trim() === ""} onClick={() => onPaste(text)}>
            Preview
          </Button>
        </>
      }
    >
      <label htmlFor={`${id}-text`} className="text-xs font-medium text-slate-700">
        Copied cells (shares like 50, hours like 12h; an empty cell empties it)
      </label>
      <textarea
        id={`${id}-text`}
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="mt-1 w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-sm"
      />
    </Dialog>
  );
}
