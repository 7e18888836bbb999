// End-to-end: reports in Chromium against the local backend (small demo
// university, no SMTP configured, so the development mailbox receives mail).
// An admin runs a report and downloads it; an admin schedules the weekly
// department report, presses "Send now", and the email arrives in the
// development mailbox with its XLSX and PDF.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { screenshot, signInAs, startHarness, type Harness } from "./support/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

type Mail = { id: string; subject: string; to: string; attachments: { filename: string; content_type: string; size: number }[] };

async function mailbox(): Promise<Mail[]> {
  const res = await fetch(`${h.backendUrl}/mailbox/messages.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Mail[];
}

describe("reports in the browser", () => {
  afterEach(() => {
    // The app works under its Content Security Policy (config/securityHeaders.ts).
    expect(h.cspViolations.splice(0)).toEqual([]);
  });

  test("an admin runs a report and downloads it", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Admin");
    await page.getByRole("link", { name: "Reports" }).click();
    await page.getByRole("heading", { name: "Run a report now" }).waitFor();
    await page.getByLabel("Report kind").selectOption("workload_summary");
    await page.getByRole("button", { name: "Run report" }).click();
    const link = page.locator('[data-testid="download-xlsx"]').first();
    await link.waitFor({ timeout: 120_000 });
    await screenshot(page, "reports-run");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip: the XLSX container
    expect(bytes.length).toBeGreaterThan(3000);
    await context.close();
  });

  test("a schedule's send now puts the email, with its XLSX and PDF, in the development mailbox", async () => {
    const before = (await mailbox()).length;
    const { context, page } = await h.newPage();
    const admin = await signInAs(page, h.webUrl, "Admin");
    await page.getByRole("link", { name: "Reports" }).click();
    await page.getByLabel("New template").fill("Weekly department report");
    await page.getByRole("button", { name: "Add template" }).click();
    await page.getByRole("cell", { name: "Weekly department report" }).waitFor();

    const form = page.getByRole("form", { name: "New schedule" });
    await form.getByLabel("Template", { exact: true }).selectOption({ label: "Weekly department report" });
    await form.getByLabel("How often").selectOption("weekly");
    await form.getByLabel("On", { exact: true }).selectOption("1");
    await form.getByLabel("Local time").fill("08:00");
    await form.getByLabel("Timezone (IANA)").fill("Europe/London");
    const member = form.getByLabel("Send to a member");
    const option = await member.locator("option", { hasText: admin }).first().getAttribute("value");
    await member.selectOption(option!);
    await form.getByRole("button", { name: "Add schedule" }).click();
    const schedule = page.locator('[data-testid="schedule"]').first();
    await schedule.waitFor();
    await expect.poll(async () => (await schedule.locator('[data-testid="next-run"]').textContent()) ?? "").toMatch(/Next: Mon .* 08:00 (GMT|BST)/);

    await schedule.getByRole("button", { name: "Send now" }).click();
    const mail = await expect
      .poll(async () => (await mailbox()).slice(0, Math.max(0, (await mailbox()).length - before)).find((m) => m.attachments.length >= 2), { timeout: 150_000, interval: 500 })
      .toBeTruthy()
      .then(async () => (await mailbox())[0]);
    expect(mail.subject).toContain("Northbridge University");
    const kinds = mail.attachments.map((a) => a.filename.split(".").pop()).sort();
    expect(kinds).toEqual(expect.arrayContaining(["pdf", "xlsx"]));
    await screenshot(page, "reports-scheduled");

    const inbox = await context.newPage();
    await inbox.goto(`${h.backendUrl}/mailbox`);
    await inbox.getByRole("heading", { name: "Development mailbox" }).waitFor();
    await inbox.getByRole("link", { name: mail.subject }).first().click();
    await inbox.getByRole("heading", { name: "Attachments" }).waitFor();
    expect(await inbox.locator("ul.attachments a").count()).toBe(mail.attachments.length);
    await screenshot(inbox, "mailbox");
    await context.close();
  });
});
