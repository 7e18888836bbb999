/**
 * Recurring jobs. The local backend reads this same default export and runs
 * the jobs on their schedules, as Convex does in production.
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// Presence rows of editors that vanished without saying goodbye.
crons.interval("sweep stale presence", { minutes: 1 }, internal.collaboration.presence.sweep, {});

// Jobs whose next step was lost (a failed schedule, a backend restart) continue from where they were.
crons.interval("restart stalled jobs", { minutes: 1 }, internal.jobs.runner.watchdog, {});

// Years whose organisation set an automatic rollover date start their rollover that day (structure/rollover.ts).
crons.interval("automatic year rollover", { hours: 1 }, internal.structure.rollover.autoStart, {});

// Scheduled reports whose time has come are claimed once each and sent.
crons.interval("send due scheduled reports", { minutes: 1 }, internal.reports.schedules.tick, {});

// Report files past the organisation's retention period are deleted.
crons.daily("delete expired report files", { hourUTC: 3, minuteUTC: 15 }, internal.reports.executions.purgeExpired, {});

// Daily digests of allocation changes, at the hour each organisation's local time reaches it.
crons.hourly("send daily notification digests", { minuteUTC: 0 }, internal.reports.notifyEmails.dailyDigests, {});

export default crons;
