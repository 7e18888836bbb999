/**
 * Lecturers in one academic year (FTE, contract family, department and team
 * that year). Edits carry the version the editor saw. Totals follow by
 * trigger (lib/triggers.ts), so nothing here computes hours.
 */
import { v } from "convex/values";
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { getOrThrow, checkRef } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { RANGES } from "../lib/inputRanges";
import { isIsoDate, requireRange } from "../lib/validation";
import { vContractFamily } from "../schema/validators";

const lecturerCrud = crud({
  table: "lecturers",
  label: "lecturer",
  view: "lecturers.view",
  yearScoped: true,
  versioned: true,
  fields: columns("lecturers", ["profile_id", "status_id", "department_id", "team_id", "fte", "contract_family", "contract_start", "contract_end", "contract_hours_adjustment", "adjustment_reason", "notes"]),
  validate: async (_ctx, value) => {
    requireRange(value.fte, RANGES.fte, "fte");
    requireRange(value.contract_hours_adjustment, RANGES.contractHoursAdjustment, "contract_hours_adjustment");
    for (const d of [value.contract_start, value.contract_end]) {
      if (d !== undefined && !isIsoDate(d)) throw appError("INVALID_ARGUMENT", "Give contract dates as YYYY-MM-DD.");
    }
    if (value.contract_hours_adjustment && !value.adjustment_reason?.trim()) {
      throw appError("INVALID_ARGUMENT", "A contract hours adjustment needs a reason (e.g. new-staff reduction).");
    }
    if (value.contract_start && value.contract_end && value.contract_start >= value.contract_end) {
      throw appError("INVALID_ARGUMENT", "The contract must end after it starts.");
    }
  },
});

export const { list, all, get, update, remove, restore } = lecturerCrud;

/** "Existing profile": an instance of the profile in another year, from its defaults. */
export const addToYear = orgMutation({
  permission: "lecturers.edit",
  args: {
    profileId: v.id("lecturer_profiles"),
    academicYearId: v.id("academic_years"),
    fte: v.optional(v.number()),
    contract_family: v.optional(vContractFamily),
    status_id: v.optional(v.id("lecturer_statuses")),
  },
  returns: v.id("lecturers"),
  handler: async (ctx, args) => {
    const profile = await getOrThrow(ctx.db, args.profileId, "lecturer");
    await getOrThrow(ctx.db, args.academicYearId, "academic year");
    await checkRef(ctx.db, args.status_id, "lecturer status");
    requireRange(args.fte, RANGES.fte, "fte");
    const existing = await ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) =>
        q.eq("profile_id", profile._id).eq("academic_year_id", args.academicYearId),
      )
      .first();
    if (existing) throw appError("CONFLICT", `${profile.full_name} is already in this academic year.`);
    return await ctx.db.insert("lecturers", {
      organisation_id: ctx.organisationId,
      academic_year_id: args.academicYearId,
      profile_id: profile._id,
      status_id: args.status_id,
      department_id: profile.department_id,
      team_id: profile.team_id,
      fte: args.fte ?? profile.default_fte,
      contract_family: args.contract_family ?? profile.default_contract_family,
      version: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  },
});

/**
 * The caller's own lecturer record in a year (through their linked lecturer
 * profile), or null. Lecturers have no `lecturers.view`; this is how "My
 * workload" finds them.
 */
export const mine = orgQuery({
  permission: "allocations.view_own",
  args: { academicYearId: v.id("academic_years") },
  returns: v.union(doc(schema, "lecturers"), v.null()),
  handler: async (ctx, { academicYearId }) => {
    const profileId = ctx.viewer.lecturer_profile_id;
    if (!profileId) return null;
    return await ctx.db
      .query("lecturers")
      .withIndex("by_profile_id_and_academic_year_id", (q) => q.eq("profile_id", profileId).eq("academic_year_id", academicYearId))
      .first();
  },
});
