/**
 * When schedules fire: local times in Europe/London across the clock
 * changes (last Sundays of March and October), computed in UTC; and the
 * cron's claim: exactly once per slot, runs missed while the backend was down
 * made up once, not once per missed slot.
 */
import { describe, expect, test, vi } from "vitest";
import { api, internal } from "../../../convex/_generated/api";
import { nextRunAfter, type ScheduleTiming } from "../../../convex/reports/scheduleTime";
import { setupWorkload } from "../workload/fixtures";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** Every firing in [from, to). */
function firings(t: ScheduleTiming, from: string, to: string): string[] {
  const out: string[] = [];
  let cursor = at(from) - 1;
  for (;;) {
    cursor = nextRunAfter(t, cursor);
    if (cursor >= at(to)) return out;
    out.push(iso(cursor));
  }
}

describe("schedule times", () => {
  const weekly: ScheduleTiming = { frequency: "weekly", local_time: "08:00", timezone: "Europe/London", weekday: 1 };
  const daily: ScheduleTiming = { frequency: "daily", local_time: "01:30", timezone: "Europe/London" };

  test("weekly Monday 08:00 Europe/London fires at 07:00 UTC in summer and 08:00 UTC in winter, once on the Mondays after each change", () => {
    expect(firings(weekly, "2026-03-16T00:00:00Z", "2026-04-07T00:00:00Z")).toEqual([
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z", // the Monday after the spring change (29 March)
      "2026-04-06T07:00:00.000Z",
    ]);
    expect(firings(weekly, "2026-10-19T00:00:00Z", "2026-11-03T00:00:00Z")).toEqual([
      "2026-10-19T07:00:00.000Z",
      "2026-10-26T08:00:00.000Z", // the Monday after the autumn change (25 October)
      "2026-11-02T08:00:00.000Z",
    ]);
  });

  test("daily 01:30 Europe/London fires exactly once on both change days", () => {
    // 29 March 2026: 01:30 does not exist (01:00 GMT -> 02:00 BST); it fires once, at 02:30 BST.
    expect(firings(daily, "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z")).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:30:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
    // 25 October 2026: 01:30 happens twice (BST, then GMT); it fires once, at the first.
    expect(firings(daily, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z")).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  test("monthly on the 31st fires on each month's last day", () => {
    const monthly: ScheduleTiming = { frequency: "monthly", local_time: "09:00", timezone: "Europe/London", day_of_month: 31 };
    expect(firings(monthly, "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z")).toEqual([
      "2027-01-31T09:00:00.000Z",
      "2027-02-28T09:00:00.000Z",
      "2027-03-31T08:00:00.000Z",
    ]);
  });
});

describe("the cron's claim", () => {
  test("a due schedule is claimed once however often the cron runs; missed runs are made up once", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(at("2026-11-02T12:00:00Z")); // a Monday
    const w = await setupWorkload();
    const templateId = await w.admin.mutation(api.reports.templates.create, {
      organisationId: w.organisationId,
      name: "Weekly",
      kind: "workload_summary",
      formats: ["csv"],
      filters: {},
    });
    const adminId = await w.t.run(async (ctx) => (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", "admin@tu.example")).first())!._id);
    const scheduleId = await w.admin.mutation(api.reports.schedules.create, {
      organisationId: w.organisationId,
      templateId,
      frequency: "weekly",
      localTime: "08:00",
      timezone: "Europe/London",
      weekday: 1,
      recipients: [{ kind: "user", user_id: adminId }],
      enabled: true,
    });
    const next = () => w.t.run(async (ctx) => (await ctx.db.get(scheduleId))!.next_run_at);
    expect(iso(await next())).toBe("2026-11-09T08:00:00.000Z");

    // The backend was down for three weeks: three slots missed.
    vi.setSystemTime(at("2026-11-30T12:00:00Z"));
    expect(await w.t.mutation(internal.reports.schedules.tick, {})).toBe(1);
    expect(await w.t.mutation(internal.reports.schedules.tick, {})).toBe(0);
    expect(await w.t.mutation(internal.reports.schedules.tick, {})).toBe(0);
    expect(iso(await next())).toBe("2026-12-07T08:00:00.000Z");
    const runs = await w.t.run(async (ctx) => (await ctx.db.query("jobs").collect()).filter((j) => j.kind === "report_schedule_run"));
    expect(runs).toHaveLength(1);
    vi.useRealTimers();
  });

  test("schedules refuse a timezone that is not IANA, a time off the clock, and addresses outside the organisation's domains", async () => {
    const w = await setupWorkload();
    const templateId = await w.admin.mutation(api.reports.templates.create, { organisationId: w.organisationId, name: "T", kind: "capacity", formats: ["pdf"], filters: {} });
    const base = { organisationId: w.organisationId, templateId, frequency: "daily" as const, localTime: "08:00", recipients: [{ kind: "lecturers" as const }], enabled: true };
    const { expectAppError } = await import("../harness");
    expect((await expectAppError(w.admin.mutation(api.reports.schedules.create, { ...base, timezone: "London" }), "INVALID_ARGUMENT")).message).toContain("IANA");
    expect((await expectAppError(w.admin.mutation(api.reports.schedules.create, { ...base, localTime: "25:00" }), "INVALID_ARGUMENT")).message).toContain("HH:MM");
    await w.t.run(async (ctx) => ctx.db.patch(w.organisationId, { email_domains: ["tu.example"] }));
    await expectAppError(w.admin.mutation(api.reports.schedules.create, { ...base, recipients: [{ kind: "email", address: "someone@gmail.com" }] }), "INVALID_ARGUMENT");
    await w.admin.mutation(api.reports.schedules.create, { ...base, recipients: [{ kind: "email", address: "Dean@TU.example" }] });
    // A Viewer may not schedule.
    await expectAppError(w.viewer.mutation(api.reports.schedules.create, base), "FORBIDDEN");
  });
});
