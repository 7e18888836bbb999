/**
 * Joining and creating organisations: the only functions that run before an
 * organisation is chosen. A person's memberships are the `users` rows bound
 * to their identity; invitations are rows with their email and no identity,
 * bound here on first sign-in, and only to an email the identity provider
 * says it has verified (`emailVerified`, from the token's `email_verified`
 * claim): an unverified address proves nothing about who signed in.
 */
import { v } from "convex/values";
import { authedMutation, authedQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { isIsoDate } from "../lib/validation";
import { createAcademicYear, seedOrganisationDefaults } from "./bootstrap";

const vMembership = v.object({
  organisationId: v.id("organisations"),
  organisationName: v.string(),
  userId: v.id("users"),
  name: v.string(),
  email: v.string(),
});

/** The organisations the caller belongs to (active memberships only). */
export const mine = authedQuery({
  args: {},
  returns: v.array(vMembership),
  handler: async (ctx) => {
    const rows = await ctx.db
      .query("users")
      .withIndex("by_token_identifier", (q) => q.eq("token_identifier", ctx.identity.tokenIdentifier))
      .collect();
    const out = [];
    for (const u of rows) {
      if (u.deleted_at !== undefined || u.status !== "active") continue;
      const org = await ctx.db.get(u.organisation_id);
      if (!org || org.deleted_at !== undefined) continue;
      out.push({ organisationId: org._id, organisationName: org.name, userId: u._id, name: u.name, email: u.email });
    }
    return out.sort((a, b) => a.organisationName.localeCompare(b.organisationName));
  },
});

/** Binds pending invitations for the caller's email; returns how many were accepted. */
export const acceptInvitations = authedMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const email = ctx.identity.email?.toLowerCase();
    if (!email || ctx.identity.emailVerified !== true) return 0;
    const invited = await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", email)).collect();
    let accepted = 0;
    const now = Date.now();
    for (const u of invited) {
      if (u.status !== "invited" || u.deleted_at !== undefined || u.token_identifier) continue;
      ctx.actor.user_id = u._id;
      await ctx.db.patch(u._id, {
        token_identifier: ctx.identity.tokenIdentifier,
        status: "active",
        name: u.name || ctx.identity.name || email,
        last_seen_at: now,
        updated_at: now,
      });
      accepted++;
    }
    return accepted;
  },
});

/**
 * Creates an organisation with its first (active) academic year, reference
 * data, default roles and settings, and makes the caller its Admin.
 */
export const create = authedMutation({
  args: {
    name: v.string(),
    code: v.string(),
    timezone: v.optional(v.string()),
    firstYear: v.object({ name: v.string(), start_date: v.string(), end_date: v.string() }),
  },
  returns: v.object({ organisationId: v.id("organisations"), academicYearId: v.id("academic_years") }),
  handler: async (ctx, args) => {
    const name = args.name.trim();
    const code = args.code.trim().toUpperCase();
    if (name.length < 2) throw appError("INVALID_ARGUMENT", "The organisation needs a name of at least 2 characters.");
    if (!/^[A-Z0-9-]{2,16}$/.test(code)) {
      throw appError("INVALID_ARGUMENT", "The code must be 2-16 letters, digits or dashes, e.g. UNI-CS.");
    }
    if (name.length > 200) throw appError("INVALID_ARGUMENT", "The organisation's name is at most 200 characters.");
    if (!isIsoDate(args.firstYear.start_date) || !isIsoDate(args.firstYear.end_date) || !(args.firstYear.start_date < args.firstYear.end_date)) {
      throw appError("INVALID_ARGUMENT", "The academic year must end after it starts (dates as YYYY-MM-DD).");
    }
    const taken = await ctx.db.query("organisations").withIndex("by_code", (q) => q.eq("code", code)).first();
    if (taken) throw appError("CONFLICT", `The code ${code} is already used by another organisation.`);
    const now = Date.now();
    const organisationId = await ctx.db.insert("organisations", {
      name,
      code,
      timezone: args.timezone ?? "Europe/London",
      created_at: now,
      updated_at: now,
    });
    const email = (ctx.identity.email ?? `${ctx.identity.subject}@unknown`).toLowerCase();
    const userId = await ctx.db.insert("users", {
      organisation_id: organisationId,
      email,
      name: ctx.identity.name ?? email,
      token_identifier: ctx.identity.tokenIdentifier,
      status: "active",
      last_seen_at: now,
      created_at: now,
      updated_at: now,
    });
    ctx.actor.user_id = userId;
    await ctx.db.patch(organisationId, { created_by: userId });
    const { adminRoleId } = await seedOrganisationDefaults(ctx.db, organisationId, now);
    await ctx.db.insert("user_role_assignments", {
      organisation_id: organisationId,
      user_id: userId,
      role_id: adminRoleId,
      created_at: now,
      updated_at: now,
    });
    const academicYearId = await createAcademicYear(
      ctx.db,
      organisationId,
      { ...args.firstYear, status: "active" },
      now,
      undefined,
      userId,
    );
    return { organisationId, academicYearId };
  },
});
