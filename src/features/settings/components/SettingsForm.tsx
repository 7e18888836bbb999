/**
 * The organisation's workload settings for the chosen year: standard hours,
 * teaching weeks, group size, utilisation bands, semester split for
 * year-long modules, contract families. Saving recomputes that year only.
 */
import { RANGES, rangeProblem, type NumberRange } from "@convex/lib/inputRanges";
import { useState, type FormEvent } from "react";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Input } from "@/ui/Input";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { ContractFamilySetting, OrganisationSettings } from "../hooks/useOrganisationSettings";

type Text = Record<string, string>;
const pct = (x: number) => String(Math.round(x * 1000) / 10);

export function SettingsForm({
  settings,
  canEdit,
  onSave,
}: {
  settings: OrganisationSettings;
  canEdit: boolean;
  onSave: (patch: Partial<OrganisationSettings>) => Promise<unknown>;
}) {
  const toast = useToast();
  const [t, setT] = useState<Text>(() => ({
    standard_fte_hours: String(settings.standard_fte_hours),
    teaching_weeks: String(settings.teaching_weeks),
    default_max_group_size: String(settings.default_max_group_size),
    presence_timeout_seconds: String(settings.presence_timeout_seconds),
    under: pct(settings.band_thresholds.under),
    healthy: pct(settings.band_thresholds.healthy),
    near: pct(settings.band_thresholds.near),
    critical: pct(settings.band_thresholds.critical),
    S1: pct(settings.default_year_split.S1),
    S2: pct(settings.default_year_split.S2),
    S3: pct(settings.default_year_split.S3),
  }));
  const [families, setFamilies] = useState<ContractFamilySetting[]>(settings.contract_families);
  const [seeColleagues, setSeeColleagues] = useState(settings.lecturers_see_colleagues);
  const [errors, setErrors] = useState<Text>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (k: string, label: string, hint?: string) => (
    <Input
      label={label}
      hint={hint}
      type="number"
      step="any"
      value={t[k]}
      onChange={(e) => setT({ ...t, [k]: e.target.value })}
      error={errors[k]}
      disabled={!canEdit}
    />
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Text = {};
    // The server's ranges (`@convex/lib/inputRanges`); percentages on screen are fractions there.
    const n = (k: string, range: NumberRange, scale = 1) => {
      const v = Number(t[k]) / scale;
      const problem = t[k].trim() === "" || !Number.isFinite(v) ? "Enter a number." : rangeProblem(v, range);
      if (problem) errs[k] = scale === 1 ? problem : `${range.label} must be between ${range.min * scale}% and ${range.max * scale}%.`;
      return v;
    };
    const hours = n("standard_fte_hours", RANGES.standardFteHours);
    const weeks = n("teaching_weeks", RANGES.settingsTeachingWeeks);
    const group = n("default_max_group_size", RANGES.defaultMaxGroupSize);
    const presence = n("presence_timeout_seconds", RANGES.presenceTimeoutSeconds);
    const [u, h, nr, c] = ["under", "healthy", "near", "critical"].map((k) => n(k, RANGES.bandThreshold, 100));
    if (!errs.under && !(u <= h && h <= nr && nr <= c)) errs.critical = "Thresholds must rise: under ≤ healthy ≤ near ≤ critical.";
    const [s1, s2, s3] = ["S1", "S2", "S3"].map((k) => n(k, RANGES.splitFraction, 100));
    if (!errs.S1 && Math.abs(s1 + s2 + s3 - 1) > 0.001) errs.S3 = "The semester split must add up to 100%.";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setServerError(null);
    try {
      await onSave({
        standard_fte_hours: hours,
        teaching_weeks: weeks,
        default_max_group_size: group,
        presence_timeout_seconds: presence,
        band_thresholds: { under: u, healthy: h, near: nr, critical: c },
        default_year_split: { S1: s1, S2: s2, S3: s3 },
        contract_families: families,
        lecturers_see_colleagues: seeColleagues,
      });
      toast.show({ tone: "success", title: "Settings saved", description: "This year's figures are being recomputed." });
    } catch (err) {
      const info = getErrorInfo(err);
      setServerError(
        info.code === "CONFLICT" ? "Someone else saved these settings meanwhile; reload the page to see theirs." : info.message,
      );
    } finally {
      setBusy(false);
    }
  };

  const setFamily = (i: number, key: keyof ContractFamilySetting, value: string) =>
    setFamilies((fs) => fs.map((f, j) => (j === i ? { ...f, [key]: key === "label" || key === "family" ? value : Number(value) } : f)));

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
      <Card title="Hours and groups">
        <div className="grid grid-cols-4 gap-3">
          {field("standard_fte_hours", "Standard hours (1.0 FTE)")}
          {field("teaching_weeks", "Teaching weeks")}
          {field("default_max_group_size", "Default max group size")}
          {field("presence_timeout_seconds", "Presence timeout (s)")}
        </div>
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={seeColleagues} onChange={(e) => setSeeColleagues(e.target.checked)} disabled={!canEdit} />{" "}
          Lecturers may see colleagues' workload
        </label>
      </Card>
      <Card title="Utilisation bands (% of contract)">
        <div className="grid grid-cols-4 gap-3">
          {field("under", "Under below", "blue/grey")}
          {field("healthy", "Healthy below", "green")}
          {field("near", "Near capacity up to", "amber")}
          {field("critical", "Critical above", "over is amber–red in between")}
        </div>
      </Card>
      <Card title="Semester split of year-long modules (%)">
        <div className="grid grid-cols-3 gap-3">
          {field("S1", "Semester 1")}
          {field("S2", "Semester 2")}
          {field("S3", "Semester 3")}
        </div>
      </Card>
      <Card title="Contract families">
        <table className="w-full text-sm" aria-label="Contract families">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="pb-1 font-medium">Family</th>
              <th className="pb-1 font-medium">Max teaching</th>
              <th className="pb-1 font-medium">Teaching</th>
              <th className="pb-1 font-medium">Admin</th>
              <th className="pb-1 font-medium">Research</th>
              <th className="pb-1 font-medium">Research allowance (h)</th>
            </tr>
          </thead>
          <tbody>
            {families.map((f, i) => (
              <tr key={f.family}>
                <td className="py-1 pr-2">
                  <input
                    aria-label={`${f.family} label`}
                    className="h-8 w-48 rounded-md border border-slate-300 px-2"
                    value={f.label}
                    onChange={(e) => setFamily(i, "label", e.target.value)}
                    disabled={!canEdit}
                  />
                </td>
                {(["max_teaching_ratio", "teaching_ratio", "admin_ratio", "research_ratio", "research_allowance_hours"] as const).map(
                  (k) => (
                    <td key={k} className="py-1 pr-2">
                      <input
                        aria-label={`${f.label} ${k}`}
                        type="number"
                        step="any"
                        className="h-8 w-24 rounded-md border border-slate-300 px-2 text-right tabular"
                        value={f[k]}
                        onChange={(e) => setFamily(i, k, e.target.value)}
                        disabled={!canEdit}
                      />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-1 text-xs text-slate-500">Ratios are fractions of contract hours (0.6 = 60%).</p>
      </Card>
      {serverError && (
        <p role="alert" className="text-sm text-red-600">
          {serverError}
        </p>
      )}
      {canEdit && (
        <div className="flex justify-end">
          <Button type="submit" variant="primary" loading={busy}>
            Save settings
          </Button>
        </div>
      )}
    </form>
  );
}
