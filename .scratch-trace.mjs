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
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
const box = await page.getByTestId("sheet-grid").boundingBox();
await page.mouse.move(box.x + 300, box.y + 200);
for (let i = 0; i < 60; i++) { await page.mouse.wheel(0, 600); await page.waitForTimeout(16); }
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents;
const main = events.filter((e) => e.name === "RunTask" && e.ph === "X" && e.dur);
// the renderer main thread: the thread with the most RunTask time among those with "ParseHTML"/"Layout"
const byThread = new Map();
for (const e of events) if (e.name === "Layout" || e.name === "UpdateLayoutTree") byThread.set(`${e.pid}:${e.tid}`, 1);
const tasks = main.filter((e) => byThread.has(`${e.pid}:${e.tid}`));
tasks.sort((a, b) => b.dur - a.dur);
console.log("tasks", tasks.length, "top wall/cpu ms:", tasks.slice(0, 12).map((t) => `${Math.round(t.dur / 1000)}/${Math.round((t.tdur ?? 0) / 1000)}`).join(" "));
const sum = (name) => Math.round(events.filter((e) => e.name === name && e.ph === "X" && byThread.has(`${e.pid}:${e.tid}`)).reduce((s, e) => s + (e.tdur ?? e.dur ?? 0), 0) / 1000);
console.log("cpu ms: Layout", sum("Layout"), "Style", sum("UpdateLayoutTree"), "Paint", sum("Paint"), "Script", sum("FunctionCall") + sum("EventDispatch"), "RunTask total cpu", Math.round(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1000), "wall", Math.round(tasks.reduce((s, t) => s + t.dur, 0) / 1000));
await browser.close();
