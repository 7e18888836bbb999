import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
await page.goto("http://127.0.0.1:4810/");
await page.locator('[data-testid="dev-user"]', { hasText: "Priya" }).first().click();
await page.locator('[data-testid="current-user"]').waitFor();
await page.goto("http://127.0.0.1:4810/sheet");
await page.getByTestId("sheet-grid").waitFor();
await page.getByLabel("Department", { exact: true }).selectOption({ label: "Data Science" });
await page.getByText(/Data Science · \d+ iterations/).waitFor({ timeout: 60000 });
await page.waitForTimeout(2000);
const r = await page.getByTestId("sheet-grid").evaluate(async (el) => {
  const times = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    el.scrollTop += 600;
    el.dispatchEvent(new Event("scroll"));
    const t1 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t2 = performance.now();
    times.push([Math.round(t1 - t0), Math.round(t2 - t0)]);
  }
  return times;
});
console.log(JSON.stringify(r));
await browser.close();
