// Loading test app: a default-exported cron table with one fast job.
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("tick", { seconds: 1 }, internal.notes.tick, {});
export default crons;
