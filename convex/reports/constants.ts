/**
 * The reports' technical constants: page sizes that keep every read of a
 * report's action well inside a quarter of Convex's transaction limits
 * (JOB_BATCH_BUDGET, lib/jobs.ts) at the largest organisation, retention and
 * retry defaults an organisation may override.
 */

/** Totals rows (one per lecturer, with their profile) per page. */
export const TOTALS_PAGE = 400;
/** Lecturers per allocation page (each has at most ~50 allocations, each priced through the loader). */
export const ALLOCATION_LECTURERS_PAGE = 20;
/** Modules per page when reading a department's modules (each with its iterations, groups and allocations). */
export const MODULES_PAGE = 10;
/** Iterations per page of an organisation-wide coverage read. */
export const ITERATIONS_PAGE = 40;
/** Allocations per page of an organisation-wide export. */
export const ALLOCATIONS_PAGE = 300;
/** Lecturers per staff export page. */
export const STAFF_PAGE = 300;

/** Days a report's files are kept when the organisation has not chosen. */
export const REPORT_RETENTION_DAYS_DEFAULT = 30;
export const DAY_MS = 86_400_000;

/** Send attempts per email before it is given up, and the first retry's delay (doubling after). */
export const EMAIL_MAX_ATTEMPTS = 5;
export const EMAIL_RETRY_BASE_MS = 60_000;
/** Jitter added to a retry's delay, as a fraction of it, so retries of many recipients spread out. */
export const EMAIL_RETRY_JITTER = 0.2;

/** "Immediate" allocation emails wait this long and carry everything that happened meanwhile. */
export const NOTIFICATION_COALESCE_MS = 10 * 60_000;
/** Events one notification email lists in full; the rest are counted. */
export const NOTIFICATION_EMAIL_LIST_CAP = 50;
/** Local hour (in the organisation's timezone) at which daily digests go out. */
export const DIGEST_LOCAL_HOUR = 7;

/** Schedules the cron claims per run; more wait for the next minute. */
export const SCHEDULES_PER_CRON = 20;
