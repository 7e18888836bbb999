// Search test app: messages in channels with a search index on the body.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string(), channel: v.string(), pinned: v.boolean() }).searchIndex("search_body", {
    searchField: "body",
    filterFields: ["channel"],
  }),
});
