// System tables test app: a table the scheduled jobs write to.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  done: defineTable({ label: v.string(), ownState: v.optional(v.string()) }),
});
