// End-to-end: the web app in Chromium against a real local backend seeded
// with the small demo university. Covers sign-in, the year switch, editing
// an allocation and seeing the dashboard move, live updates between two
// users, the stale-save conflict, and screenshots of the main pages. The app
// is served with its security headers and Content Security Policy; no page
// may log a CSP violation.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
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

/** Opens the editor on the first iteration that has an allocation; returns its URL and one filled cell's key and share. */
async function openIterationWithAllocation(page: Page): Promise<{ url: string; key: string; share: number }> {
  await page.getByRole("link", { name: "Allocation editor" }).click();
  const links = page.locator('ul[aria-label="Iterations"] a');
  await links.first().waitFor();
  const count = Math.min(await links.count(), 15);
  for (let i = 0; i < count; i++) {
    await links.nth(i).click();
    await page.waitForURL(/\/allocations\/.+/);
    const grid = page.locator('[role="grid"]');
    const empty = page.getByText("Nobody is allocated to this iteration yet");
    await Promise.race([grid.waitFor(), empty.waitFor()]);
    if (await grid.isVisible()) {
      const cell = page.locator('[role="gridcell"]', { hasText: "%" }).first();
      const key = (await cell.getAttribute("data-key"))!;
      const share = Number(((await cell.textContent()) ?? "").match(/(\d+(?:\.\d+)?)%/)![1]);
      return { url: page.url(), key, share };
    }
  }
  throw new Error("No iteration with allocations found in the seed");
}

function cellByKey(page: Page, key: string) {
  return page.locator(`[role="gridcell"][data-key="${key}"]`);
}

async function startEditing(page: Page, key: string) {
  const cell = cellByKey(page, key);
  await cell.click({ position: { x: 6, y: 6 } });
  await cell.press("Enter");
  await cell.locator("input").waitFor();
}

async function editCell(page: Page, key: string, value: string) {
  await startEditing(page, key);
  await page.keyboard.press("Control+A");
  await page.keyboard.type(value);
  await page.keyboard.press("Enter");
}

function otherShare(...taken: number[]): number {
  return [35, 45, 55, 65, 25].find((s) => !taken.includes(s))!;
}

describe("WorkloadWizard in the browser", () => {
  afterEach(() => {
    // Whatever a test did in the browser, the policy let the app do it.
    expect(h.cspViolations.splice(0)).toEqual([]);
  });

  test("the built app is served with its security headers and signs in to the dashboard under its CSP", async () => {
    const { context, page } = await h.newPage();
    const response = await page.goto(h.webUrl);
    const headers = response!.headers();
    const csp = headers["content-security-policy"];
    const backend = new URL(h.backendUrl);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${backend.origin} ws://${backend.host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    // The same policy travels in the page itself, for hosts that send no headers.
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(meta).toBe(csp.replace("; frame-ancestors 'none'", ""));

    await signInAs(page, h.webUrl, "Planner");
    await page.locator('[data-testid="stat-allocated-hours"]').waitFor();
    expect(h.cspViolations).toEqual([]);
    await context.close();
  });

  test("a planner signs in, switches year, edits an allocation and the dashboard follows", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Planner");
    const before = await allocatedHours(page);
    await screenshot(page, "dashboard");

    const years = page.locator('[data-testid="year-switcher"]');
    const staging = await years.locator("option", { hasText: "(staging)" }).first().getAttribute("value");
    const active = await years.locator("option", { hasText: "(active)" }).first().getAttribute("value");
    await years.selectOption(staging!);
    await page.getByRole("note").filter({ hasText: "STAGING" }).waitFor();
    await screenshot(page, "staging-year");
    await years.selectOption(active!);
    await expect.poll(() => page.getByRole("note").filter({ hasText: "STAGING" }).count()).toBe(0);
    await expect.poll(() => allocatedHours(page)).toBe(before);

    const { key, share } = await openIterationWithAllocation(page);
    const next = otherShare(share);
    await editCell(page, key, String(next));
    await expect.poll(() => cellByKey(page, key).textContent(), { timeout: 10_000 }).toContain(`${next}%`);
    await screenshot(page, "allocation-editor");

    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => allocatedHours(page), { timeout: 10_000 }).not.toBe(before);

    // Undo (keyboard) puts the planner's own change back, and the dashboard with it.
    await page.goBack();
    await cellByKey(page, key).click({ position: { x: 6, y: 6 } });
    await page.keyboard.press("Control+z");
    await expect.poll(() => cellByKey(page, key).textContent(), { timeout: 10_000 }).toContain(`${share}%`);
    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => allocatedHours(page), { timeout: 10_000 }).toBe(before);

    // An hours override asks for its reason; the explanation shows it; undo takes it back.
    await page.goBack();
    await editCell(page, key, "12h");
    const prompt = page.getByTestId("override-reason-prompt");
    await prompt.waitFor();
    await expect.poll(() => prompt.getByRole("button", { name: "Save override" }).isDisabled()).toBe(true);
    await page.keyboard.type("Marking moved from another module");
    await screenshot(page, "override-reason");
    await page.keyboard.press("Enter");
    await prompt.waitFor({ state: "detached" });
    await cellByKey(page, key).getByRole("button", { name: "Explain 12h" }).click();
    await expect.poll(() => page.getByTestId("override-reason").textContent(), { timeout: 10_000 }).toContain(
      "Marking moved from another module",
    );
    await page.keyboard.press("Escape");
    await cellByKey(page, key).click({ position: { x: 6, y: 6 } });
    await page.keyboard.press("Control+z");
    await expect.poll(() => cellByKey(page, key).textContent(), { timeout: 10_000 }).not.toContain("12h");
    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => allocatedHours(page), { timeout: 10_000 }).toBe(before);
    await context.close();
  });

  test("two planners: one edits, the other sees it live; a stale save shows the conflict and nothing is lost", async () => {
    const a = await h.newPage();
    const b = await h.newPage();
    await signInAs(a.page, h.webUrl, "Planner", 0);
    await signInAs(b.page, h.webUrl, "Planner", 1);
    const { url, key, share } = await openIterationWithAllocation(a.page);
    await b.page.goto(url);
    await cellByKey(b.page, key).waitFor();

    // Presence: each sees the other in this iteration.
    await b.page.locator('[data-testid="presence"]').first().waitFor({ timeout: 15_000 });

    // Live: A's edit appears in B's grid without a reload.
    const v1 = otherShare(share);
    await editCell(a.page, key, String(v1));
    const saved = Date.now();
    await cellByKey(b.page, key)
      .filter({ hasText: `${v1}%` })
      .waitFor({ timeout: 5_000 });
    const latency = Date.now() - saved;
    console.log(`live update reached the second browser in ${latency} ms`);
    expect(latency).toBeLessThan(1_000); // "another user's edit appears within a second"

    // B starts editing; A sees the cell marked, then saves first.
    await startEditing(b.page, key);
    await cellByKey(a.page, key).locator('[data-testid="editing-marker"]').waitFor({ timeout: 15_000 });
    await screenshot(a.page, "presence-editing-marker");
    const v2 = otherShare(share, v1);
    await editCell(a.page, key, String(v2));
    await expect.poll(() => cellByKey(a.page, key).textContent(), { timeout: 10_000 }).toContain(`${v2}%`);

    // B's save is stale: the conflict shows both values and B keeps theirs own.
    const v3 = otherShare(share, v1, v2);
    await b.page.keyboard.press("Control+A");
    await b.page.keyboard.type(String(v3));
    await b.page.keyboard.press("Enter");
    const dialog = b.page.locator('[data-testid="conflict-dialog"]');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await b.page.locator('[data-testid="conflict-theirs"]').textContent()).toContain(`${v2}%`);
    expect(await b.page.locator('[data-testid="conflict-mine"]').textContent()).toContain(`${v3}%`);
    await screenshot(b.page, "conflict");
    await b.page.getByRole("button", { name: "Use mine" }).click();
    await expect.poll(() => cellByKey(b.page, key).textContent(), { timeout: 10_000 }).toContain(`${v3}%`);
    await expect.poll(() => cellByKey(a.page, key).textContent(), { timeout: 10_000 }).toContain(`${v3}%`);

    // Stale presence expires: A's browser goes away without saying goodbye; B stops seeing them.
    await a.context.close();
    await b.page.locator('[data-testid="presence"]').first().waitFor({ state: "detached", timeout: 60_000 });
    await b.context.close();
  });

  test("a lecturer sees their year on My workload, accepts one allocation and queries another; a planner sees both answers", async () => {
    const lecturer = await h.newPage();
    const signedInAs = await signInAs(lecturer.page, h.webUrl, "(Lecturer)");
    const lecturerName = signedInAs.replace(/\s*\(Lecturer\)\s*$/, "");
    const lp = lecturer.page;
    // Lecturers have no lecturer list or editor, only their own workload.
    await expect.poll(() => lp.getByRole("link", { name: "Allocation editor" }).count()).toBe(0);
    await lp.getByRole("link", { name: "My workload" }).click();
    await lp.getByRole("heading", { name: "My workload" }).waitFor();
    await expect.poll(() => lp.getByTestId("lecturer-allocated").textContent(), { timeout: 10_000 }).toMatch(/[1-9][\d,.]*h/);
    const rows = lp.getByRole("table", { name: "Allocations" }).locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const describe = async (i: number) =>
      (await rows.nth(i).locator("td").nth(0).textContent())!.trim() + " | " + (await rows.nth(i).locator("td").nth(1).textContent())!.trim();
    const accepted = await describe(0);
    const queried = await describe(1);

    await rows.nth(0).getByRole("button", { name: "Accept" }).click();
    await expect.poll(() => rows.nth(0).textContent(), { timeout: 10_000 }).toContain("Accepted");
    await rows.nth(1).getByRole("button", { name: "Query" }).click();
    const dialog = lp.getByRole("dialog", { name: "Query this allocation" });
    await dialog.getByLabel("Comment for the planner").fill("I am on research leave that semester");
    await dialog.getByRole("button", { name: "Send query" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => rows.nth(1).textContent(), { timeout: 10_000 }).toContain("Queried");
    await screenshot(lp, "my-workload-answered");
    await lecturer.context.close();

    const planner = await h.newPage();
    const pp = planner.page;
    await signInAs(pp, h.webUrl, "Planner");
    await pp.getByRole("link", { name: "Lecturers" }).click();
    await pp.getByLabel("Search lecturers").fill(lecturerName);
    await pp.locator('[data-testid="lecturer-scroll"] a', { hasText: lecturerName }).first().click();
    await pp.getByRole("tab", { name: "Allocations", exact: true }).click();
    const table = pp.getByRole("table", { name: "Allocations" });
    await table.waitFor();
    const rowOf = async (description: string) => {
      const all = table.locator("tbody tr");
      for (let i = 0; i < (await all.count()); i++) {
        const text =
          (await all.nth(i).locator("td").nth(0).textContent())!.trim() + " | " + (await all.nth(i).locator("td").nth(1).textContent())!.trim();
        if (text === description) return (await all.nth(i).textContent()) ?? "";
      }
      return "";
    };
    await expect.poll(() => rowOf(accepted), { timeout: 10_000 }).toContain("Accepted");
    await expect.poll(() => rowOf(queried), { timeout: 10_000 }).toContain("Queried");
    expect(await rowOf(queried)).toContain("I am on research leave that semester");
    await screenshot(pp, "lecturer-answers-for-planner");
    await planner.context.close();
  });

  test("main pages render (screenshots saved as artifacts)", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Admin");
    await page.getByRole("link", { name: "Lecturers" }).click();
    const names = page.locator('[data-testid="lecturer-scroll"] a');
    await names.first().waitFor();
    await screenshot(page, "lecturers");
    // Search narrows the list to matching names.
    const first = ((await names.first().textContent()) ?? "").trim();
    await page.getByLabel("Search lecturers").fill(first);
    await expect.poll(async () => (await names.allTextContents()).every((n) => n.includes(first))).toBe(true);
    await page.getByLabel("Search lecturers").fill("");
    await page.locator('[data-testid="lecturer-scroll"] a').first().click();
    await page.locator('[data-testid="lecturer-allocated"]').waitFor();
    await screenshot(page, "lecturer-detail");
    for (const [link, name, wait] of [
      ["Modules", "modules", "table"],
      ["Iterations", "iterations", "table"],
      ["Calculation rules", "rules", "table"],
      ["Audit trail", "audit", "table"],
      ["Organisation", "organisation-settings", "form"],
    ] as const) {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link, exact: true }).click();
      await page.locator(`main ${wait}`).first().waitFor();
      await screenshot(page, name);
      if (name === "rules") {
        // The formula is validated as it is typed, with a result on sample values.
        await page.locator('table[aria-label="Rules"] tr').first().click();
        const formula = page.getByLabel("Formula");
        await formula.fill("credits * (2");
        await expect.poll(() => page.getByTestId("formula-status").textContent()).toMatch(/Formula error/);
        await formula.fill("credits * 2");
        await expect.poll(() => page.getByTestId("formula-status").textContent()).toContain("40h");
        await screenshot(page, "rule-editor");
      }
    }
    await context.close();

    const lecturer = await h.newPage();
    await signInAs(lecturer.page, h.webUrl, "Lecturer");
    await lecturer.page.getByRole("heading", { name: "My workload" }).waitFor();
    // The artifact should show the page, not its loading state.
    await lecturer.page.getByRole("table", { name: "Allocations" }).locator("tbody tr").first().waitFor();
    await screenshot(lecturer.page, "my-workload");
    await lecturer.context.close();
  });

  test("no errors in the browser console across the run", () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
