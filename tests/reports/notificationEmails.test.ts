/**
 * Notification emails over the in-app notices: a lecturer who chose
 * "immediate" gets one email for 300 changes made within the coalescing
 * window; "daily" gets one digest at the organisation's local hour; "off"
 * gets none. Every change is an event with the lecturer as its recipient.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import { DIGEST_LOCAL_HOUR, NOTIFICATION_COALESCE_MS } from "../../convex/reports/constants";
import { setupReports, type Reports } from "./fixture";
import { startSmtp, type TestSmtp } from "./smtp";

let smtp: TestSmtp;
const savedEnv = { ...process.env };
beforeAll(async () => {
  smtp = await startSmtp();
  Object.assign(process.env, smtp.env);
});
afterAll(async () => {
  await smtp.close();
  process.env = savedEnv;
});

async function choose(r: Reports, digest: "immediate" | "daily" | "off") {
  await r.lukaszClient.mutation(api.account.settings.setNotifications, { organisationId: r.organisationId, in_app_allocation_changes: true, email_reports: true, digest });
}

/** `count` share changes to one of Łukasz's allocations by the admin. */
async function edits(r: Reports, count: number) {
  const row = await r.t.run(async (ctx) =>
    (await ctx.db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", r.lecturers.lukasz)).collect()).find((a) => a.group_id)!,
  );
  let version = row.version;
  for (let i = 0; i < count; i++) {
    const result = await r.admin.mutation(api.workload.allocations.update, { organisationId: r.organisationId, allocationId: row._id, expectedVersion: version, share: i % 2 === 0 ? 60 : 50 });
    version = result.version;
  }
}

const deliveriesTo = (r: Reports, address: string) =>
  r.t.run(async (ctx) => (await ctx.db.query("email_deliveries").collect()).filter((d) => d.kind === "notifications" && d.address === address));

describe("notification emails", () => {
  test("300 changes within the coalescing window make one email", async () => {
    smtp.messages.length = 0;
    const r = await setupReports();
    await choose(r, "immediate");
    const eventsOf = () =>
      r.t.run(async (ctx) => ctx.db.query("events").withIndex("by_recipient_user_id_and_emailed_at", (q) => q.eq("recipient_user_id", r.lukasz.userId)).collect());
    // The fixture's six allocations were given to Łukasz before he chose: six "created" events, not emailed yet.
    const before = await eventsOf();
    expect(before.map((e) => e.type)).toEqual(Array(6).fill("allocation_created"));
    await edits(r, 300);
    const events = (await eventsOf()).slice(before.length);
    expect(events).toHaveLength(300);
    expect(events.every((e) => e.type === "allocation_changed" && e.notification_id !== undefined)).toBe(true);
    // Exactly one email is waiting for the window to pass.
    const flushes = await r.t.run(async (ctx) =>
      (await ctx.db.system.query("_scheduled_functions").collect()).filter((f) => f.name.includes("notifyEmails") && f.state.kind === "pending"),
    );
    expect(flushes).toHaveLength(1);
    expect(flushes[0].scheduledTime - flushes[0]._creationTime).toBeGreaterThanOrEqual(NOTIFICATION_COALESCE_MS - 1000);
    // The window passes (as the scheduler would run it), and the email goes out.
    const deliveryId = await r.t.mutation(internal.reports.notifyEmails.flushUser, { userId: r.lukasz.userId, kind: "immediate" });
    await r.t.action(internal.reports.email.sendQueued, { deliveryIds: [deliveryId!] });
    const ds = await deliveriesTo(r, "s001@lhu.example");
    expect(ds.map((d) => [d.status, d.event_ids?.length])).toEqual([["sent", 306]]);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].subject).toContain("306 changes to your allocations");
    expect(smtp.messages[0].text).toContain("…and 256 more in the app.");
    // Nothing left to send: a late second flush makes no email.
    expect(await r.t.mutation(internal.reports.notifyEmails.flushUser, { userId: r.lukasz.userId, kind: "immediate" })).toBeNull();
  });

  test("a daily digest goes out once at the organisation's local hour; 'off' sends nothing", async () => {
    smtp.messages.length = 0;
    const r = await setupReports();
    await choose(r, "daily");
    await edits(r, 3);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(`2026-12-02T${String(DIGEST_LOCAL_HOUR - 1).padStart(2, "0")}:00:00Z`)); // 06:00 London (GMT)
    expect(await r.t.mutation(internal.reports.notifyEmails.dailyDigests, {})).toBe(0);
    vi.setSystemTime(Date.parse(`2026-12-02T${String(DIGEST_LOCAL_HOUR).padStart(2, "0")}:05:00Z`)); // 07:05 London
    expect(await r.t.mutation(internal.reports.notifyEmails.dailyDigests, {})).toBe(1);
    expect(await r.t.mutation(internal.reports.notifyEmails.dailyDigests, {})).toBe(0);
    vi.useRealTimers();
    const [digest] = await deliveriesTo(r, "s001@lhu.example");
    expect(digest.subject).toContain("daily digest: 9 changes"); // the fixture's six, and three edits
    await r.t.action(internal.reports.email.sendQueued, { deliveryIds: [digest._id] });
    expect(smtp.messages).toHaveLength(1);

    await choose(r, "off");
    await edits(r, 2);
    const pending = await r.t.run(async (ctx) =>
      (await ctx.db.system.query("_scheduled_functions").collect()).filter((f) => f.name.includes("notifyEmails") && f.state.kind === "pending"),
    );
    expect(pending).toHaveLength(0);
    expect(await deliveriesTo(r, "s001@lhu.example")).toHaveLength(1);
  });
});
