// Loading test app: a schema as a default export, under a package.json that
// says "type": "commonjs" (Convex bundles convex/ as ES modules regardless).
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  notes: defineTable({ text: v.string(), source: v.string() }).index("by_source", ["source"]),
});
