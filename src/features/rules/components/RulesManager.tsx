/** The chosen year's calculation rules: a list on the left, the selected rule's editor on the right. */
import { useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { cn } from "@/lib/cn";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useRules } from "../hooks/useRules";
import { RuleEditor } from "./RuleEditor";

export function RulesManager() {
  const { rules } = useRules();
  const { year } = useWorkspace();
  const can = useCan();
  const canEdit = can("rules.edit", "everywhere");
  const [selected, setSelected] = useState<string | "new" | null>(null);
  const current = selected && selected !== "new" ? (rules?.find((r) => r._id === selected) ?? null) : null;
  return (
    <div>
      <PageHeader
        title="Calculation rules"
        subtitle={`How hours are computed in ${year?.name ?? "this year"}${year?.status === "staging" ? " (staging: changes do not affect the active year)" : ""}`}
        actions={
          canEdit && (
            <Button variant="primary" onClick={() => setSelected("new")}>
              New rule
            </Button>
          )
        }
      />
      <div className="grid grid-cols-12 gap-4">
        <div className="col-span-12 lg:col-span-4">
          {!rules ? (
            <Spinner />
          ) : (
            <table className="w-full table-fixed overflow-hidden rounded-lg border border-slate-200 bg-white text-sm" aria-label="Rules">
              <tbody>
                {rules.map((r) => (
                  <tr
                    key={r._id}
                    className={cn("cursor-pointer border-b border-slate-100", r._id === selected ? "bg-indigo-50" : "hover:bg-slate-50")}
                    onClick={() => setSelected(r._id)}
                  >
                    <td className="px-3 py-2">
                      <button type="button" className="text-left font-medium text-slate-800" onClick={() => setSelected(r._id)}>
                        {r.name}
                      </button>
                      <code className="block truncate font-mono text-[11px] text-slate-500">{r.formula}</code>
                    </td>
                    <td className="w-16 px-2 py-2 text-right">
                      <Badge tone={r.is_active ? "green" : "neutral"}>{r.is_active ? `P${r.priority}` : "Off"}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="col-span-12 lg:col-span-8">
          {selected === null ? (
            <Card>
              <p className="text-sm text-slate-500">Choose a rule to see or edit it{canEdit ? ", or create a new one" : ""}.</p>
            </Card>
          ) : (
            <Card title={selected === "new" ? "New rule" : current?.name}>
              <RuleEditor
                key={selected === "new" ? "new" : `${current?._id}-${current?.version}`}
                rule={current}
                canEdit={canEdit}
                onDone={(id) => setSelected(id ?? null)}
              />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
