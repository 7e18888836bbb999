// End-to-end: the integrations page in Chromium against the local backend
// (small demo university). An admin adds an HR system, creates an API key
// (shown once, gone when the dialog closes), an HR system posts the sample
// file samples/import/lecturers.csv to POST /api/imports with it (a plain
// fetch, as curl would), the sync log row appears live with its counts and
// opens the import's report (the sample has a flagged row, so it waits at
// "checked"); a clean file (the sample without that row) commits on its own,
// its row shows what it created and the lecturers are in the staff list. A
// key scoped to a department is made and listed with its place; the admin
// disables the system (after a confirmation), its next feed is refused with
// a "refused" row saying why; then the admin revokes the first key and its
// next feed is refused with 401 (no row: an unknown key names no system).
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

const SAMPLE = readFileSync(resolve(ROOT, "samples/import/lecturers.csv"), "utf8");

// The sample without its flagged row (Mei Lin's FTE 1.2): three clean lecturers.
const CLEAN = SAMPLE.split("\n")
  .filter((line) => !line.includes("mei.lin@"))
  .join("\n");

function feed(key: string, body: string = SAMPLE, name?: string) {
  return fetch(`${h.siteUrl}/api/imports?kind=staff&commit=true${name ? `&name=${encodeURIComponent(name)}` : ""}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" },
    body,
  });
}

async function newKey(page: import("playwright-core").Page, name: string, scope?: string) {
  await page.getByRole("button", { name: "New API key for SAP HR" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key for SAP HR" });
  await dialog.getByLabel("What uses it").fill(name);
  await dialog.getByLabel("Lecturers (profiles and year records)").check();
  if (scope) {
    await dialog.getByLabel("Where it acts").selectOption({ label: scope });
    await screenshot(page, "integrations-key-scope");
  }
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "Your new API key" });
  await reveal.getByText("Copy this key now: you will not see it again.").waitFor();
  const key = await reveal.getByTestId("new-api-key").inputValue();
  return { key, reveal };
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
    const { key, reveal } = await newKey(page, "nightly staff feed");
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

    // A clean file commits on its own: its row says Committed with 3 created, and the lecturers are in the staff list.
    const cleanSent = await feed(key, CLEAN, "clean staff.csv");
    expect(cleanSent.status).toBe(202);
    const cleanId = ((await cleanSent.json()) as { import_id: string }).import_id;
    const cleanRow = page.locator(`tr[data-sync-log="${cleanId}"]`);
    await expect.poll(async () => (await cleanRow.textContent()) ?? "", { timeout: 120_000 }).toContain("Committed");
    expect((await cleanRow.locator("td").allTextContents()).slice(3, 7)).toEqual(["3", "0", "0", "0"]);
    expect(await cleanRow.textContent()).toContain("Committed: 3 rows written, 0 unchanged, 0 conflicts, 0 skipped.");
    expect(await cleanRow.textContent()).toContain("clean staff.csv");

    // A key scoped to Computer Science: the list says where it acts.
    const scoped = await newKey(page, "CS staff feed", "Computer Science (department)");
    await scoped.reveal.getByRole("button", { name: "I have stored it safely" }).click();
    const scopedRow = keys.locator("tr", { hasText: "CS staff feed" });
    await scopedRow.waitFor();
    expect(await scopedRow.getByTestId("key-scope").textContent()).toBe("Computer Sciencedepartment");
    expect(await keys.locator("tr", { hasText: "nightly staff feed" }).getByTestId("key-scope").textContent()).toBe("The whole organisation");

    // Disable the system, after a confirmation that says what follows; its next feed is refused with a row saying why.
    await page.getByRole("button", { name: "Disable SAP HR" }).click();
    const disable = page.getByRole("dialog", { name: "Disable SAP HR?" });
    await disable.getByText("Feeds from SAP HR will be refused until it is enabled again", { exact: false }).waitFor();
    await screenshot(page, "integrations-disable");
    await disable.getByRole("button", { name: "Disable SAP HR" }).click();
    await page.getByTestId("system-disabled").waitFor();
    const blocked = await feed(scoped.key, CLEAN);
    expect(blocked.status).toBe(403);
    const blockedBody = (await blocked.json()) as { error: string; import_id: string };
    expect(blockedBody.error).toBe("SAP HR is disabled: its feeds are refused until an admin enables it again on the integrations page.");
    const refusedRow = page.locator(`tr[data-sync-log="${blockedBody.import_id}"]`);
    await refusedRow.waitFor({ timeout: 30_000 });
    const refusedText = (await refusedRow.textContent()) ?? "";
    expect(refusedText).toContain("Refused");
    expect(refusedText).toContain("Key CS staff feed");
    expect(refusedText).toContain(blockedBody.error);
    expect(await refusedRow.getByRole("link", { name: "Open report" }).count()).toBe(0);
    // The whole reason shows, wrapped: the cell is not cut with an ellipsis.
    const reason = refusedRow.getByText(blockedBody.error);
    expect(await reason.evaluate((el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).whiteSpace === "normal")).toBe(true);
    // The disabled notice, the scoped key and the refused row in one view (the toast dismissed).
    for (const dismiss of await page.getByRole("button", { name: "Dismiss" }).all()) await dismiss.click();
    await page.getByTestId("system-disabled").scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 120));
    await screenshot(page, "integrations-refused-disabled-scoped");
    expect(await seriousA11yViolations(page, "integrations-refused")).toEqual([]);

    // Enabled again, after its own confirmation.
    await page.getByRole("button", { name: "Enable SAP HR" }).click();
    await page.getByRole("dialog", { name: "Enable SAP HR?" }).getByRole("button", { name: "Enable SAP HR" }).click();
    await expect.poll(async () => await page.getByTestId("system-disabled").count()).toBe(0);

    // The Computer Science key imports Computer Science's rows only: a Mathematics row is flagged, so the feed waits at "checked".
    const header = SAMPLE.split("\n")[0];
    const mixed = [header, "S9101,ada.quinn@northbridge.ac.uk,Dr,Ada,Quinn,CS,Software Engineering,1.0,Teaching focused", "S9102,ben.ross@northbridge.ac.uk,Dr,Ben,Ross,MA,Statistics,1.0,Teaching focused"].join("\n");
    const scopedSent = await feed(scoped.key, mixed, "cs and maths.csv");
    expect(scopedSent.status).toBe(202);
    const scopedRowLog = page.locator(`tr[data-sync-log="${((await scopedSent.json()) as { import_id: string }).import_id}"]`);
    await expect.poll(async () => (await scopedRowLog.textContent()) ?? "", { timeout: 90_000 }).toContain("Checked, awaiting commit");
    expect((await scopedRowLog.locator("td").allTextContents()).slice(3, 7)).toEqual(["1", "0", "0", "1"]);
    expect(await scopedRowLog.textContent()).toContain("Key CS staff feed");

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

    // The clean feed's lecturers are in the staff list.
    await page.getByRole("link", { name: "Lecturers" }).click();
    await page.getByLabel("Search lecturers").fill("Romero");
    await page.locator('[data-testid="lecturer-scroll"] a', { hasText: "Inés Romero" }).waitFor({ timeout: 30_000 });
    await page.getByLabel("Search lecturers").fill("Okafor");
    await page.locator('[data-testid="lecturer-scroll"] a', { hasText: "Tom Okafor" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "integrations-fed-lecturer");
    await context.close();
  });
});
