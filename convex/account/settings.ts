/** A member's own display settings and notification settings; defaults until first saved. */
import { v } from "convex/values";
import { columns } from "../lib/columns";
import { orgMutation, orgQuery } from "../lib/functions";
import { getOwnRow, upsertOwnRow } from "../lib/ownRows";

const displayFields = columns("user_settings", ["theme", "locale", "hours_display"]);
const DISPLAY_DEFAULTS = { theme: "system" as const, locale: "en-GB", hours_display: "hours" as const };

const notificationFields = columns("notification_settings", [
  "in_app_allocation_changes",
  "email_allocation_changes",
  "email_reports",
  "digest",
]);
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
    const row = await getOwnRow(ctx, "user_settings");
    return row ? { theme: row.theme, locale: row.locale, hours_display: row.hours_display } : DISPLAY_DEFAULTS;
  },
});

export const setDisplay = orgMutation({
  permission: null,
  args: displayFields,
  returns: v.null(),
  handler: async (ctx, value) => {
    await upsertOwnRow(ctx, "user_settings", value);
    return null;
  },
});

export const getNotifications = orgQuery({
  permission: null,
  args: {},
  returns: v.object(notificationFields),
  handler: async (ctx) => {
    const row = await getOwnRow(ctx, "notification_settings");
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
    await upsertOwnRow(ctx, "notification_settings", value);
    return null;
  },
});
