/**
 * The reports migration rewrites rows of the old shapes (legacy kinds and
 * single formats, JSON filters, schedules at an hour in UTC with address
 * strings, digests none/weekly with a separate email switch), in batches on
 * the job mechanism; a second run changes nothing.
 */
import { expect, test, vi } from "vitest";
import { internal } from "../../../convex/_generated/api";
import { nextRunAfter } from "../../../convex/reports/scheduleTime";
import { setupWorkload } from "../workload/fixtures";

test("legacy report rows are rewritten once, and a second run writes nothing", async () => {
  vi.useFakeTimers();
  const w = await setupWorkload();
  const ids = await w.t.run(async (ctx) => {
    const now = Date.now();
    const base = { organisation_id: w.organisationId, created_at: now, updated_at: now };
    const admin = (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "admin@tu.example")).first())!;
    const brian = (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "brian@tu.example")).first())!;
    const templateId = await ctx.db.insert("report_templates", { ...base, name: "Old team summary", kind: "team_summary", format: "html", filters: JSON.stringify({ departmentId: w.departmentId }) });
    const scheduleId = await ctx.db.insert("scheduled_reports", {
      ...base,
      report_template_id: templateId,
      frequency: "weekly",
      hour_utc: 7,
      weekday: 0,
      recipients: ["Admin@TU.example", "dean@tu.example"],
      enabled: true,
      next_run_at: now,
      created_by: admin._id,
    });
    const settingsId = await ctx.db.insert("notification_settings", { ...base, user_id: brian._id, in_app_allocation_changes: true, email_allocation_changes: true, email_reports: true, digest: "none" });
    const weeklyId = await ctx.db.insert("notification_settings", { ...base, user_id: admin._id, in_app_allocation_changes: true, email_allocation_changes: false, email_reports: true, digest: "weekly" });
    return { templateId, scheduleId, settingsId, weeklyId, adminId: admin._id };
  });

  expect(await w.t.mutation(internal.migrations.reports.start, { dryRun: true })).toBe(1);
  await w.t.finishAllScheduledFunctions(vi.runAllTimers);
  const dry = await w.t.run(async (ctx) => (await ctx.db.query("jobs").collect()).find((j) => j.dry_run)!);
  expect(JSON.parse(dry.result!)).toEqual({ report_templates: 1, scheduled_reports: 1, workload_reports: 0, notification_settings: 2 });
  expect((await w.t.run((ctx) => ctx.db.get(ids.templateId)))!.kind).toBe("team_summary"); // a dry run writes nothing

  await w.t.mutation(internal.migrations.reports.start, {});
  await w.t.finishAllScheduledFunctions(vi.runAllTimers);
  const after = await w.t.run(async (ctx) => ({
    template: (await ctx.db.get(ids.templateId))!,
    schedule: (await ctx.db.get(ids.scheduleId))!,
    settings: (await ctx.db.get(ids.settingsId))!,
    weekly: (await ctx.db.get(ids.weeklyId))!,
  }));
  expect(after.template).toMatchObject({ kind: "workload_summary", formats: ["pdf"], filters: { department_id: w.departmentId } });
  expect(after.template.format).toBeUndefined();
  expect(after.schedule).toMatchObject({ local_time: "07:00", timezone: "UTC", weekday: 7, recipients: [{ kind: "user", user_id: ids.adminId }, { kind: "email", address: "dean@tu.example" }] });
  expect(after.schedule.hour_utc).toBeUndefined();
  // The same instant as before: 07:00 UTC on Sundays, in summer and winter alike.
  expect(new Date(nextRunAfter({ frequency: "weekly", local_time: "07:00", timezone: "UTC", weekday: 7 }, Date.parse("2026-07-01T00:00:00Z"))).toISOString()).toBe("2026-07-05T07:00:00.000Z");
  expect(after.settings.digest).toBe("immediate");
  expect(after.settings.email_allocation_changes).toBeUndefined();
  expect(after.weekly.digest).toBe("daily");

  await w.t.mutation(internal.migrations.reports.start, {});
  await w.t.finishAllScheduledFunctions(vi.runAllTimers);
  const jobs = await w.t.run(async (ctx) => (await ctx.db.query("jobs").collect()).filter((j) => j.kind === "migration_reports_v2"));
  expect(jobs).toHaveLength(3);
  expect(jobs.every((j) => j.status === "completed")).toBe(true);
  expect(JSON.parse(jobs[2].result!)).toEqual({ report_templates: 0, scheduled_reports: 0, workload_reports: 0, notification_settings: 0 });
  vi.useRealTimers();
});
