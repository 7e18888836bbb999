// The fault and soak tests' app: cells that many people edit in place (so a
// long run does not grow the data), and an append-only journal whose every
// acknowledged entry must survive kill -9.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  cells: defineTable({ sheet: v.string(), cell: v.number(), value: v.number(), editor: v.string() }).index("by_sheet_and_cell", ["sheet", "cell"]),
  journal: defineTable({ writer: v.string(), seq: v.number(), payload: v.string() }).index("by_writer_and_seq", ["writer", "seq"]),
});
