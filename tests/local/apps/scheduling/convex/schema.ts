// Scheduling test app: what scheduled jobs and the cron leave behind.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  results: defineTable({ label: v.string() }),
  beats: defineTable({ at: v.number() }),
});
