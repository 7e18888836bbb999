/** A member's own display settings and notification settings; defaults until first saved. */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import { vAllocationEmails, type AllocationEmails } from "../schema/validators";
import { columns } from "../lib/columns";
import { orgMutation, orgQuery } from "../lib/functions";
import { getOwnRow, upsertOwnRow } from "../lib/ownRows";

const displayFields = columns("user_settings", ["theme", "locale", "hours_display"]);
const DISPLAY_DEFAULTS = { theme: "system" as const, locale: "en-GB", hours_display: "hours" as const };

const notificationFields = {
  ...columns("notification_settings", ["in_app_allocation_changes", "email_reports"]),
  /** Emails about changes to one's allocations: immediate (coalesced), a daily digest, or off. */
  digest: vAllocationEmails,
};
/** Defaults: tell people in the app and send them scheduled reports; allocation emails only when asked for. */
export const NOTIFICATION_DEFAULTS = {
  in_app_allocation_changes: true,
  email_reports: true,
  digest: "off" as const,
};

/**
 * The allocation-email choice of a row, also of rows written before issue #11
 * (none/weekly digests with a separate email switch) until the reports
 * migration rewrites them: the migration's own mapping.
 */
export function allocationEmailsOf(row: Pick<Doc<"notification_settings">, "digest" | "email_allocation_changes">): AllocationEmails {
  if (row.digest === "immediate" || row.digest === "daily" || row.digest === "off") return row.digest;
  if (row.digest === "weekly") return "daily";
  return row.email_allocation_changes ? "immediate" : "off";
}

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
    return { in_app_allocation_changes: row.in_app_allocation_changes, email_reports: row.email_reports, digest: allocationEmailsOf(row) };
  },
});

export const setNotifications = orgMutation({
  permission: null,
  args: notificationFields,
  returns: v.null(),
  handler: async (ctx, value) => {
    await upsertOwnRow(ctx, "notification_settings", { ...value, email_allocation_changes: undefined });
    return null;
  },
});
