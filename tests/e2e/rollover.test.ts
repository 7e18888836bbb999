// End-to-end: an admin rolls the demo university's current year over in
// Chromium: the wizard defaults to the staging year the organisation already
// set up (2027/28), the preview says what will happen, the run shows its
// progress live and ends on its summary; the new year's editor then shows
// the carried allocations (↻), and the comparison view sets the years side
// by side. Its own backend (small seed), so other tests' data is untouched.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, signInAs, startHarness, type Harness } from "./support/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

describe("year rollover in the browser", () => {
  test("an admin previews, runs and watches the rollover, then sees carried allocations in the new year's editor", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Admin");
    await page.getByRole("link", { name: "Year rollover" }).click();

    // The target is the staging year already set up; the options have their defaults.
    const target = page.getByLabel("Roll 2026/27 over into");
    await target.waitFor();
    expect(await target.locator("option:checked").textContent()).toContain("2027/28");
    expect(await page.getByLabel("Teaching allocations").isChecked()).toBe(true);
    await screenshot(page, "rollover-options");

    await page.getByRole("button", { name: "Preview" }).click();
    const previewTable = page.getByRole("table", { name: "What the rollover will do" });
    await previewTable.waitFor({ timeout: 60_000 });
    const planned = Number((await previewTable.getByTestId("summary-allocations-created").textContent())!.replace(/,/g, ""));
    expect(planned).toBeGreaterThan(0);
    // The staging year's lecturers and iterations are already there: kept, not duplicated.
    const lecturers = previewTable.getByTestId("summary-lecturers").locator("td");
    expect(await lecturers.nth(1).textContent()).toBe("0");
    expect(Number(await lecturers.nth(2).textContent())).toBeGreaterThan(0);
    await screenshot(page, "rollover-preview");

    await page.getByRole("button", { name: "Run the rollover" }).click();
    await page.getByTestId("job-progress").first().waitFor();
    await page.getByText("2027/28 is ready").waitFor({ timeout: 120_000 });
    const done = page.getByRole("table", { name: "What the rollover did" });
    expect(Number((await done.getByTestId("summary-allocations-created").textContent())!.replace(/,/g, ""))).toBe(planned);
    await screenshot(page, "rollover-done");

    // The new year's editor: carried allocations are marked.
    await page.getByRole("button", { name: "Allocation editor in 2027/28" }).click();
    await page.getByRole("note").filter({ hasText: "STAGING" }).waitFor();
    expect(await page.getByTestId("year-switcher").locator("option:checked").textContent()).toContain("2027/28");
    const links = page.locator('ul[aria-label="Iterations"] a');
    await links.first().waitFor();
    let found = false;
    for (let i = 0; i < Math.min(await links.count(), 10) && !found; i++) {
      await links.nth(i).click();
      await page.waitForURL(/\/allocations\/.+/);
      const carried = page.getByTestId("carried-count");
      const empty = page.getByText("Nobody is allocated to this iteration yet");
      await Promise.race([carried.waitFor(), empty.waitFor()]).catch(() => {});
      if (await carried.isVisible()) {
        await page.locator('[role="gridcell"] [data-carried="true"]').first().waitFor();
        expect(await carried.textContent()).toMatch(/↻ \d+ carried from last year/);
        found = true;
      }
    }
    expect(found).toBe(true);
    await screenshot(page, "rollover-carried-in-editor");

    // The dashboard of the new year links to the comparison with the year it came from.
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.getByTestId("compare-years-link").click();
    const comparison = page.getByRole("table", { name: "2026/27 compared with 2027/28, per lecturer" });
    await comparison.waitFor({ timeout: 30_000 });
    expect(await comparison.locator("tbody tr").count()).toBeGreaterThan(0);
    // Gareth Ueda teaches MA603-A in both years; the staging year set it up with coursework, not a
    // dissertation, so his marking falls: the row says so rather than leaving a bare −288.1 h.
    const gareth = comparison.getByTestId("compare-row-Gareth Ueda");
    await gareth.waitFor();
    expect(await gareth.locator("td").nth(4).textContent()).toBe("−288.1 h");
    expect(await gareth.getByRole("list", { name: "Why Gareth Ueda changed" }).textContent()).toContain(
      "MA603-A: 572.0 h → 283.9 h (marking 306.0 h → 17.8 h; leadership 16.0 h → 16.1 h; assessment Dissertation → Coursework; 102 → 107 students)",
    );
    await gareth.scrollIntoViewIfNeeded();
    await screenshot(page, "year-comparison");
    await context.close();
  });
});
