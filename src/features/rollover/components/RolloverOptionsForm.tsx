/**
 * The wizard's first step: into which year (the staging year already made,
 * or a new one), what carries over, and optionally the date on which the
 * organisation's automatic rollover starts with these options.
 */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import type { RolloverOptionsChoice, RolloverTargetChoice } from "../hooks/useRolloverActions";
import type { RolloverOverview } from "../hooks/useRolloverOverview";

export type RolloverChoice = { target: RolloverTargetChoice; options: RolloverOptionsChoice };

const NEW = "new";

export function RolloverOptionsForm({
  overview,
  value,
  onChange,
  newYear,
  onSaveAutomatic,
}: {
  overview: RolloverOverview;
  value: RolloverChoice;
  onChange: (v: RolloverChoice) => void;
  newYear: { name: string; start_date: string; end_date: string };
  onSaveAutomatic: (autoOn: string | null) => Promise<void>;
}) {
  const [autoOn, setAutoOn] = useState(overview.autoOn ?? "");
  const { target, options } = value;
  const setOption = <K extends keyof RolloverOptionsChoice>(key: K, v: RolloverOptionsChoice[K]) => onChange({ target, options: { ...options, [key]: v } });
  const checkbox = (key: "carry_teaching_allocations" | "carry_recurring_admin" | "carry_groups_and_assessments", label: string, hint: string) => (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-0.5" checked={options[key]} onChange={(e) => setOption(key, e.target.checked)} />
      <span>
        <span className="font-medium text-slate-800">{label}</span>
        <span className="block text-xs text-slate-500">{hint}</span>
      </span>
    </label>
  );
  return (
    <div className="space-y-4">
      <div className="grid gap-3 md:grid-cols-4">
        <div className="md:col-span-4">
          <Select
            label={`Roll ${overview.source.name} over into`}
            value={target.kind === "existing" ? target.academicYearId : NEW}
            onChange={(e) =>
              onChange({
                options,
                target: e.target.value === NEW ? { kind: "new", ...newYear } : { kind: "existing", academicYearId: e.target.value as never },
              })
            }
            options={[
              ...overview.targets.map((y) => ({ value: y.id, label: `${y.name} (the staging year already set up: filled, what it holds is kept)` })),
              { value: NEW, label: "A new staging year…" },
            ]}
          />
        </div>
        {target.kind === "new" && (
          <>
            <Input label="Name" value={target.name} onChange={(e) => onChange({ options, target: { ...target, name: e.target.value } })} />
            <Input label="Starts" type="date" value={target.start_date} onChange={(e) => onChange({ options, target: { ...target, start_date: e.target.value } })} />
            <Input label="Ends" type="date" value={target.end_date} onChange={(e) => onChange({ options, target: { ...target, end_date: e.target.value } })} />
          </>
        )}
      </div>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-700">What carries over</legend>
        <p className="text-xs text-slate-500">
          Every active lecturer profile gets a record and every active module its iterations; leavers and withdrawn modules do not. Settings and
          calculation rules are always the new year's own copy.
        </p>
        {checkbox("carry_teaching_allocations", "Teaching allocations", "Last year's allocations as a starting point, marked as carried (↻) for planners to review.")}
        {checkbox("carry_recurring_admin", "Recurring admin allocations", "Programme leadership, exams officer and other duties marked recurring; one-off ones stay behind.")}
        {checkbox("carry_groups_and_assessments", "Groups and assessments", "Each carried iteration's teaching groups and assessments.")}
        <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label="Student numbers">
          <span className="font-medium text-slate-800">Student numbers</span>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="students" checked={options.student_numbers === "forward"} onChange={() => setOption("student_numbers", "forward")} />
            carry forward
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="students" checked={options.student_numbers === "reset"} onChange={() => setOption("student_numbers", "reset")} />
            reset to 0
          </label>
        </div>
      </fieldset>
      <div className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 p-3">
        <Input
          label="Automatic rollover on"
          type="date"
          value={autoOn}
          onChange={(e) => setAutoOn(e.target.value)}
          hint={overview.autoOn ? `Set for ${overview.autoOn}: the rollover starts that day with the options saved with it; admins are told when it starts and ends.` : "Optional: the rollover starts by itself that day, with these options."}
        />
        <Button size="sm" onClick={() => void onSaveAutomatic(autoOn || null)}>
          {autoOn ? "Save date and options" : "Save options"}
        </Button>
        {overview.autoOn && (
          <Button size="sm" variant="ghost" onClick={() => void onSaveAutomatic(null).then(() => setAutoOn(""))}>
            Turn off
          </Button>
        )}
      </div>
    </div>
  );
}
