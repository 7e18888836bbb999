/**
 * Lecturer profiles: who a lecturer is across years. The reference's two
 * creation flows are here: a new profile comes with its instance in the
 * chosen year (`createWithInstance`); an existing profile joins another year
 * with `staff/lecturers:addToYear`.
 */
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { crud } from "../lib/crud";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { RANGES } from "../lib/inputRanges";
import { requireEmail, requireName, requireRange } from "../lib/validation";
import { vContractFamily, vEmploymentStatus } from "../schema/validators";
import { isIsoDate } from "../lib/rollover/plan";

const profileFields = {
  first_name: v.string(),
  last_name: v.string(),
  email: v.string(),
  staff_number: v.optional(v.string()),
  title: v.optional(v.string()),
  default_contract_family: vContractFamily,
  default_fte: v.number(),
  department_id: v.optional(v.id("departments")),
  team_id: v.optional(v.id("teams")),
  /** Set by HR (the app or the import's HR feed): a leaver is not carried into a year starting after they leave. */
  employment_status: v.optional(vEmploymentStatus),
  employment_end_date: v.optional(v.string()),
};

function checkEmployment(value: { employment_end_date?: string }) {
  if (value.employment_end_date !== undefined && !isIsoDate(value.employment_end_date)) {
    throw appError("INVALID_ARGUMENT", "Give the employment end date as YYYY-MM-DD.", { field: "employment_end_date" });
  }
}

const profileCrud = crud({
  table: "lecturer_profiles",
  label: "lecturer",
  view: "lecturers.view",
  fields: { ...profileFields, full_name: v.string() },
  sortBy: "full_name",
  validate: async (_ctx, value) => {
    requireName(value.first_name, "lecturer's first");
    requireName(value.last_name, "lecturer's last");
    requireEmail(value.email);
    requireRange(value.default_fte, RANGES.fte, "default_fte");
    checkEmployment(value);
  },
});

export const { list, all, get, update, remove, restore } = profileCrud;

/** Search by name (search index), for pickers. */
export const search = orgQuery({
  permission: "lecturers.view",
  args: { text: v.string() },
  returns: v.array(doc(schema, "lecturer_profiles")),
  handler: async (ctx, { text }) => {
    if (!text.trim()) return [];
    return await ctx.db
      .query("lecturer_profiles")
      .withSearchIndex("search_full_name", (q) => q.search("full_name", text).eq("organisation_id", ctx.organisationId))
      .take(20);
  },
});

/** "New profile": the profile and its instance in `academicYearId`, in one transaction. */
export const createWithInstance = orgMutation({
  permission: "lecturers.edit",
  args: {
    academicYearId: v.id("academic_years"),
    ...profileFields,
    fte: v.optional(v.number()),
    contract_family: v.optional(vContractFamily),
    status_id: v.optional(v.id("lecturer_statuses")),
  },
  returns: v.object({ profileId: v.id("lecturer_profiles"), lecturerId: v.id("lecturers") }),
  handler: async (ctx, args) => {
    const { academicYearId, fte, contract_family, status_id, ...profile } = args;
    requireName(profile.first_name, "lecturer's first");
    requireName(profile.last_name, "lecturer's last");
    const email = profile.email.trim().toLowerCase();
    requireEmail(email);
    requireRange(profile.default_fte, RANGES.fte, "default_fte");
    requireRange(fte, RANGES.fte, "fte");
    checkEmployment(profile);
    await getOrThrow(ctx.db, academicYearId, "academic year");
    const clash = await ctx.db
      .query("lecturer_profiles")
      .withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", ctx.organisationId).eq("email", email))
      .first();
    if (clash) throw appError("CONFLICT", `A lecturer with the email ${email} already exists: add them to the year instead.`);
    const stamp = { organisation_id: ctx.organisationId, created_at: ctx.now, updated_at: ctx.now };
    const profileId = await ctx.db.insert("lecturer_profiles", {
      ...stamp,
      ...profile,
      email,
      first_name: profile.first_name.trim(),
      last_name: profile.last_name.trim(),
      full_name: `${profile.first_name.trim()} ${profile.last_name.trim()}`,
    });
    const lecturerId = await ctx.db.insert("lecturers", {
      ...stamp,
      academic_year_id: academicYearId,
      profile_id: profileId,
      status_id,
      department_id: profile.department_id,
      team_id: profile.team_id,
      fte: fte ?? profile.default_fte,
      contract_family: contract_family ?? profile.default_contract_family,
      version: 1,
    });
    return { profileId, lecturerId };
  },
});
