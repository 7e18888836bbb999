// Node actions test app: items the actions read and write.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  items: defineTable({ n: v.number(), by: v.string() }),
});
