// Refused: the schema is exported, but not as the default export.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const schema = defineSchema({ notes: defineTable({ text: v.string() }) });
