/**
 * The organisation's workload settings for one academic year (standard
 * hours, bands, contract families, group size, semester split). Reading a
 * year without a settings row gives the defaults; an edit names the version
 * its editor saw, is checked for sense, and starts a recompute of that year.
 */
import { v, type ObjectType } from "convex/values";
import { checkVersion, getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { DEFAULT_SETTINGS } from "../lib/workload";
import { DEFAULT_ORGANISATION_SETTINGS } from "../lib/referenceDefaults";
import { vBandThresholds, vContractFamilySettings, vSemesterSplit } from "../schema/validators";
import { scheduleYearRecompute } from "./recompute";
import { sameValue } from "./compare";

const settingsFields = {
  standard_fte_hours: v.number(),
  teaching_weeks: v.number(),
  default_max_group_size: v.number(),
  band_thresholds: vBandThresholds,
  contract_families: v.array(vContractFamilySettings),
  default_year_split: vSemesterSplit,
  lecturers_see_colleagues: v.boolean(),
  presence_timeout_seconds: v.number(),
};
type SettingsValues = ObjectType<typeof settingsFields>;

export const get = orgQuery({
  permission: null,
  args: { academicYearId: v.id("academic_years") },
  returns: v.object({ ...settingsFields, version: v.number(), is_default: v.boolean() }),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const row = await ctx.db
      .query("organisation_settings")
      .withIndex("by_organisation_id_and_academic_year_id", (q) =>
        q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", args.academicYearId),
      )
      .first();
    if (!row) return { ...DEFAULT_SETTINGS, ...DEFAULT_ORGANISATION_SETTINGS, version: 0, is_default: true };
    const { _id, _creationTime, organisation_id, academic_year_id, created_at, updated_at, ...values } = row;
    return { ...values, is_default: false };
  },
});

/** Changes some settings of a year; `expectedVersion` 0 means "the defaults" (no row yet). */
export const update = orgMutation({
  permission: "organisation.manage",
  args: {
    academicYearId: v.id("academic_years"),
    expectedVersion: v.number(),
    patch: v.object({
      standard_fte_hours: v.optional(v.number()),
      teaching_weeks: v.optional(v.number()),
      default_max_group_size: v.optional(v.number()),
      band_thresholds: v.optional(vBandThresholds),
      contract_families: v.optional(v.array(vContractFamilySettings)),
      default_year_split: v.optional(vSemesterSplit),
      lecturers_see_colleagues: v.optional(v.boolean()),
      presence_timeout_seconds: v.optional(v.number()),
    }),
  },
  returns: v.object({ version: v.number(), recompute_job_id: v.union(v.id("jobs"), v.null()) }),
  handler: async (ctx, args) => {
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    const row = await ctx.db
      .query("organisation_settings")
      .withIndex("by_organisation_id_and_academic_year_id", (q) =>
        q.eq("organisation_id", ctx.organisationId).eq("academic_year_id", args.academicYearId),
      )
      .first();
    checkVersion(row ?? { version: 0 }, args.expectedVersion, "settings");
    const before: SettingsValues = row
      ? pickValues(row)
      : { ...DEFAULT_SETTINGS, ...DEFAULT_ORGANISATION_SETTINGS };
    const patch = Object.fromEntries(Object.entries(args.patch).filter(([, x]) => x !== undefined)) as Partial<SettingsValues>;
    const next: SettingsValues = { ...before, ...patch };
    validateSettings(next);
    const version = (row?.version ?? 0) + 1;
    if (row) {
      await ctx.db.patch(row._id, { ...patch, version, updated_at: ctx.now });
    } else {
      await ctx.db.insert("organisation_settings", {
        ...next,
        organisation_id: ctx.organisationId,
        academic_year_id: args.academicYearId,
        version,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    const workloadChanged = (Object.keys(patch) as (keyof SettingsValues)[]).some(
      (k) => k in DEFAULT_SETTINGS && !sameValue(before[k], next[k]),
    );
    const job = workloadChanged
      ? await scheduleYearRecompute(ctx, ctx.organisationId, args.academicYearId, "settings changed", ctx.viewer._id)
      : null;
    return { version, recompute_job_id: job };
  },
});

function pickValues(row: SettingsValues & Record<string, unknown>): SettingsValues {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(settingsFields)) out[key] = row[key];
  return out as SettingsValues;
}

function validateSettings(s: SettingsValues) {
  const bad = (message: string, field: string) => appError("INVALID_ARGUMENT", message, { field });
  if (!(s.standard_fte_hours > 0 && s.standard_fte_hours <= 5000)) {
    throw bad("Standard full-time hours must be between 1 and 5000.", "standard_fte_hours");
  }
  if (!(s.teaching_weeks > 0 && s.teaching_weeks <= 52)) throw bad("Teaching weeks must be between 1 and 52.", "teaching_weeks");
  if (!(s.default_max_group_size >= 1)) throw bad("The maximum group size must be at least 1.", "default_max_group_size");
  const t = s.band_thresholds;
  if (!(t.under > 0 && t.under <= t.healthy && t.healthy <= t.near && t.near <= t.critical)) {
    throw bad("Band thresholds must rise: under ≤ healthy ≤ near ≤ critical, all above 0.", "band_thresholds");
  }
  const { S1, S2, S3 } = s.default_year_split;
  if ([S1, S2, S3].some((x) => x < 0) || Math.abs(S1 + S2 + S3 - 1) > 1e-6) {
    throw bad("The year split gives fractions that add up to 1, e.g. 0.5 / 0.5 / 0.", "default_year_split");
  }
  const seen = new Set<string>();
  for (const f of s.contract_families) {
    if (seen.has(f.family)) throw bad(`The contract family ${f.label} appears twice.`, "contract_families");
    seen.add(f.family);
    const ratios = [f.max_teaching_ratio, f.teaching_ratio, f.admin_ratio, f.research_ratio];
    if (ratios.some((r) => !(r >= 0 && r <= 1))) throw bad(`${f.label}: ratios are fractions between 0 and 1.`, "contract_families");
    if (!(f.research_allowance_hours >= 0)) throw bad(`${f.label}: the research allowance must be 0 or more hours.`, "contract_families");
  }
  if (!(s.presence_timeout_seconds > 0)) throw bad("The presence timeout must be above 0 seconds.", "presence_timeout_seconds");
}
