/** A member's own display settings and notification settings, created with defaults on first save. */
import { v } from "convex/values";
import { orgMutation, orgQuery } from "../lib/functions";

const displayFields = {
  theme: v.union(v.literal("light"), v.literal("dark"), v.literal("system")),
  locale: v.string(),
  hours_display: v.union(v.literal("hours"), v.literal("percent")),
};
const DISPLAY_DEFAULTS = { theme: "system" as const, locale: "en-GB", hours_display: "hours" as const };

const notificationFields = {
  in_app_allocation_changes: v.boolean(),
  email_allocation_changes: v.boolean(),
  email_reports: v.boolean(),
  digest: v.union(v.literal("none"), v.literal("daily"), v.literal("weekly")),
};
/** Defaults: tell people in the app; email only what they ask for. */
export const NOTIFICATION_DEFAULTS = {
  in_app_allocation_changes: true,
  email_allocation_changes: false,
  email_reports: true,
  digest: "none" as const,
};

export const getDisplay = orgQuery({
  permission: null,
  args: {},
  returns: v.object(displayFields),
  handler: async (ctx) => {
    const row = await ctx.db.query("user_settings").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).unique();
    return row ? { theme: row.theme, locale: row.locale, hours_display: row.hours_display } : DISPLAY_DEFAULTS;
  },
});

export const setDisplay = orgMutation({
  permission: null,
  args: displayFields,
  returns: v.null(),
  handler: async (ctx, value) => {
    const row = await ctx.db.query("user_settings").withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id)).unique();
    if (row) await ctx.db.patch(row._id, { ...value, updated_at: ctx.now });
    else
      await ctx.db.insert("user_settings", {
        ...value,
        organisation_id: ctx.organisationId,
        user_id: ctx.viewer._id,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    return null;
  },
});

export const getNotifications = orgQuery({
  permission: null,
  args: {},
  returns: v.object(notificationFields),
  handler: async (ctx) => {
    const row = await ctx.db
      .query("notification_settings")
      .withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id))
      .unique();
    if (!row) return NOTIFICATION_DEFAULTS;
    const { in_app_allocation_changes, email_allocation_changes, email_reports, digest } = row;
    return { in_app_allocation_changes, email_allocation_changes, email_reports, digest };
  },
});

export const setNotifications = orgMutation({
  permission: null,
  args: notificationFields,
  returns: v.null(),
  handler: async (ctx, value) => {
    const row = await ctx.db
      .query("notification_settings")
      .withIndex("by_user_id", (q) => q.eq("user_id", ctx.viewer._id))
      .unique();
    if (row) await ctx.db.patch(row._id, { ...value, updated_at: ctx.now });
    else
      await ctx.db.insert("notification_settings", {
        ...value,
        organisation_id: ctx.organisationId,
        user_id: ctx.viewer._id,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    return null;
  },
});
