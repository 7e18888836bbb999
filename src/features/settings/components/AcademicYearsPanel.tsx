/** The organisation's academic years: make one active, or start a staging year copied from the active one. */
import { useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Input } from "@/ui/Input";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useAcademicYearActions } from "../hooks/useAcademicYearActions";

export function AcademicYearsPanel({ canEdit }: { canEdit: boolean }) {
  const { years } = useWorkspace();
  const actions = useAcademicYearActions();
  const toast = useToast();
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setError(null);
    if (!name.trim()) return setError("Name the year, e.g. 2028/29.");
    if (!start || !end || start >= end) return setError("Give start and end dates, the end after the start.");
    try {
      await actions.create({ name: name.trim(), start_date: start, end_date: end });
      toast.show({ tone: "success", title: `Staging year ${name} created`, description: "Settings and rules were copied from the active year." });
      setName("");
    } catch (e) {
      setError(getErrorInfo(e).message);
    }
  };
  return (
    <Card title="Academic years">
      <ul className="divide-y divide-slate-100">
        {years.map((y) => (
          <li key={y._id} className="flex items-center justify-between py-1.5 text-sm">
            <span>
              <span className="font-medium">{y.name}</span> <span className="text-xs text-slate-500">{y.start_date} – {y.end_date}</span>
            </span>
            <span className="flex items-center gap-2">
              <Badge tone={y.status === "active" ? "green" : y.status === "staging" ? "amber" : "neutral"}>{y.status}</Badge>
              {canEdit && y.status === "staging" && (
                <Button size="sm" variant="ghost" onClick={() => actions.setActive(y._id).then(() => toast.show({ tone: "success", title: `${y.name} is now active` }), (e) => toast.show({ tone: "error", title: "Not changed", description: getErrorInfo(e).message }))}>
                  Make active
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <div className="mt-3 grid grid-cols-2 items-end gap-2">
          <div className="col-span-2"><Input label="New staging year" placeholder="2028/29" value={name} onChange={(e) => setName(e.target.value)} /></div>
          <Input label="Starts" type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          <Input label="Ends" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          <Button className="col-span-2" onClick={() => void create()}>Create staging year (copies settings and rules)</Button>
          {error && <p role="alert" className="col-span-2 text-sm text-red-600">{error}</p>}
        </div>
      )}
    </Card>
  );
}
