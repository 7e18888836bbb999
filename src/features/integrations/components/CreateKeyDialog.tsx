/**
 * A new API key for a system: what uses it (its name), what it may import
 * and where it acts (the whole organisation, one department or one team: a
 * scoped key's rows elsewhere are refused), then the key itself, shown this once with a copy button. The key
 * is kept only in this dialog's state and dropped when it closes: the
 * server keeps its hash, so nobody can show it again.
 */
import { useState } from "react";
import { IMPORT_KIND_LABELS, type ImportKindName } from "@convex/lib/imports/fields";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import type { CreatedKey, ExternalSystem, KeyScopeChoice } from "../hooks/useIntegrations";
import { NewKeyReveal } from "./NewKeyReveal";

export function CreateKeyDialog({
  system,
  onClose,
  onCreate,
}: {
  /** The system the key is for; null: the dialog is closed. */
  system: ExternalSystem | null;
  onClose: () => void;
  onCreate: (systemId: string, name: string, kinds: ImportKindName[], scope: KeyScopeChoice) => Promise<CreatedKey>;
}) {
  const structure = useListStructure();
  const [name, setName] = useState("");
  /** "" (the organisation), "department:<id>" or "team:<id>". */
  const [where, setWhere] = useState("");
  const [kinds, setKinds] = useState<ImportKindName[]>([]);
  const [errors, setErrors] = useState<{ name?: string; kinds?: string; server?: string }>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const close = () => {
    setName("");
    setWhere("");
    setKinds([]);
    setErrors({});
    setCreated(null);
    onClose();
  };

  const submit = async () => {
    const found: typeof errors = {};
    if (!name.trim()) found.name = "Say what will use the key (e.g. “nightly staff feed”).";
    else if (name.trim().length > 80) found.name = "Keep the name to 80 characters.";
    if (kinds.length === 0) found.kinds = "Choose at least one kind of import the key may run.";
    setErrors(found);
    if (found.name || found.kinds || !system) return;
    setBusy(true);
    try {
      const [type, id] = where.split(":");
      setCreated(await onCreate(system.id, name.trim(), kinds, type === "team" ? { teamId: id } : type === "department" ? { departmentId: id } : {}));
    } catch (e) {
      setErrors({ server: getErrorInfo(e).message });
    } finally {
      setBusy(false);
    }
  };

  // Each department, then its teams under it: a team key is narrower than its department's.
  const scopeOptions = [
    { value: "", label: "The whole organisation" },
    ...(structure?.departments ?? []).flatMap((d) => [
      { value: `department:${d._id}`, label: `${d.name} (department)` },
      ...(structure?.teams ?? []).filter((t) => t.department_id === d._id).map((t) => ({ value: `team:${t._id}`, label: `${d.name} › ${t.name} (team)` })),
    ]),
  ];
  const scopeLabel = scopeOptions.find((o) => o.value === where)?.label ?? "";

  const toggle = (kind: ImportKindName, on: boolean) => setKinds((ks) => (on ? [...ks, kind] : ks.filter((k) => k !== kind)));

  if (created) {
    return (
      <Dialog
        open={system !== null}
        onClose={close}
        title="Your new API key"
        description={`For ${system?.name ?? "the system"}: ${name.trim()}${where ? `, acting in ${scopeLabel}` : ""}`}
        wide
        footer={
          <Button variant="primary" onClick={close}>
            I have stored it safely
          </Button>
        }
      >
        <NewKeyReveal apiKey={created.key} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open={system !== null}
      onClose={close}
      title={`New API key for ${system?.name ?? ""}`}
      description="The system sends its files with this key. You choose what it may import and where it acts; you can revoke it at any time."
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" onClick={() => void submit()} loading={busy}>
            Create key
          </Button>
        </>
      }
    >
      <form
        aria-label="New API key"
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Input label="What uses it" placeholder="e.g. nightly staff feed" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} autoFocus />
        <fieldset className="flex flex-col gap-1.5" aria-describedby={errors.kinds ? "key-kinds-msg" : undefined}>
          <legend className="mb-1 text-xs font-medium text-slate-600">It may import</legend>
          {(system?.feed_kinds ?? []).map((k) => (
            <label key={k} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => toggle(k, e.target.checked)} />
              {IMPORT_KIND_LABELS[k]}
            </label>
          ))}
          {errors.kinds && (
            <p id="key-kinds-msg" className="text-xs text-red-600">
              {errors.kinds}
            </p>
          )}
        </fieldset>
        <div className="flex flex-col gap-1">
          <Select label="Where it acts" value={where} onChange={(e) => setWhere(e.target.value)} options={scopeOptions} />
          <p className="text-xs text-slate-500" data-testid="key-scope-help">
            {where
              ? `Only rows of ${scopeLabel.replace(/ \((department|team)\)$/, "")} are imported; rows elsewhere are refused, each with the reason. You can only give a key what you hold there yourself.`
              : "The key imports rows of every department, for the kinds ticked."}{" "}
            Its imports are named by the key in the audit trail.
          </p>
        </div>
        {errors.server && (
          <p role="alert" className="text-sm text-red-700">
            {errors.server}
          </p>
        )}
      </form>
    </Dialog>
  );
}
