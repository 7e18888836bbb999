// The department sheet at scale, in Chromium: the generator's next department (Physics), at 400
// modules (400 iterations this year, ~2,000 component rows) and 60
// lecturers, added to the small demo seed (seed:largeDepartment). Measures
// the first render (asked for, data arrived, grid painted) and every long
// task (PerformanceObserver "longtask") while scrolling through the whole
// sheet, down and across; writes the figures to test-results/sheet-scale.json
// and prints them.
//
// Long tasks are wall-clock time: on a machine whose cores are shared with
// other work, a task that computes for 20 ms can last 300 ms waiting for a
// core. So the same scroll is also traced, and each task's CPU time (the
// trace's thread time) is recorded beside it. The limits: the grid's first
// render (data to painted) under 2 s, and no task over 200 ms — of wall time
// when the machine is not oversubscribed (load per core below 1), of CPU time
// always. The end-to-end time (asked for to painted) includes the local
// backend's query, which reads through convex-test's scanning store
// (issue #13 replaces it); it is recorded, not asserted.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT, screenshot, signInAs, startHarness, type Harness } from "./support/harness";

const MODULES = 400;
const LECTURERS = 60;
/** The limits. */
const FIRST_RENDER_LIMIT_MS = 2_000;
const LONG_TASK_LIMIT_MS = 200;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ largeDepartment: `${MODULES}x${LECTURERS}` });
}, 900_000);

afterAll(async () => {
  await h?.stop();
});

type Figures = {
  iterations: number;
  rows: number;
  lecturers: number;
  requestToDataMs: number;
  dataToPaintedMs: number;
  requestToPaintedMs: number;
  longTasksWhileScrolling: number[];
  longestTaskMs: number;
  longestTaskCpuMs: number;
  tasksOver200msCpu: number;
  loadPerCore: number;
  scrolledRows: number;
  scrolledColumns: number;
};

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number };

/** The renderer main thread's tasks (the thread that lays out), wall and CPU time in ms. */
function rendererTasks(events: TraceEvent[]): { wall: number; cpu: number }[] {
  const layoutThreads = new Set(events.filter((e) => e.name === "Layout" || e.name === "UpdateLayoutTree").map((e) => `${e.pid}:${e.tid}`));
  return events
    .filter((e) => e.name === "RunTask" && e.ph === "X" && layoutThreads.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: Math.round((e.dur ?? 0) / 1000), cpu: Math.round((e.tdur ?? 0) / 1000) }));
}

describe("the department sheet at 400 iterations x 60 lecturers", () => {
  test("first render under 2 s, and no long task over 200 ms while scrolling through it", { timeout: 600_000 }, async () => {
    const { context, page } = await h.newPage();
    // Long tasks from the very start of every document, so none is missed.
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask", buffered: true });
    });
    await signInAs(page, h.webUrl, "Planner");
    await page.getByRole("link", { name: "Department sheet" }).click();
    await page.getByTestId("sheet-grid").waitFor();
    // Choose Physics: the sheet is asked for, arrives, and is painted.
    await page.evaluate(() => performance.clearMarks());
    await page.getByLabel("Department", { exact: true }).selectOption({ label: "Physics" });
    await page.waitForFunction(() => performance.getEntriesByName("sheet:painted").length > 0, null, { timeout: 120_000 });
    await page.getByText(/Physics · \d+ iterations · \d+ lecturers/).waitFor();
    const marks = await page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name).at(-1)!.startTime;
      return { requested: at("sheet:requested"), data: at("sheet:data"), painted: at("sheet:painted") };
    });
    await screenshot(page, "sheet-scale-first-render");
    const subtitle = (await page.getByText(/Physics · \d+ iterations/).textContent()) ?? "";
    const [, iterations, lecturers] = /(\d+) iterations · (\d+) lecturers/.exec(subtitle)!.map(Number);
    const rowCount = Number(await page.getByTestId("sheet-grid").getAttribute("aria-rowcount")) - 1;
    const colCount = Number(await page.getByTestId("sheet-grid").getAttribute("aria-colcount")) - 3;
    expect(iterations).toBeGreaterThanOrEqual(MODULES);
    expect(lecturers).toBeGreaterThanOrEqual(LECTURERS);
    expect(rowCount).toBeGreaterThanOrEqual(MODULES * 5);

    // Scroll through all of it as a person would with a wheel: down to the last row, then across to the last lecturer.
    await page.evaluate(() => ((window as unknown as { __longTasks: unknown[] }).__longTasks.length = 0));
    const loadBefore = loadavg()[0];
    await h.browser.startTracing(page, { categories: ["devtools.timeline"] });
    const grid = page.getByTestId("sheet-grid");
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const scrolled = async () => grid.evaluate((el) => ({ top: el.scrollTop, left: el.scrollLeft, height: el.scrollHeight - el.clientHeight, width: el.scrollWidth - el.clientWidth }));
    for (let i = 0; i < 400; i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(16);
      const s = await scrolled();
      if (s.top >= s.height - 1) break;
    }
    for (let i = 0; i < 200; i++) {
      await page.mouse.wheel(600, 0);
      await page.waitForTimeout(16);
      const s = await scrolled();
      if (s.left >= s.width - 1) break;
    }
    await page.waitForTimeout(500);
    const trace = JSON.parse((await h.browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const loadPerCore = Math.max(loadBefore, loadavg()[0]) / cpus().length;
    const tasks = rendererTasks(trace.traceEvents);
    const end = await scrolled();
    await screenshot(page, "sheet-scale-scrolled");
    const lastRow = await page.locator('[role="row"][aria-rowindex]').evaluateAll((rows) => Math.max(...rows.map((r) => Number(r.getAttribute("aria-rowindex")))));
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: { duration: number }[] }).__longTasks.map((t) => Math.round(t.duration)));

    const figures: Figures = {
      iterations,
      rows: rowCount,
      lecturers,
      requestToDataMs: Math.round(marks.data - marks.requested),
      dataToPaintedMs: Math.round(marks.painted - marks.data),
      requestToPaintedMs: Math.round(marks.painted - marks.requested),
      longTasksWhileScrolling: longTasks,
      longestTaskMs: Math.max(0, ...longTasks),
      longestTaskCpuMs: Math.max(0, ...tasks.map((t) => t.cpu)),
      tasksOver200msCpu: tasks.filter((t) => t.cpu >= LONG_TASK_LIMIT_MS).length,
      loadPerCore: Math.round(loadPerCore * 100) / 100,
      scrolledRows: lastRow - 1,
      scrolledColumns: colCount,
    };
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    writeFileSync(join(ROOT, "test-results", "sheet-scale.json"), JSON.stringify(figures, null, 2));
    console.log(`sheet at scale: ${JSON.stringify(figures)}`);

    // The whole sheet was scrolled through, to its last row and last column.
    expect(end.top).toBeGreaterThanOrEqual(end.height - 1);
    expect(end.left).toBeGreaterThanOrEqual(end.width - 1);
    expect(lastRow - 1).toBe(rowCount);
    expect(figures.dataToPaintedMs).toBeLessThan(FIRST_RENDER_LIMIT_MS);
    expect(figures.longestTaskCpuMs).toBeLessThan(LONG_TASK_LIMIT_MS);
    if (loadPerCore < 1) expect(figures.longestTaskMs).toBeLessThan(LONG_TASK_LIMIT_MS);
    else console.log(`the machine was oversubscribed (load ${figures.loadPerCore} per core): wall-clock long tasks recorded, CPU time asserted`);
    expect(h.consoleErrors).toEqual([]);
    await context.close();
  });
});
