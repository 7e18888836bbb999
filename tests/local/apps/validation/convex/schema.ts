// Validation test app (deliberately without any package.json of its own):
// posts by authors, for argument and return validators of every kind.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  authors: defineTable({ name: v.string() }),
  posts: defineTable({
    title: v.string(),
    authorId: v.id("authors"),
    tags: v.array(v.string()),
    status: v.union(v.literal("draft"), v.literal("published")),
  }),
});
