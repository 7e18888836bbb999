/** The organisation's academic years: make one active, or start a staging year copied from the active one. */
import { useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Input } from "@/ui/Input";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useAcademicYearActions } from "../hooks/useAcademicYearActions";
import { useRollovers } from "../hooks/useRollovers";

export function AcademicYearsPanel({ canEdit }: { canEdit: boolean }) {
  const { years } = useWorkspace();
  const actions = useAcademicYearActions();
  const toast = useToast();
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [error, setError] = useState<string | null>(null);
  const can = useCan();
  const rollovers = useRollovers();
  const canRollOver = can("years.rollover", "everywhere");
  const active = years.find((y) => y.status === "active");
  const [rollOver, setRollOver] = useState(true);
  const create = async () => {
    setError(null);
    if (!name.trim()) return setError("Name the year, e.g. 2028/29.");
    if (!start || !end || start >= end) return setError("Give start and end dates, the end after the start.");
    try {
      if (rollOver && canRollOver && active) {
        await rollovers.start({ sourceYearId: active._id, name: name.trim(), start_date: start, end_date: end });
        toast.show({
          tone: "success",
          title: `Rolling ${active.name} over into ${name}`,
          description: "Lecturers and iterations are being copied; progress is shown below.",
        });
      } else {
        await actions.create({ name: name.trim(), start_date: start, end_date: end });
        toast.show({
          tone: "success",
          title: `Staging year ${name} created`,
          description: "Settings and rules were copied from the active year.",
        });
      }
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
              <span className="font-medium">{y.name}</span>{" "}
              <span className="text-xs text-slate-500">
                {y.start_date} – {y.end_date}
              </span>
            </span>
            <span className="flex items-center gap-2">
              <Badge tone={y.status === "active" ? "green" : y.status === "staging" ? "amber" : "neutral"}>{y.status}</Badge>
              {canEdit && y.status === "staging" && (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    actions.setActive(y._id).then(
                      () => toast.show({ tone: "success", title: `${y.name} is now active` }),
                      (e) => toast.show({ tone: "error", title: "Not changed", description: getErrorInfo(e).message }),
                    )
                  }
                >
                  Make active
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <div className="mt-3 grid grid-cols-2 items-end gap-2">
          <div className="col-span-2">
            <Input label="New staging year" placeholder="2028/29" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <Input label="Starts" type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          <Input label="Ends" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          {canRollOver && active && (
            <label className="col-span-2 flex items-center gap-2 text-sm">
              <input type="checkbox" checked={rollOver} onChange={(e) => setRollOver(e.target.checked)} />
              Roll over from {active.name}: copy lecturers, iterations, groups and assessments (not allocations)
            </label>
          )}
          <Button className="col-span-2" onClick={() => void create()}>
            {rollOver && canRollOver && active ? `Roll over into a new staging year` : "Create staging year (copies settings and rules)"}
          </Button>
          {error && (
            <p role="alert" className="col-span-2 text-sm text-red-600">
              {error}
            </p>
          )}
        </div>
      )}
      {rollovers.progress && rollovers.progress.length > 0 && (
        <div className="mt-4 space-y-2" aria-label="Rollovers">
          <p className="text-xs font-medium text-slate-500">Rollovers</p>
          {rollovers.progress.slice(0, 5).map((r) => (
            <div key={r.id} className="text-xs">
              <div className="flex justify-between">
                <span>{r.name}</span>
                <span className={r.status === "failed" ? "text-red-700" : "text-slate-500"}>
                  {r.status === "completed" ? "done" : r.status === "failed" ? "failed" : `${r.percent}%`}
                </span>
              </div>
              <div
                className="mt-0.5 h-1.5 rounded-full bg-slate-100"
                role="progressbar"
                aria-valuenow={r.percent}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-label={r.name}
              >
                <div
                  className={`h-1.5 rounded-full ${r.status === "failed" ? "bg-red-500" : "bg-indigo-500"}`}
                  style={{ width: `${r.percent}%` }}
                />
              </div>
              {r.error && <p className="text-red-700">{r.error}</p>}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
