/**
 * Reference category 1 — Core organisation tables: organisations and the
 * people in them. `users` is one row per person per organisation (their
 * membership); it is bound to an identity (`token_identifier`) on first
 * sign-in, so an invitation is a `users` row with an email and no identity yet.
 * `user_roles` are the organisation's kinds of staff (Academic, Professional
 * services...), distinct from the RBAC `roles` that carry permissions.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";

export const coreOrganisationTables = {
  organisations: defineTable({
    name: v.string(),
    code: v.string(),
    domain: v.optional(v.string()),
    timezone: v.string(), // IANA, e.g. "Europe/London": schedules default to it
    /** Days generated report files are kept (unset: REPORT_RETENTION_DAYS_DEFAULT). */
    report_retention_days: v.optional(v.number()),
    /** Domains schedules may send to besides members (unset: `domain`). */
    email_domains: v.optional(v.array(v.string())),
    created_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_code", ["code"])
    .index("by_created_by", ["created_by"])
    .index("by_created_at", ["created_at"]),

  user_roles: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    description: v.optional(v.string()),
    is_default: v.boolean(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_name", ["organisation_id", "name"])
    .index("by_created_at", ["created_at"]),

  users: defineTable({
    organisation_id: v.id("organisations"),
    email: v.string(), // lower-cased
    name: v.string(),
    token_identifier: v.optional(v.string()), // unset until the invitation is accepted
    user_role_id: v.optional(v.id("user_roles")),
    lecturer_profile_id: v.optional(v.id("lecturer_profiles")),
    /** Asked on first sign-in: link me to this unlinked profile with my email (an admin confirms). */
    link_request_profile_id: v.optional(v.id("lecturer_profiles")),
    link_requested_at: v.optional(v.number()),
    status: v.union(v.literal("invited"), v.literal("active"), v.literal("suspended")),
    invited_by: v.optional(v.id("users")),
    last_seen_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_token_identifier", ["token_identifier"])
    .index("by_email", ["email"])
    .index("by_organisation_id_and_email", ["organisation_id", "email"])
    .index("by_user_role_id", ["user_role_id"])
    .index("by_lecturer_profile_id", ["lecturer_profile_id"])
    .index("by_organisation_id_and_link_requested_at", ["organisation_id", "link_requested_at"])
    .index("by_link_request_profile_id", ["link_request_profile_id"])
    .index("by_invited_by", ["invited_by"])
    .index("by_created_at", ["created_at"]),

  user_profiles: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    job_title: v.optional(v.string()),
    phone: v.optional(v.string()),
    bio: v.optional(v.string()),
    avatar_file_id: v.optional(v.id("_storage")),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_avatar_file_id", ["avatar_file_id"])
    .index("by_created_at", ["created_at"]),

  user_settings: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    theme: v.union(v.literal("light"), v.literal("dark"), v.literal("system")),
    locale: v.string(),
    hours_display: v.union(v.literal("hours"), v.literal("percent")),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_created_at", ["created_at"]),

  /** Key-value preferences, e.g. "selected_academic_year_id". */
  user_preferences: defineTable({
    organisation_id: v.id("organisations"),
    user_id: v.id("users"),
    key: v.string(),
    value: v.string(),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_user_id", ["user_id"])
    .index("by_user_id_and_key", ["user_id", "key"])
    .index("by_created_at", ["created_at"]),
};
