/**
 * Members of an organisation: who am I (with my permissions, for the UI to
 * hide what I may not do), the member list, invitations by email and
 * suspension. Role grants are in ./assignments.ts.
 */
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { doc } from "convex-helpers/validators";
import schema from "../schema";
import { getOrThrow } from "../lib/db";
import { requireProfileFree } from "./links";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery } from "../lib/functions";
import { requireEmail, requireName } from "../lib/validation";
import { requireGrantable } from "./assignments";

/** The caller in this organisation: their row, permissions and lecturer link. */
export const me = orgQuery({
  permission: null,
  args: {},
  returns: v.object({
    user: doc(schema, "users"),
    organisation: doc(schema, "organisations"),
    permissions: v.array(
      v.object({ permission: v.string(), all: v.boolean(), departments: v.array(v.string()), teams: v.array(v.string()) }),
    ),
    lecturerProfileId: v.optional(v.id("lecturer_profiles")),
  }),
  handler: async (ctx) => ({
    user: ctx.viewer,
    organisation: ctx.organisation,
    permissions: ctx.access.list(),
    lecturerProfileId: ctx.viewer.lecturer_profile_id,
  }),
});

/** Members and invitations, newest first, with their role names. */
export const list = orgQuery({
  permission: "users.manage",
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(
    v.object({
      ...doc(schema, "users").fields,
      roles: v.array(
        v.object({
          assignmentId: v.id("user_role_assignments"),
          roleId: v.id("roles"),
          name: v.string(),
          expires_at: v.optional(v.number()),
          expired: v.boolean(),
          scope_department_id: v.optional(v.id("departments")),
          scope_team_id: v.optional(v.id("teams")),
        }),
      ),
    }),
  ),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("users")
      .withIndex("by_organisation_id", (q) => q.eq("organisation_id", ctx.organisationId))
      .order("desc")
      .paginate(paginationOpts);
    const withRoles = [];
    for (const u of page.page) {
      const assignments = await ctx.db.query("user_role_assignments").withIndex("by_user_id", (q) => q.eq("user_id", u._id)).collect();
      const roles = [];
      for (const a of assignments) {
        const role = await ctx.db.get(a.role_id);
        if (role) {
          roles.push({
            assignmentId: a._id,
            roleId: role._id,
            name: role.name,
            expires_at: a.expires_at,
            expired: a.expires_at !== undefined && a.expires_at <= ctx.now,
            scope_department_id: a.scope_department_id,
            scope_team_id: a.scope_team_id,
          });
        }
      }
      withRoles.push({ ...u, roles });
    }
    return { ...page, page: withRoles };
  },
});

/** Invites a person by email with a first role; they join on first sign-in with that email. */
export const invite = orgMutation({
  permission: "users.manage",
  args: {
    email: v.string(),
    name: v.string(),
    roleId: v.id("roles"),
    lecturerProfileId: v.optional(v.id("lecturer_profiles")),
  },
  returns: v.id("users"),
  handler: async (ctx, args) => {
    const email = args.email.trim().toLowerCase();
    requireEmail(email);
    if (!args.name.trim()) throw appError("INVALID_ARGUMENT", "Give the person's name.");
    requireName(args.name, "person");
    const role = await getOrThrow(ctx.db, args.roleId, "role");
    await requireGrantable(ctx, role, {});
    // The invitation can name the person's lecturer record; one member per record.
    if (args.lecturerProfileId) await requireProfileFree(ctx, args.lecturerProfileId);
    const existing = await ctx.db
      .query("users")
      .withIndex("by_organisation_id_and_email", (q) => q.eq("organisation_id", ctx.organisationId).eq("email", email))
      .first();
    if (existing) throw appError("CONFLICT", `${email} is already a member or invited.`);
    const userId = await ctx.db.insert("users", {
      organisation_id: ctx.organisationId,
      email,
      name: args.name.trim(),
      status: "invited",
      invited_by: ctx.viewer._id,
      lecturer_profile_id: args.lecturerProfileId,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await ctx.db.insert("user_role_assignments", {
      organisation_id: ctx.organisationId,
      user_id: userId,
      role_id: args.roleId,
      granted_by: ctx.viewer._id,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    return userId;
  },
});

/** Name, lecturer link, suspension. One cannot suspend oneself (and lock the organisation out). */
export const update = orgMutation({
  permission: "users.manage",
  args: {
    id: v.id("users"),
    name: v.optional(v.string()),
    status: v.optional(v.union(v.literal("active"), v.literal("suspended"))),
    lecturerProfileId: v.optional(v.union(v.id("lecturer_profiles"), v.null())),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const user = await getOrThrow(ctx.db, args.id, "user");
    if (args.status === "suspended" && user._id === ctx.viewer._id) {
      throw appError("INVALID_ARGUMENT", "You cannot suspend yourself.");
    }
    if (args.status === "active" && user.status === "invited") {
      throw appError("INVALID_ARGUMENT", "An invitation becomes active when the person signs in.");
    }
    if (args.name !== undefined) requireName(args.name, "person");
    if (args.lecturerProfileId) await requireProfileFree(ctx, args.lecturerProfileId, user._id);
    await ctx.db.patch(user._id, {
      ...(args.name !== undefined ? { name: args.name.trim() } : {}),
      ...(args.status !== undefined ? { status: args.status } : {}),
      // A direct link settles any request the member made.
      ...(args.lecturerProfileId !== undefined
        ? { lecturer_profile_id: args.lecturerProfileId ?? undefined, link_request_profile_id: undefined, link_requested_at: undefined }
        : {}),
      updated_at: ctx.now,
    });
    return null;
  },
});
