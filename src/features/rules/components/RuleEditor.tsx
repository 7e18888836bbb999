/**
 * Create or edit one calculation rule: formula with live validation and a
 * preview on sample values, conditions, priority, limits and rounding; and a
 * what-if of how the year's allocations would change before saving. Save
 * waits for a valid formula; a change to the active year's rules first says
 * what it will move (allocations and lecturers, from the same preview) and
 * asks to confirm.
 */
import { useState } from "react";
import { checkFormula } from "@convex/lib/workload/expression";
import { sampleVariables } from "@convex/lib/workload/variables";
import type { Semester, WorkCategory } from "@convex/lib/workload/types";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { formatHours } from "@/lib/formatHours";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { SEMESTERS, WORK_CATEGORIES } from "@/features/catalogue/utils/catalogueFields";
import { usePreviewRule } from "../hooks/usePreviewRule";
import { useRules } from "../hooks/useRules";
import { draftFromRule } from "../utils/draftFromRule";
import type { Rule, RuleInput } from "../utils/ruleDraft";
import { ruleFromDraft } from "../utils/ruleFromDraft";
import { FormulaField } from "./FormulaField";

function Impact({ rule, ruleId }: { rule: RuleInput; ruleId: string | null }) {
  const p = usePreviewRule(rule, ruleId);
  if (!p) return <Spinner label="Working out the impact…" />;
  return (
    <div className="space-y-2 text-sm" data-testid="rule-impact">
      <p>
        {p.changed_count === 0
          ? "No allocation in this year would change."
          : `${p.changed_count}${p.complete ? "" : "+"} allocations of ${p.lecturer_count} lecturers would change: ${formatHours(p.hours_before)} → ${formatHours(p.hours_after)}.`}
        {!p.complete && ` (Looked at the year's first ${p.scanned.toLocaleString("en-GB")} allocations only; saving recomputes them all.)`}
      </p>
      {p.changes.length > 0 && (
        <ul className="max-h-48 overflow-auto rounded border border-slate-200 text-xs">
          {p.changes.map((c) => (
            <li key={c.allocation_id} className="flex justify-between border-b border-slate-100 px-2 py-1">
              <span>
                {c.iteration_code} · {c.allocation_type} · {c.share}%
              </span>
              <span className="tabular">
                {formatHours(c.computed_before)} → <strong>{formatHours(c.computed_after)}</strong>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function RuleEditor({ rule, canEdit, onDone }: { rule: Rule | null; canEdit: boolean; onDone: (id?: string) => void }) {
  const { create, update, remove } = useRules();
  const toast = useToast();
  const [d, setD] = useState(() => draftFromRule(rule));
  const [samples, setSamples] = useState<Record<string, number>>(() => sampleVariables());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [preview, setPreview] = useState<RuleInput | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<RuleInput | null>(null);
  const { year } = useWorkspace();
  const set = <K extends keyof typeof d>(k: K, v: (typeof d)[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    // An edited field's old message no longer applies (a fixed formula must not keep its error beside "Valid").
    setErrors((e) => (e[k] ? { ...e, [k]: "" } : e));
    setServerError(null);
    setPreview(null);
  };
  const toggle = <T extends string>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const formula = d.formula.trim() ? checkFormula(d.formula, samples) : null;
  const formulaInvalid = !formula || !formula.ok;

  const build = () => {
    const { rule: input, errors: errs } = ruleFromDraft(d);
    setErrors(errs as Record<string, string>);
    return input;
  };
  const requestSave = () => {
    const input = build();
    if (!input) return;
    // The active year's figures move the moment a rule changes: say what moves first.
    if (year?.status === "active") setConfirming(input);
    else void save(input);
  };
  const save = async (input: RuleInput) => {
    setConfirming(null);
    setBusy(true);
    setServerError(null);
    try {
      if (rule) await update(rule, input);
      const id = rule ? rule._id : await create(input);
      toast.show({ tone: "success", title: "Rule saved", description: "This year's allocations are being recomputed." });
      onDone(id);
    } catch (e) {
      const info = getErrorInfo(e);
      setServerError(
        info.code === "CONFLICT"
          ? "Someone else changed this rule meanwhile. Reopen it to see their version; your edits are still in this form."
          : info.message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-3 gap-3">
        <div className="col-span-2">
          <Input label="Name" value={d.name} onChange={(e) => set("name", e.target.value)} error={errors.name} disabled={!canEdit} />
        </div>
        <Input
          label="Priority (higher wins)"
          type="number"
          value={d.priority}
          onChange={(e) => set("priority", e.target.value)}
          error={errors.priority}
          disabled={!canEdit}
        />
      </div>
      <Input label="Description" value={d.description} onChange={(e) => set("description", e.target.value)} disabled={!canEdit} />
      <FormulaField
        value={d.formula}
        onChange={(v) => set("formula", v)}
        samples={samples}
        onSamplesChange={setSamples}
        error={errors.formula}
      />
      <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-xs font-medium text-slate-600">Applies when (empty = always)</legend>
        <Input
          label="Allocation type codes"
          hint="Comma separated, e.g. contact, preparation"
          value={d.typeCodes}
          onChange={(e) => set("typeCodes", e.target.value)}
          disabled={!canEdit}
        />
        <div className="flex flex-wrap gap-3 text-sm">
          {WORK_CATEGORIES.map((c) => (
            <label key={c.value} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={d.workCategories.includes(c.value)}
                onChange={() => set("workCategories", toggle<WorkCategory>(d.workCategories, c.value))}
                disabled={!canEdit}
              />{" "}
              {c.label}
            </label>
          ))}
        </div>
        <div className="grid grid-cols-3 gap-3">
          <Input
            label="Module levels"
            hint="e.g. 4, 5"
            value={d.levels}
            onChange={(e) => set("levels", e.target.value)}
            error={errors.levels}
            disabled={!canEdit}
          />
          <div className="flex flex-col gap-1">
            <span className="text-xs font-medium text-slate-600">Semesters</span>
            <div className="flex flex-wrap gap-2 text-sm">
              {SEMESTERS.map((s) => (
                <label key={s.value} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={d.semesters.includes(s.value)}
                    onChange={() => set("semesters", toggle<Semester>(d.semesters, s.value))}
                    disabled={!canEdit}
                  />{" "}
                  {s.value}
                </label>
              ))}
            </div>
          </div>
          <Select
            label="First time teaching"
            options={[
              { value: "yes", label: "Only first time" },
              { value: "no", label: "Not first time" },
            ]}
            placeholder="Either"
            value={d.firstTime}
            onChange={(e) => set("firstTime", e.target.value as typeof d.firstTime)}
            disabled={!canEdit}
          />
        </div>
      </fieldset>
      <div className="grid grid-cols-4 gap-3">
        <Input
          label="Minimum hours"
          type="number"
          value={d.minHours}
          onChange={(e) => set("minHours", e.target.value)}
          error={errors.minHours}
          disabled={!canEdit}
        />
        <Input
          label="Maximum hours"
          type="number"
          value={d.maxHours}
          onChange={(e) => set("maxHours", e.target.value)}
          error={errors.maxHours}
          disabled={!canEdit}
        />
        <Select
          label="Rounding"
          options={[
            { value: "none", label: "None" },
            { value: "nearest", label: "Nearest" },
            { value: "up", label: "Up" },
            { value: "down", label: "Down" },
          ]}
          value={d.rounding}
          onChange={(e) => set("rounding", e.target.value as typeof d.rounding)}
          disabled={!canEdit}
        />
        <Input
          label="Rounding step"
          type="number"
          step="0.25"
          value={d.roundingStep}
          onChange={(e) => set("roundingStep", e.target.value)}
          error={errors.roundingStep}
          disabled={!canEdit}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={d.isActive} onChange={(e) => set("isActive", e.target.checked)} disabled={!canEdit} /> Active
      </label>
      {serverError && (
        <p role="alert" className="text-sm text-red-600">
          {serverError}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => setPreview(build())}>Preview impact on this year</Button>
        {canEdit && (
          <Button
            variant="primary"
            loading={busy}
            disabled={formulaInvalid}
            title={formulaInvalid ? "Fix the formula first" : undefined}
            onClick={requestSave}
          >
            {rule ? "Save rule" : "Create rule"}
          </Button>
        )}
        {canEdit && rule && (
          <Button
            variant="ghost"
            className="ml-auto text-red-700"
            onClick={() =>
              remove(rule).then(
                () => {
                  toast.show({ tone: "success", title: "Rule deleted" });
                  onDone();
                },
                (e) => setServerError(getErrorInfo(e).message),
              )
            }
          >
            Delete rule
          </Button>
        )}
      </div>
      {preview && (
        <QueryBoundary title="Could not preview this rule">
          <Impact rule={preview} ruleId={rule?._id ?? null} />
        </QueryBoundary>
      )}
      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={`Change a rule of ${year?.name ?? "the active year"}?`}
        description="This is the active year: its lecturers' totals and the dashboards move as soon as you save."
        footer={
          <>
            <Button onClick={() => setConfirming(null)}>Cancel</Button>
            <Button variant="primary" loading={busy} onClick={() => confirming && void save(confirming)} data-testid="confirm-rule-change">
              {rule ? "Save and recompute" : "Create and recompute"}
            </Button>
          </>
        }
      >
        {confirming && (
          <QueryBoundary title="Could not work out the consequences">
            <Impact rule={confirming} ruleId={rule?._id ?? null} />
          </QueryBoundary>
        )}
      </Dialog>
    </div>
  );
}
