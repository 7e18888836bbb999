/**
 * The organisation's academic years and their states: promote a staging
 * year (with a confirmation saying what changes), lock or unlock the current
 * year, archive a staging year set aside, delete a year (refused while rows
 * point at it, or an explicit previewed cascade). New years: an empty
 * staging year here, or the rollover wizard.
 */
import { useState } from "react";
import { Link } from "react-router";
import { Badge, type BadgeTone } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Input } from "@/ui/Input";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useCan } from "@/features/workspace/hooks/useCan";
import type { AcademicYear, AcademicYearStatus } from "@/features/workspace/components/WorkspaceContext";
import { useAcademicYearActions } from "../hooks/useAcademicYearActions";
import { DeleteYearDialog } from "./DeleteYearDialog";
import { PromoteYearDialog } from "./PromoteYearDialog";

const TONE: Record<AcademicYearStatus, BadgeTone> = { active: "green", staging: "amber", locked: "indigo", archived: "neutral" };
const LABEL: Record<AcademicYearStatus, string> = { active: "active", staging: "staging", locked: "locked (published)", archived: "archived" };

export function AcademicYearsPanel({ canEdit }: { canEdit: boolean }) {
  const { years } = useWorkspace();
  const actions = useAcademicYearActions();
  const toast = useToast();
  const can = useCan();
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [promoting, setPromoting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AcademicYear | null>(null);

  const create = async () => {
    setError(null);
    if (!name.trim()) return setError("Name the year, e.g. 2028/29.");
    if (!start || !end || start >= end) return setError("Give start and end dates, the end after the start.");
    try {
      await actions.create({ name: name.trim(), start_date: start, end_date: end });
      toast.show({ tone: "success", title: `Staging year ${name} created`, description: "Settings and rules were copied from the current year." });
      setName("");
    } catch (e) {
      setError(getErrorInfo(e).message);
    }
  };
  const change = (y: AcademicYear, what: string, run: (id: string) => Promise<unknown>, done: string) =>
    run(y._id).then(
      () => toast.show({ tone: "success", title: done }),
      (e) => toast.show({ tone: "error", title: `Could not ${what} ${y.name}`, description: getErrorInfo(e).message }),
    );

  return (
    <Card title="Academic years">
      <ul className="divide-y divide-slate-100" aria-label="Academic years">
        {years.map((y) => (
          <li key={y._id} className="flex flex-wrap items-center justify-between gap-2 py-1.5 text-sm" data-testid={`year-${y.name}`}>
            <span>
              <span className="font-medium">{y.name}</span>{" "}
              <span className="text-xs text-slate-500">
                {y.start_date} – {y.end_date}
              </span>
            </span>
            <span className="flex items-center gap-1">
              <Badge tone={TONE[y.status]}>{LABEL[y.status]}</Badge>
              {canEdit && y.status === "staging" && (
                <>
                  <Button size="sm" variant="ghost" onClick={() => setPromoting(y._id)}>
                    Promote…
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void change(y, "archive", actions.archive, `${y.name} is archived`)}>
                    Archive
                  </Button>
                </>
              )}
              {canEdit && y.status === "active" && (
                <Button
                  size="sm"
                  variant="ghost"
                  title="Publish: only people allowed to edit locked years can change it"
                  onClick={() => void change(y, "lock", actions.lock, `${y.name} is locked`)}
                >
                  Lock
                </Button>
              )}
              {canEdit && y.status === "locked" && (
                <Button size="sm" variant="ghost" onClick={() => void change(y, "unlock", actions.unlock, `${y.name} is unlocked`)}>
                  Unlock
                </Button>
              )}
              {canEdit && (y.status === "staging" || y.status === "archived") && (
                <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setDeleting(y)}>
                  Delete…
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {can("years.rollover") && (
        <p className="mt-3 text-sm">
          <Link to="/admin/rollover" className="font-medium text-indigo-700 hover:underline">
            Roll the current year over into the next →
          </Link>
        </p>
      )}
      {canEdit && (
        <div className="mt-3 grid grid-cols-2 items-end gap-2">
          <div className="col-span-2">
            <Input label="New empty staging year" placeholder="2028/29" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <Input label="Starts" type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          <Input label="Ends" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          <Button className="col-span-2" onClick={() => void create()}>
            Create staging year (copies settings and rules)
          </Button>
          {error && (
            <p role="alert" className="col-span-2 text-sm text-red-600">
              {error}
            </p>
          )}
        </div>
      )}
      {promoting && <PromoteYearDialog yearId={promoting} onClose={() => setPromoting(null)} />}
      {deleting && <DeleteYearDialog year={deleting} onClose={() => setDeleting(null)} />}
    </Card>
  );
}
