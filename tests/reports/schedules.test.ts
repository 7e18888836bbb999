/**
 * Scheduled reports by email, end to end on convex-test in Node with a real
 * SMTP server on 127.0.0.1: the cron claims a due schedule once, builds a
 * report per recipient in their own scope, and emails it with its files;
 * what arrives carries the engine's figures; a refusing server gives a failed
 * delivery with its reply and a retry to that recipient only; a head of
 * department receives only their department, and nothing once their grant
 * is revoked; people who turned scheduled reports off are skipped.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { engineTotals, setupReports, type Reports } from "./fixture";
import { pdfText, readXlsx, sheetRows } from "./readers";
import { startSmtp, waitFor, waitForMail, type TestSmtp } from "./smtp";

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

async function template(r: Reports, kind: "workload_summary" = "workload_summary", formats: ("xlsx" | "pdf" | "csv")[] = ["xlsx", "pdf"]) {
  return await r.admin.mutation(api.reports.templates.create, { organisationId: r.organisationId, name: "Weekly workload", kind, formats, filters: {} });
}

async function schedule(r: Reports, templateId: Id<"report_templates">, recipients: any[]) {
  return await r.admin.mutation(api.reports.schedules.create, {
    organisationId: r.organisationId,
    templateId,
    frequency: "weekly",
    localTime: "08:00",
    timezone: "Europe/London",
    weekday: 1,
    recipients,
    enabled: true,
  });
}

/** Makes the schedule due now and runs the cron once. */
async function fire(r: Reports, scheduleId: Id<"scheduled_reports">) {
  await r.t.run(async (ctx) => ctx.db.patch(scheduleId, { next_run_at: Date.now() - 1000 }));
  return await r.t.mutation(internal.reports.schedules.tick, {});
}

async function deliveries(r: Reports, scheduleId: Id<"scheduled_reports">) {
  return await r.t.run(async (ctx) =>
    ctx.db.query("email_deliveries").withIndex("by_scheduled_report_id", (q) => q.eq("scheduled_report_id", scheduleId)).collect(),
  );
}


describe("scheduled reports by email", () => {
  test("a due schedule is claimed once; its email carries XLSX and PDF with the engine's hours and utilisation for every lecturer", async () => {
    smtp.messages.length = 0;
    const r = await setupReports();
    const scheduleId = await schedule(r, await template(r), [{ kind: "user", user_id: r.adminUser.userId }, { kind: "email", address: "Dean@LHU.example" }]);
    expect(await fire(r, scheduleId)).toBe(1);
    // An overlapping or repeated cron run finds nothing due.
    expect(await r.t.mutation(internal.reports.schedules.tick, {})).toBe(0);
    await waitForMail(smtp, r.t, 2);
    const ds = await deliveries(r, scheduleId);
    expect(ds.map((d) => d.status)).toEqual(["sent", "sent"]);
    expect(ds.map((d) => d.address).sort()).toEqual(["admin@lhu.example", "dean@lhu.example"]);
    expect(ds.every((d) => d.attempts === 1 && /^250/.test(d.last_response ?? ""))).toBe(true);
    expect(smtp.messages).toHaveLength(2);

    const totals = await engineTotals(r);
    const mail = smtp.messages[0];
    expect(mail.subject).toContain("Łódź & Hà Nội University");
    expect(mail.text).toContain("Allocated hours:");
    expect(mail.html).toContain("Utilisation");
    const names = mail.attachments.map((a) => a.filename ?? "").sort();
    expect(names.some((n) => n.endsWith(".pdf"))).toBe(true);
    expect(names.some((n) => n.endsWith(".xlsx"))).toBe(true);
    const xlsx = mail.attachments.find((a) => a.filename?.endsWith(".xlsx"))!;
    const wb = await readXlsx(xlsx.content);
    const seen = new Set<string>();
    for (const sheet of wb.worksheets.slice(1)) {
      for (const row of sheetRows(sheet)) {
        const name = String(row["Lecturer"]);
        if (name.startsWith("Total")) continue;
        const engine = totals.get(name)!;
        expect(row["Allocated h"]).toBe(engine.allocated_hours);
        expect(row["Utilisation %"]).toBeCloseTo(engine.utilisation, 12);
        seen.add(name);
      }
    }
    expect([...seen].sort()).toEqual([...totals.keys()].sort());
    const pdf = (await pdfText(mail.attachments.find((a) => a.filename?.endsWith(".pdf"))!.content)).join("\n");
    for (const [name, engine] of totals) {
      expect(pdf).toContain(name);
      expect(pdf).toContain(`${(engine.utilisation * 100).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`);
    }
    const view = (await r.admin.query(api.reports.schedules.list, { organisationId: r.organisationId }))[0];
    expect(view.next_run_at).toBeGreaterThan(Date.now());
    await waitFor(async () => (await r.admin.query(api.reports.schedules.list, { organisationId: r.organisationId }))[0].last_status === "sent" || null, 10_000, "the schedule to show sent");
  });

  test("a refusing server gives a failed delivery with its reply; a retry once it accepts sends exactly one message per recipient", async () => {
    smtp.messages.length = 0;
    smtp.refuse = "Mailbox unavailable: try later";
    const refusedBefore = smtp.refused;
    const r = await setupReports();
    const scheduleId = await schedule(r, await template(r, "workload_summary", ["csv"]), [
      { kind: "user", user_id: r.adminUser.userId },
      { kind: "user", user_id: r.hod.userId },
    ]);
    await fire(r, scheduleId);
    await waitForMail(smtp, r.t, refusedBefore + 2);
    const failed = await deliveries(r, scheduleId);
    expect(failed.map((d) => d.status)).toEqual(["failed", "failed"]);
    for (const d of failed) {
      expect(d.attempts).toBe(1);
      expect(d.last_response ?? d.error).toContain("Mailbox unavailable");
      expect(d.next_attempt_at).toBeGreaterThan(Date.now()); // backoff, not at once
    }
    expect(smtp.messages).toHaveLength(0);
    const views = await r.admin.query(api.reports.executions.deliveries, { organisationId: r.organisationId, scheduleId });
    expect(views.every((v) => v.status === "failed" && (v.last_response ?? "").includes("Mailbox unavailable"))).toBe(true);

    // The server accepts again; one recipient is retried (as the backoff would), then the other twice at once.
    smtp.refuse = null;
    const [first, second] = failed;
    await r.t.action(internal.reports.email.retry, { deliveryId: first._id, expectedAttempts: 1 });
    let rows = await deliveries(r, scheduleId);
    expect(rows.find((d) => d._id === first._id)!.status).toBe("sent");
    expect(rows.find((d) => d._id === second._id)!.status).toBe("failed"); // only the failed recipient was retried
    await Promise.all([
      r.t.action(internal.reports.email.retry, { deliveryId: second._id, expectedAttempts: 1 }),
      r.t.action(internal.reports.email.retry, { deliveryId: second._id, expectedAttempts: 1 }),
    ]);
    // The backoff's own retries arrive later and find nothing to do.
    await r.t.action(internal.reports.email.retry, { deliveryId: first._id, expectedAttempts: 1 });
    rows = await deliveries(r, scheduleId);
    expect(rows.map((d) => [d.status, d.attempts])).toEqual([
      ["sent", 2],
      ["sent", 2],
    ]);
    const to = smtp.messages.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text).sort();
    expect(to).toEqual(["admin@lhu.example", "hod.cs@lhu.example"]);
  });

  test("a head of department's scheduled report holds only their department; once their grant is revoked they receive nothing", async () => {
    smtp.messages.length = 0;
    const r = await setupReports();
    const scheduleId = await schedule(r, await template(r, "workload_summary", ["xlsx"]), [{ kind: "role", role_id: r.roles["Head of Department"] }]);
    await fire(r, scheduleId);
    await waitForMail(smtp, r.t, smtp.refused + 1);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)!.text).toBe("hod.cs@lhu.example");
    const wb = await readXlsx(mail.attachments[0].content);
    const names = wb.worksheets.slice(1).flatMap((s) => sheetRows(s).map((x) => String(x["Lecturer"]))).filter((n) => !n.startsWith("Total"));
    expect(names.sort()).toEqual(["Nguyễn Văn An", "Zoë Ångström", "Łukasz Nowak"]);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Summary", "Data", "Software"]);
    expect(String(wb.getWorksheet("Summary")!.getCell("B4").value)).toBe("Computer Science");

    // Revoked: no longer a holder of the role, so the next run finds nobody; and when named
    // as a member, their report stops at its first step and the delivery is skipped with the reason.
    smtp.messages.length = 0;
    await r.t.run(async (ctx) => ctx.db.patch(r.hod.assignmentId, { deleted_at: Date.now() }));
    await fire(r, scheduleId);
    await r.t.run(async (ctx) => ctx.db.patch(scheduleId, { recipients: [{ kind: "user", user_id: r.hod.userId }] }));
    await fire(r, scheduleId);
    const second = await waitFor(async () => {
      const rows = (await deliveries(r, scheduleId)).filter((d) => d.status !== "sent");
      return rows.length >= 1 && rows.every((d) => d.status === "skipped") ? rows[0] : null;
    }, 30_000, "the revoked head's delivery to be skipped").catch(async (e) => {
      console.log(JSON.stringify(await r.t.run(async (ctx) => ({ d: await ctx.db.query("email_deliveries").collect(), j: (await ctx.db.query("jobs").collect()).map((j) => [j.kind, j.status, j.error ?? null]) })), null, 1));
      throw e;
    });
    expect(second.error).toMatch(/no longer has the permission/);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(0);
  });

  test("people who turned scheduled reports off are skipped, visibly", async () => {
    smtp.messages.length = 0;
    const r = await setupReports();
    await r.hodClient.mutation(api.account.settings.setNotifications, {
      organisationId: r.organisationId,
      in_app_allocation_changes: true,
      email_reports: false,
      digest: "off",
    });
    const scheduleId = await schedule(r, await template(r, "workload_summary", ["csv"]), [
      { kind: "user", user_id: r.hod.userId },
      { kind: "user", user_id: r.adminUser.userId },
    ]);
    await fire(r, scheduleId);
    await waitForMail(smtp, r.t, smtp.refused + 1);
    const rows = await deliveries(r, scheduleId);
    const hod = rows.find((d) => d.address === "hod.cs@lhu.example")!;
    expect(hod.status).toBe("skipped");
    expect(hod.error).toContain("turned scheduled reports off");
    expect(smtp.messages.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text)).toEqual(["admin@lhu.example"]);
  });
});
