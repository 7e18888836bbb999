/**
 * When a schedule fires: a local wall-clock time in an IANA timezone, daily,
 * weekly on an ISO weekday (1 = Monday ... 7 = Sunday) or monthly on a day of
 * the month (31 means the month's last day in shorter months). The next run
 * is an instant in UTC, computed with luxon from the local date, so
 * daylight-saving changes move it with the clocks:
 *   - a local time that does not exist that day (the spring gap, e.g. 01:30
 *     in London on the last Sunday of March) fires once, at the same
 *     distance past the change (02:30 local);
 *   - a local time that happens twice (the autumn overlap) fires once, at
 *     its first occurrence.
 * One candidate instant per local day, strictly after the given moment, is
 * what makes "exactly once" hold on the change days.
 */
import { DateTime, IANAZone } from "luxon";

export type ScheduleTiming = {
  frequency: "daily" | "weekly" | "monthly";
  local_time: string; // "08:00"
  timezone: string;
  weekday?: number;
  day_of_month?: number;
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Why a timing is not valid, or null. */
export function timingProblem(t: ScheduleTiming): string | null {
  if (!IANAZone.isValidZone(t.timezone)) return `"${t.timezone}" is not an IANA timezone (for example Europe/London).`;
  if (!TIME.test(t.local_time)) return `The time must be HH:MM on a 24-hour clock, not "${t.local_time}".`;
  if (t.frequency === "weekly" && !(Number.isInteger(t.weekday) && t.weekday! >= 1 && t.weekday! <= 7)) {
    return "A weekly schedule needs a weekday (1 = Monday ... 7 = Sunday).";
  }
  if (t.frequency === "monthly" && !(Number.isInteger(t.day_of_month) && t.day_of_month! >= 1 && t.day_of_month! <= 31)) {
    return "A monthly schedule needs a day of the month from 1 to 31.";
  }
  return null;
}

/** The instant `local_time` names on one local date in `zone` (see the file's comment for DST days). */
export function localInstant(year: number, month: number, day: number, localTime: string, zone: string): DateTime {
  const [, hh, mm] = TIME.exec(localTime)!;
  const hour = Number(hh);
  const minute = Number(mm);
  // Luxon resolves a time inside the spring gap forwards by the gap, and an
  // ambiguous autumn time to its earlier offset; check the latter explicitly.
  const guess = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  const earlier = guess.minus({ hours: 1 });
  if (earlier.hour === hour && earlier.minute === minute && earlier.day === day) return earlier;
  return guess;
}

function matches(t: ScheduleTiming, date: DateTime): boolean {
  if (t.frequency === "daily") return true;
  if (t.frequency === "weekly") return date.weekday === t.weekday;
  return date.day === Math.min(t.day_of_month ?? 1, date.daysInMonth ?? 28);
}

/** The first firing strictly after `afterMs`, in UTC milliseconds. */
export function nextRunAfter(t: ScheduleTiming, afterMs: number): number {
  const problem = timingProblem(t);
  if (problem) throw new Error(problem);
  let date = DateTime.fromMillis(afterMs, { zone: t.timezone }).startOf("day");
  // A day of the month exists within two months; 400 days is a safe bound.
  for (let i = 0; i < 400; i++) {
    if (matches(t, date)) {
      const at = localInstant(date.year, date.month, date.day, t.local_time, t.timezone).toMillis();
      if (at > afterMs) return at;
    }
    date = date.plus({ days: 1 });
  }
  throw new Error("No firing within 400 days");
}

/** A firing as people read it in the schedule's timezone: "Mon 30 Mar 2026, 08:00 BST". */
export function localLabel(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).setLocale("en-GB").toFormat("ccc d LLL yyyy, HH:mm ZZZZ");
}

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Weekly on Monday at 08:00 (Europe/London)". */
export function describeTiming(t: ScheduleTiming): string {
  const when =
    t.frequency === "daily"
      ? "Daily"
      : t.frequency === "weekly"
        ? `Weekly on ${WEEKDAY_NAMES[(t.weekday ?? 1) - 1]}`
        : `Monthly on day ${t.day_of_month}${(t.day_of_month ?? 1) > 28 ? " (or the month's last day)" : ""}`;
  return `${when} at ${t.local_time} (${t.timezone})`;
}
