// End-to-end: the import wizard in Chromium against the local backend (small
// demo university). A planner imports the sample file shipped in the
// repository (samples/import/lecturers.csv), sees the dry run flag the row
// with an FTE of 1.2, fixes it in the table, commits, sees the result and
// the history, and the dashboard's utilisation moves with four more lecturers.
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ROOT, screenshot, signInAs, startHarness, type Harness } from "./support/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

async function utilisation(page: Page): Promise<string> {
  const stat = page.locator('[data-testid="stat-utilisation"]');
  await stat.waitFor();
  return (await stat.textContent()) ?? "";
}

describe("import in the browser", () => {
  afterEach(() => {
    expect(h.cspViolations.splice(0)).toEqual([]);
  });

  test("a planner imports the sample file, fixes the flagged row, commits, and the dashboard changes", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Planner");
    const before = await utilisation(page);

    await page.getByRole("link", { name: "Import" }).click();
    await page.locator("#import-file").setInputFiles(resolve(ROOT, "samples/import/lecturers.csv"));
    await page.getByRole("button", { name: "Read the file" }).click();
    // The HR-style headers are mapped to the import's fields.
    await page.getByLabel("Field for Forename").waitFor();
    expect(await page.getByLabel("Field for Forename").inputValue()).toBe("first_name");
    expect(await page.getByLabel("Field for Staff No").inputValue()).toBe("staff_number");
    await screenshot(page, "import-mapping");
    await page.getByRole("button", { name: "Start the dry run" }).click();

    const row4 = page.locator('tr[data-row="4"]');
    await expect.poll(async () => (await row4.textContent()) ?? "", { timeout: 60_000 }).toContain("FTE must be between 0 and 1");
    await expect.poll(async () => (await page.getByRole("button", { name: /^Commit/ }).textContent()) ?? "", { timeout: 30_000 }).toBe("Commit 3 rows");
    await screenshot(page, "import-dry-run");

    await row4.getByRole("button", { name: "Fix row 4" }).click();
    const form = page.getByRole("form", { name: "Fix this row" });
    await form.getByLabel("FTE").fill("1");
    await form.getByRole("button", { name: "Check again" }).click();
    await expect.poll(async () => (await page.getByRole("button", { name: /^Commit/ }).textContent()) ?? "", { timeout: 30_000 }).toBe("Commit 4 rows");

    await page.getByRole("button", { name: "Commit 4 rows" }).click();
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toContain("Committed: 4 rows written");
    await page.getByRole("table", { name: "Import history" }).getByText("lecturers.csv").first().waitFor();
    await screenshot(page, "import-committed");

    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => utilisation(page), { timeout: 20_000 }).not.toBe(before);
    await context.close();
  });
});
