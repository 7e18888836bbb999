// Collaboration in Chromium against a real local backend (small demo seed):
// two planners racing to fill one empty cell (one allocation, a conflict
// dialog, the dashboard counting one); a tab-separated block pasted into the
// department sheet; the sheet and the editor with the keyboard alone; a
// scoped head of department told why, not shown an empty grid; a lecturer's
// query reaching the head responsible, answered in the app; confirmations
// that state consequences; axe-core over every page; and no errors in the
// browser console across it all.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, seriousA11yViolations, signInAs, startHarness, type A11yViolation, type Harness } from "./support/harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

const hours = (text: string) => Number(text.replace(/[^\d.]/g, ""));

async function allocatedHours(page: Page): Promise<number> {
  await page.getByRole("link", { name: "Dashboard" }).click();
  const stat = page.getByTestId("stat-allocated-hours");
  await stat.waitFor();
  return hours((await stat.textContent()) ?? "");
}

/** Opens the department sheet of a department by name (organisation-wide planners choose it). */
async function openSheet(page: Page, department?: string) {
  await page.getByRole("link", { name: "Department sheet" }).click();
  await page.getByTestId("sheet-grid").waitFor();
  if (department) {
    await page.getByLabel("Department", { exact: true }).selectOption({ label: department });
    await page.getByText(new RegExp(`^${department} · \\d+ iterations`)).waitFor();
  }
  return page.getByTestId("sheet-grid");
}

type Spot = { key: string; r: number; c: number };

/** Empty cells one may edit, drawn on screen, as blocks of `rows` x `cols` (the top-left one's key and place). */
async function emptyBlocks(page: Page, rows: number, cols: number): Promise<Spot[]> {
  return await page.evaluate(
    ({ rows, cols }) => {
      const empty = new Map<string, string>();
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="sheet-grid"] [role="gridcell"]')) {
        if (el.getAttribute("aria-readonly") === "false" && el.getAttribute("aria-label")?.endsWith(": empty")) empty.set(el.dataset.cell!, el.dataset.key!);
      }
      const out = [];
      for (const [place, key] of empty) {
        const [r, c] = place.split("-").map(Number);
        let all = true;
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) all &&= empty.has(`${r + i}-${c + j}`);
        if (all) out.push({ key, r, c });
      }
      return out.sort((a, b) => a.r - b.r || a.c - b.c);
    },
    { rows, cols },
  );
}

const cell = (page: Page, key: string) => page.locator(`[data-testid="sheet-grid"] [role="gridcell"][data-key="${key}"]`);

describe("collaboration", () => {
  test("two planners fill the same empty cell at once: one allocation, the other sees the conflict, the dashboard counts one", async () => {
    const a = await h.newPage();
    const b = await h.newPage();
    await signInAs(a.page, h.webUrl, "Planner", 0);
    await signInAs(b.page, h.webUrl, "Planner", 1);
    const before = await allocatedHours(a.page);
    await openSheet(a.page, "Computer Science");
    await openSheet(b.page, "Computer Science");
    const [spot] = await emptyBlocks(a.page, 1, 1);
    expect(spot).toBeDefined();
    await cell(a.page, spot.key).click();
    await cell(b.page, spot.key).click();
    await a.page.keyboard.type("40");
    await b.page.keyboard.type("60");
    await Promise.all([a.page.keyboard.press("Enter"), b.page.keyboard.press("Enter")]);

    const dialogs = [a.page.getByTestId("conflict-dialog"), b.page.getByTestId("conflict-dialog")];
    await Promise.race(dialogs.map((d) => d.waitFor({ timeout: 15_000 })));
    const loser = (await dialogs[0].isVisible()) ? 0 : 1;
    const winnerValue = loser === 0 ? "60" : "40";
    const loserPage = loser === 0 ? a.page : b.page;
    expect(await loserPage.getByTestId("conflict-theirs").textContent()).toContain(`${winnerValue}% share`);
    expect(await loserPage.getByTestId("conflict-mine").textContent()).toContain(`${loser === 0 ? "40" : "60"}% share`);
    await screenshot(loserPage, "race-conflict");
    await loserPage.getByRole("button", { name: "Keep theirs" }).click();
    // Only one dialog: the winner saved without one.
    expect(await dialogs[1 - loser].isVisible()).toBe(false);

    // Both sheets show the winner's value; the dashboard grew by that one allocation's hours.
    for (const page of [a.page, b.page]) await expect.poll(() => cell(page, spot.key).getAttribute("aria-label"), { timeout: 10_000 }).toContain(`${winnerValue}%`);
    const label = (await cell(a.page, spot.key).getAttribute("aria-label"))!;
    const winnerHours = Number(/%, ([\d.,]+)h/.exec(label)![1].replace(/,/g, ""));
    expect(winnerHours).toBeGreaterThan(0);
    await expect.poll(async () => Math.abs((await allocatedHours(a.page)) - before - winnerHours), { timeout: 10_000 }).toBeLessThan(0.11);
    await a.context.close();
    await b.context.close();
  });

  test("a block pasted from a spreadsheet is previewed, needs one reason for its hours, and creates those allocations", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Planner");
    const grid = await openSheet(page, "Computer Science");
    const [spot] = await emptyBlocks(page, 2, 2);
    expect(spot).toBeDefined();
    await cell(page, spot.key).click();
    // What Excel or LibreOffice put on the clipboard for a 2 x 2 block.
    await grid.evaluate((el) => {
      const data = new DataTransfer();
      data.setData("text/plain", "30\t20\r\n15\t10h\r\n");
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const preview = page.getByTestId("block-preview");
    await preview.waitFor();
    await expect.poll(() => page.getByRole("dialog", { name: "Paste into the sheet" }).textContent(), { timeout: 10_000 }).toContain("4 new, 0 changed, 0 emptied");
    const apply = page.getByTestId("apply-block");
    expect(await apply.isDisabled()).toBe(true); // the hours need their reason first
    await page.getByLabel(/Reason for the hours overrides/).fill("Agreed at the teaching meeting");
    await screenshot(page, "paste-preview");
    await apply.click();
    await preview.waitFor({ state: "detached" });
    const at = (dr: number, dc: number) => page.locator(`[data-testid="sheet-grid"] [data-cell="${spot.r + dr}-${spot.c + dc}"]`);
    await expect.poll(() => at(0, 0).getAttribute("aria-label"), { timeout: 10_000 }).toMatch(/: 30%, /);
    expect(await at(0, 1).getAttribute("aria-label")).toMatch(/: 20%, /);
    expect(await at(1, 0).getAttribute("aria-label")).toMatch(/: 15%, /);
    // Hours into an empty cell: an override of 10 h with the share those hours are of the component.
    expect(await at(1, 1).getAttribute("aria-label")).toMatch(/: \d+(\.\d)?%, 10h \(override\)$/);
    await screenshot(page, "paste-applied");
    await context.close();
  });

  test("the sheet and the editor work with the keyboard alone", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Planner");
    const grid = await openSheet(page, "Computer Science");
    const [spot] = await emptyBlocks(page, 1, 1);
    // Into the grid from the last filter with Tab, to the empty cell with the arrows.
    await page.getByLabel("Every group row").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("sheet-grid");
    await page.keyboard.press("Control+Home");
    for (let i = 0; i < spot.r; i++) await page.keyboard.press("ArrowDown");
    for (let i = 0; i < spot.c; i++) await page.keyboard.press("ArrowRight");
    expect(await grid.getAttribute("aria-activedescendant")).toBe(await cell(page, spot.key).getAttribute("id"));
    await page.keyboard.type("25");
    await page.keyboard.press("Enter");
    await expect.poll(() => cell(page, spot.key).getAttribute("aria-label"), { timeout: 10_000 }).toMatch(/: 25%, /);
    // Back up and undo it, still from the keyboard.
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Control+z");
    await expect.poll(() => cell(page, spot.key).getAttribute("aria-label"), { timeout: 10_000 }).toMatch(/: empty$/);
    await screenshot(page, "sheet-keyboard");

    // The editor: Tab from the iteration search reaches the grid's active cell; Enter edits, Escape leaves it as it was.
    await page.getByRole("link", { name: "Allocation editor" }).click();
    await page.locator('ul[aria-label="Iterations"] a').first().click();
    await page.locator('[role="grid"]').first().waitFor();
    await page.getByLabel("Find an iteration").focus();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.getAttribute("role") === "gridcell")) break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("gridcell");
    const before = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press("Enter");
    await page.keyboard.type("5");
    await page.keyboard.press("Escape");
    // The grid puts focus back on the cell in the next animation frame.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 5_000 }).toBe(before);
    await context.close();
  });

  test("a head scoped to Computer Science is told why, never shown an empty grid", async () => {
    const planner = await h.newPage();
    await signInAs(planner.page, h.webUrl, "Planner");
    await openSheet(planner.page, "Mathematics");
    const mathsSheet = planner.page.url();
    await planner.context.close();

    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Head of Department");
    await page.getByRole("link", { name: "Allocation editor" }).click();
    await page.locator('ul[aria-label="Iterations"] a', { hasText: /^MA/ }).first().click();
    const notes = page.getByTestId("read-only-note");
    await notes.first().waitFor();
    const text = (await notes.allTextContents()).join(" ");
    expect(text).toContain("Mathematics is outside your department.");
    expect(text).toContain("only allocations of lecturers you may see are shown");
    expect(await page.getByText("Nobody is allocated to this iteration yet").count()).toBe(0);
    await screenshot(page, "scoped-head-other-department");

    // Another department's sheet says why, and offers no pointless "Try again".
    await page.goto(mathsSheet);
    const error = page.getByTestId("error-state");
    await error.waitFor();
    expect(await error.textContent()).toContain("Mathematics is outside your department: you can open the sheet of your own.");
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(0);
    await screenshot(page, "scoped-head-sheet-refused");
    // Their own sheet opens, scoped without a choice.
    await openSheet(page);
    await page.getByText(/^Computer Science · \d+ iterations/).waitFor();
    await context.close();
  });

  test("a lecturer's query reaches the head responsible, who answers in the app; the lecturer sees the answer", async () => {
    const lecturer = await h.newPage();
    await signInAs(lecturer.page, h.webUrl, "(Lecturer)");
    const lp = lecturer.page;
    await lp.getByRole("link", { name: "My workload" }).click();
    const rows = lp.getByRole("table", { name: "Allocations" }).locator("tbody tr");
    await rows.first().waitFor();
    const queried = (await rows.nth(0).locator("td").nth(0).textContent())!.trim();
    await rows.nth(0).getByRole("button", { name: "Query" }).click();
    const dialog = lp.getByRole("dialog", { name: "Query this allocation" });
    await dialog.getByLabel("Comment for the planner").fill("I teach this with a colleague now");
    await dialog.getByRole("button", { name: "Send query" }).click();
    await dialog.waitFor({ state: "hidden" });

    const head = await h.newPage();
    const hp = head.page;
    await signInAs(hp, h.webUrl, "Head of Department");
    await hp.getByRole("link", { name: "Notifications" }).first().click();
    await hp.getByText(/queried an allocation/).first().waitFor({ timeout: 15_000 });
    await hp.getByRole("link", { name: "Queries" }).click();
    const item = hp.getByTestId("open-query").filter({ hasText: "I teach this with a colleague now" });
    await item.waitFor();
    expect(await item.textContent()).toContain(queried.slice(0, 7));
    await item.getByLabel(/Answer for/).fill("Agreed: we will split it 50/50 next week");
    await screenshot(hp, "queries");
    await item.getByRole("button", { name: "Send answer" }).click();
    await hp.getByText("Answered by").first().waitFor({ timeout: 10_000 });
    await head.context.close();

    await lp.reload();
    await lp.getByTestId("planner-reply").first().waitFor({ timeout: 15_000 });
    expect(await lp.getByTestId("planner-reply").first().textContent()).toContain("Agreed: we will split it 50/50 next week");
    // Accept all the rest at once.
    await lp.getByRole("button", { name: /Accept all open/ }).click();
    await lp.getByText(/^Accepted \d+ allocations?$/).waitFor();
    await screenshot(lp, "my-workload-answer");
    await lecturer.context.close();
  });

  test("changing a rule of the active year and revoking a role first say what they change", async () => {
    const { context, page } = await h.newPage();
    await signInAs(page, h.webUrl, "Admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calculation rules", exact: true }).click();
    await page.locator('table[aria-label="Rules"] tr', { hasText: "Module leadership" }).first().click();
    const formula = page.getByLabel("Formula");
    await formula.fill("(15 + 0.01 * students");
    expect(await page.getByRole("button", { name: "Save rule" }).isDisabled()).toBe(true);
    await formula.fill("(20 + 0.01 * students) * share");
    expect(await page.getByTestId("formula-status").textContent()).toContain("Valid");
    await page.getByRole("button", { name: "Save rule" }).click();
    const confirm = page.getByRole("dialog", { name: /Change a rule of 2026\/27/ });
    await confirm.waitFor();
    await expect.poll(() => confirm.getByTestId("rule-impact").textContent(), { timeout: 15_000 }).toMatch(/\d+ allocations of \d+ lecturers would change/);
    await screenshot(page, "rule-confirmation");
    await confirm.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("link", { name: "Users & invitations" }).click();
    const revoke = page.getByRole("button", { name: /^Revoke Planner from / }).first();
    await revoke.click();
    const dialog = page.getByRole("dialog", { name: "Revoke this role?" });
    await dialog.waitFor();
    expect(await dialog.getByTestId("revoke-consequences").textContent()).toContain("create, edit and delete allocations");
    await screenshot(page, "revoke-confirmation");
    await dialog.getByRole("button", { name: "Keep the role" }).click();
    await context.close();
  });

  test("axe-core finds no serious or critical accessibility problems on any page", { timeout: 900_000 }, async () => {
    const found: A11yViolation[] = [];
    const check = async (page: Page, name: string) => {
      const started = Date.now();
      const violations = await seriousA11yViolations(page, name);
      console.log(`axe: ${name}: ${violations.length} serious or critical (${Date.now() - started} ms)`);
      found.push(...violations);
    };
    const admin = await h.newPage();
    const ap = admin.page;
    await signInAs(ap, h.webUrl, "Admin");
    await ap.getByTestId("stat-allocated-hours").waitFor();
    await check(ap, "dashboard");
    const nav = ap.getByRole("navigation", { name: "Main" });
    const links = await nav.getByRole("link").allTextContents();
    for (const label of links.map((l) => l.trim()).filter((l) => l && l !== "Dashboard")) {
      await nav.getByRole("link", { name: label, exact: true }).click();
      await ap.waitForLoadState("networkidle").catch(() => {});
      await ap.locator("main").first().waitFor();
      await ap.waitForTimeout(600);
      await check(ap, label);
    }
    // Pages reached from lists: a lecturer, an iteration, a module, a course, the editor with an iteration.
    for (const [list, link, name] of [
      ["Lecturers", '[data-testid="lecturer-scroll"] a', "lecturer detail"],
      ["Iterations", "main table tbody a", "iteration detail"],
      ["Modules", "main table tbody a", "module detail"],
      ["Courses & cohorts", "main table tbody a", "course detail"],
      ["Allocation editor", 'ul[aria-label="Iterations"] a', "allocation editor"],
    ] as const) {
      await nav.getByRole("link", { name: list, exact: true }).click();
      await ap.locator(link).first().click();
      await ap.waitForTimeout(800);
      await check(ap, name);
    }
    await admin.context.close();

    const lecturer = await h.newPage();
    await signInAs(lecturer.page, h.webUrl, "(Lecturer)");
    await lecturer.page.getByRole("table", { name: "Allocations" }).waitFor();
    await check(lecturer.page, "my workload (lecturer)");
    await lecturer.context.close();

    const head = await h.newPage();
    await signInAs(head.page, h.webUrl, "Head of Department");
    await head.page.getByRole("link", { name: "Allocation editor" }).click();
    await head.page.locator('ul[aria-label="Iterations"] a', { hasText: /^MA/ }).first().click();
    await head.page.getByTestId("read-only-note").first().waitFor();
    await check(head.page, "editor, another department (head)");
    await head.context.close();

    // The sign-in page.
    const anon = await h.newPage();
    await anon.page.goto(h.webUrl);
    await anon.page.locator('[data-testid="dev-user"]').first().waitFor();
    await check(anon.page, "sign in");
    await anon.context.close();

    if (found.length) console.log(JSON.stringify(found, null, 2));
    expect(found).toEqual([]);
  });

  test("no errors in the browser console across the run", () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
