/** A job as the server shows it (jobs/jobs:get): progress per phase, result, error, who started it. */
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/lib/api";

export type JobView = FunctionReturnType<typeof api.jobs.jobs.get>;
