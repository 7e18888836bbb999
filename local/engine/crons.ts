// Runs the jobs of the app's `crons.ts` (the default export of `cronJobs()`).
//
// convex-test does not run crons, so we read the `Crons` object's `crons`
// field ({ name: { name: udfPath, args: [json], schedule } }) and keep one
// timer per job. Schedules are in UTC, like Convex's.
//
// Each job's next due time is kept in a `_cron_jobs` document, so it
// survives restarts: a job that came due while the backend was down runs
// once at start-up (however many runs were missed), then on its schedule.
// For a mutation the next due time is written inside the mutation's own
// transaction, so a run interrupted by a stop is run again on start-up and
// a completed one is not; an action's is written before it starts (at most
// once, as for scheduled actions). A job whose definition changed starts
// afresh at its next due time.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Doc as StoredDocument } from "../storage/values.js";
import { clearRootTimeout, rootTimeout, type DirectWriter, type Engine } from "./engine.js";

type Schedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

type CronJob = { name: string; args: JSONValue[]; schedule: Schedule };

/** `_cron_jobs` document: one per job identifier. */
type CronRecord = StoredDocument & { name: string; spec: string; nextRun: number; lastRun?: number };

const TABLE = "_cron_jobs";
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export class CronRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<string>();
  private generation = 0;

  constructor(private readonly engine: Engine) {}

  /**
   * (Re)reads crons.ts, brings the `_cron_jobs` records in line with it and
   * arms every job: at its recorded due time, or now if that has passed.
   * Returns the job identifiers.
   */
  async start(): Promise<string[]> {
    this.stop();
    const generation = ++this.generation;
    const crons = (await this.engine.modules.loadDefault("crons")) as { crons?: Record<string, CronJob> } | undefined;
    const jobs = Object.entries(crons?.crons ?? {});
    const now = Date.now();
    const records = new Map<string, CronRecord>();
    for (const doc of this.engine.documents()) if (doc._id.endsWith(TABLE)) records.set((doc as CronRecord).name, doc as CronRecord);

    const armAt = new Map<string, { recordId: string; at: number }>();
    await this.engine.transact((store) => {
      for (const [name, record] of records) if (!jobs.some(([identifier]) => identifier === name)) store.rawDelete(TABLE, record._id);
      for (const [identifier, job] of jobs) {
        const spec = JSON.stringify([job.name, job.args, job.schedule]);
        const next = nextRunFunction(identifier, job.schedule);
        const record = records.get(identifier);
        if (record === undefined) {
          const at = next(now);
          armAt.set(identifier, { recordId: store.rawInsert(TABLE, { name: identifier, spec, nextRun: at }), at });
        } else if (record.spec !== spec) {
          const at = next(now);
          store.rawPatch(TABLE, record._id, { spec, nextRun: at });
          armAt.set(identifier, { recordId: record._id, at });
        } else {
          // A run in progress across a reload records its own next time.
          armAt.set(identifier, { recordId: record._id, at: this.running.has(identifier) ? next(now) : record.nextRun });
        }
      }
    });
    for (const [identifier, job] of jobs) {
      const { recordId, at } = armAt.get(identifier)!;
      this.arm(generation, identifier, job, recordId, nextRunFunction(identifier, job.schedule), at);
    }
    return jobs.map(([identifier]) => identifier);
  }

  stop(): void {
    this.generation += 1;
    for (const t of this.timers.values()) clearRootTimeout(t);
    this.timers.clear();
  }

  private arm(generation: number, identifier: string, job: CronJob, recordId: string, next: (after: number) => number, at: number): void {
    const timer = rootTimeout(() => {
      if (generation !== this.generation) return;
      // Long delays are capped by setTimeout's range: re-arm until due.
      if (Date.now() < at - 5) return this.arm(generation, identifier, job, recordId, next, at);
      const following = next(Math.max(Date.now(), at));
      void this.runJob(identifier, job, recordId, following).finally(() => {
        if (generation === this.generation) this.arm(generation, identifier, job, recordId, next, following);
      });
    }, Math.max(0, at - Date.now()));
    this.timers.set(identifier, timer);
  }

  private async runJob(identifier: string, job: CronJob, recordId: string, following: number): Promise<void> {
    const args = jsonToConvex(job.args[0] ?? {}) as Record<string, Value>;
    const record = (store: DirectWriter) => {
      if (store.rawGet(recordId) !== null) store.rawPatch(TABLE, recordId, { nextRun: following, lastRun: Date.now() });
    };
    this.running.add(identifier);
    try {
      let kind;
      try {
        kind = (await this.engine.resolve(job.name, "any", true)).kind;
      } catch {
        kind = "action" as const; // the run below reports the error
      }
      const store = this.engine.storeInTransaction;
      if (kind !== "mutation") await this.engine.transact(record);
      const result = await this.engine.run("any", job.name, args, {
        allowInternal: true,
        onLog: (line) => this.engine.printLog(`[cron ${identifier}] ${line}`),
        ...(kind === "mutation" ? { hook: { after: () => record(store) } } : {}),
      });
      if (!result.success) {
        this.engine.printLog(`Cron job ${identifier} (${job.name}) failed: ${result.errorMessage}`);
        if (kind === "mutation" && !this.engine.isClosed()) await this.engine.transact(record);
      }
    } finally {
      this.running.delete(identifier);
    }
  }
}

/** For a schedule, a function from "now" (ms) to the next run time (ms). */
export function nextRunFunction(identifier: string, schedule: Schedule): (after: number) => number {
  switch (schedule.type) {
    case "interval": {
      const ms = ((schedule.seconds ?? 0) + (schedule.minutes ?? 0) * 60 + (schedule.hours ?? 0) * 3600) * 1000;
      return (after) => after + Math.max(ms, 1000);
    }
    case "cron":
      return cronMatcher(schedule.cron);
    default: {
      // The backend picks a minute per job when none is given; a stable hash
      // of the identifier spreads jobs over the hour the same way.
      const minute = schedule.minuteUTC ?? hashMinute(identifier);
      if (schedule.type === "hourly") return cronMatcher(`${minute} * * * *`);
      if (schedule.type === "daily") return cronMatcher(`${minute} ${schedule.hourUTC} * * *`);
      if (schedule.type === "weekly") return cronMatcher(`${minute} ${schedule.hourUTC} * * ${DAYS.indexOf(schedule.dayOfWeek)}`);
      return cronMatcher(`${minute} ${schedule.hourUTC} ${schedule.day} * *`);
    }
  }
}

function hashMinute(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 60;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week,
 * UTC) with `*`, lists, ranges, steps and names. As in Vixie cron, when both
 * day fields are restricted a day matching either one runs.
 */
export function cronMatcher(expression: string): (after: number) => number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Unsupported cron expression "${expression}" (expected 5 fields)`);
  const minutes = parseField(fields[0], 0, 59);
  const hours = parseField(fields[1], 0, 23);
  const doms = parseField(fields[2], 1, 31);
  const months = parseField(fields[3], 1, 12, MONTH_NAMES, 1);
  const dows = parseField(fields[4].replace(/\b7\b/g, "0"), 0, 6, DAY_NAMES, 0);
  const domRestricted = fields[2] !== "*";
  const dowRestricted = fields[4] !== "*";
  return (after) => {
    const d = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
    for (let i = 0; i < 366 * 24 * 60; i++) {
      const dayOk =
        domRestricted && dowRestricted
          ? doms.has(d.getUTCDate()) || dows.has(d.getUTCDay())
          : doms.has(d.getUTCDate()) && dows.has(d.getUTCDay());
      if (months.has(d.getUTCMonth() + 1) && dayOk && hours.has(d.getUTCHours()) && minutes.has(d.getUTCMinutes())) {
        return d.getTime();
      }
      d.setTime(d.getTime() + 60_000);
    }
    throw new Error(`Cron expression "${expression}" never matches`);
  };
}

function parseField(field: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> {
  const out = new Set<number>();
  const value = (s: string) => {
    const byName = names.indexOf(s.toLowerCase());
    const n = byName >= 0 ? byName + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Bad cron field value "${s}"`);
    return n;
  };
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo = min;
    let hi = max;
    if (range !== "*") {
      const [a, b] = range.split("-");
      lo = value(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : value(b);
    }
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}
