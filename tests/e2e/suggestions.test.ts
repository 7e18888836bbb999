// End-to-end: allocation suggestions in Chromium against the local backend
// (the solver runs as a "use node" action with HiGHS). A planner switches to
// the staging year, where nothing is allocated yet, runs the balance
// strategy from the allocation editor, reviews the diff, accepts every line
// and sees the dashboard's allocated hours move.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, signInAs, startHarness, type Harness } from "./support/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

async function allocatedHours(page: Page): Promise<string> {
  const stat = page.locator('[data-testid="stat-allocated-hours"]');
  await stat.waitFor();
  return (await stat.textContent()) ?? "";
}

describe("allocation suggestions in the browser", () => {
  test("a planner runs balance suggestions, accepts them and the totals move", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Planner");
    const years = page.locator('[data-testid="year-switcher"]');
    const staging = await years.locator("option", { hasText: "(staging)" }).first().getAttribute("value");
    await years.selectOption(staging!);
    await page.getByRole("note").filter({ hasText: "STAGING" }).waitFor();
    const before = await allocatedHours(page);

    await page.getByRole("link", { name: "Allocation editor" }).click();
    await page.locator('ul[aria-label="Iterations"] a').first().click();
    await page.waitForURL(/\/allocations\/.+/);
    await page.getByRole("button", { name: "Suggest…" }).click();
    const panel = page.getByTestId("suggestions-panel");
    await panel.getByLabel("Time limit").selectOption("5");
    await panel.getByRole("button", { name: "Suggest allocations" }).click();
    const lines = panel.getByTestId("suggestion-line");
    await lines.first().waitFor({ timeout: 60_000 });
    expect(await lines.count()).toBeGreaterThan(0);
    expect(await panel.getByTestId("suggestion-lecturer").count()).toBeGreaterThan(0);
    await screenshot(page, "suggestions-proposal");

    // Unticking everything accepts nothing; ticking all again offers every line.
    const all = panel.getByRole("checkbox", { name: "Tick every proposed line" });
    await all.uncheck();
    await expect.poll(() => panel.getByRole("button", { name: /^Accept 0 lines$/ }).isDisabled()).toBe(true);
    await all.check();
    const count = await lines.count();
    await panel.getByRole("button", { name: `Accept ${count} line${count === 1 ? "" : "s"}` }).click();
    await expect.poll(() => panel.getByText("Accepted", { exact: true }).count(), { timeout: 60_000 }).toBe(count);
    await screenshot(page, "suggestions-accepted");
    await page.keyboard.press("Escape");

    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => allocatedHours(page), { timeout: 15_000 }).not.toBe(before);
    await context.close();
  });
});
