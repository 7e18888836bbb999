// Scheduling test app: a heartbeat every two seconds.
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("heartbeat", { seconds: 2 }, internal.jobs.heartbeat, {});
export default crons;
