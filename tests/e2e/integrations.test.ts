// End-to-end: the integrations page in Chromium against the local backend
// (small demo university). An admin adds an HR system, creates an API key
// (shown once, gone when the dialog closes), an HR system posts the sample
// file samples/import/lecturers.csv to POST /api/imports with it (a plain
// fetch, as curl would), the sync log row appears live with its counts and
// opens the import's report, then the admin revokes the key and the next
// feed is refused with 401.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ROOT, screenshot, seriousA11yViolations, signInAs, startHarness, type Harness } from "./support/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

const SAMPLE = readFileSync(resolve(ROOT, "samples/import/lecturers.csv"));

function feed(key: string) {
  return fetch(`${h.siteUrl}/api/imports?kind=staff&commit=true`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" },
    body: SAMPLE,
  });
}

describe("integrations in the browser", () => {
  afterEach(() => {
    expect(h.cspViolations.splice(0)).toEqual([]);
  });

  test("an admin creates a system and a key, a feed shows up live in the sync log, and a revoked key is refused", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Admin");
    await page.getByRole("link", { name: "Integrations" }).click();
    await page.getByRole("heading", { name: "Integrations" }).waitFor();

    // A system: the form refuses an empty name, then adds it.
    const form = page.getByRole("form", { name: "New external system" });
    await form.getByRole("button", { name: "Add system" }).click();
    await form.getByText("Give the system a name").waitFor();
    await form.getByLabel("Name").fill("SAP HR");
    await form.getByLabel("Kind").selectOption("hr_feed");
    await form.getByRole("button", { name: "Add system" }).click();
    await page.getByText("No keys yet: SAP HR cannot send anything until it has one.").waitFor();
    await screenshot(page, "integrations-system");

    // A key, shown once.
    await page.getByRole("button", { name: "New API key for SAP HR" }).click();
    const dialog = page.getByRole("dialog", { name: "New API key for SAP HR" });
    await dialog.getByLabel("What uses it").fill("nightly staff feed");
    await dialog.getByLabel("Lecturers (profiles and year records)").check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const reveal = page.getByRole("dialog", { name: "Your new API key" });
    await reveal.getByText("Copy this key now: you will not see it again.").waitFor();
    const key = await reveal.getByTestId("new-api-key").inputValue();
    expect(key).toMatch(/^ww_[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, "integrations-key-once");
    await reveal.getByRole("button", { name: "I have stored it safely" }).click();
    const keys = page.getByRole("table", { name: "API keys of SAP HR" });
    await keys.getByText("nightly staff feed").waitFor();
    expect(await keys.textContent()).toContain(key.slice(0, 10));
    expect(await page.content()).not.toContain(key);

    // The HR system sends the sample file: the row appears live, checked, with its counts.
    const sent = await feed(key);
    expect(sent.status).toBe(202);
    const { import_id } = (await sent.json()) as { import_id: string };
    const row = page.locator(`tr[data-sync-log="${import_id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain("Key nightly staff feed");
    // Row 4 (FTE 1.2) is an error, so the feed waits for review: 3 to create, 1 error.
    await expect.poll(async () => (await row.textContent()) ?? "", { timeout: 90_000 }).toContain("Checked, awaiting commit");
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(3, 7)).toEqual(["3", "0", "0", "1"]);
    expect(await page.getByTestId("sync-log-count").first().textContent()).toBe("The only entry so far.");
    await expect.poll(async () => (await keys.locator("tr", { hasText: "nightly staff feed" }).textContent()) ?? "").not.toContain("Never");
    await screenshot(page, "integrations-sync-log");
    expect(await seriousA11yViolations(page, "integrations")).toEqual([]);

    // Revoke, after the confirmation; the next feed is refused.
    await page.getByRole("button", { name: "Revoke nightly staff feed" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke this API key?" });
    await confirm.getByText("Feeds using this key will be refused from now on", { exact: false }).waitFor();
    await screenshot(page, "integrations-revoke");
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await keys.getByText("Revoked").waitFor();
    const refused = await feed(key);
    expect(refused.status).toBe(401);
    await screenshot(page, "integrations-revoked");

    // The log links to the import's report on the Import page.
    await row.getByRole("link", { name: "Open report" }).click();
    await page.locator('tr[data-row="4"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('tr[data-row="4"]').textContent()).toContain("FTE must be between 0 and 1");
    await screenshot(page, "integrations-report");
    await context.close();
  });
});
