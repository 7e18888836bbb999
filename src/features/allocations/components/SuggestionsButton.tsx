/** Opens the suggestions panel from the allocation editor's toolbar (planners only). */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { SuggestionsPanel } from "./SuggestionsPanel";

export function SuggestionsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        Suggest…
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Allocation suggestions" description="Proposals for what is not yet allocated." wide>
        <SuggestionsPanel />
      </Dialog>
    </>
  );
}
