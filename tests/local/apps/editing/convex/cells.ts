// Cells of a sheet: read a sheet, edit one cell in place.
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";

export const sheet = query({
  args: { sheet: v.string() },
  handler: async (ctx, { sheet }) => {
    const identity = await ctx.auth.getUserIdentity();
    const cells = await ctx.db.query("cells").withIndex("by_sheet_and_cell", (q) => q.eq("sheet", sheet)).collect();
    return { viewer: identity?.subject ?? null, total: cells.reduce((s, c) => s + c.value, 0), cells: cells.map((c) => [c.cell, c.value]) };
  },
});

export const set = mutation({
  args: { sheet: v.string(), cell: v.number(), value: v.number() },
  handler: async (ctx, { sheet, cell, value }) => {
    const editor = (await ctx.auth.getUserIdentity())?.subject ?? "anonymous";
    const existing = await ctx.db.query("cells").withIndex("by_sheet_and_cell", (q) => q.eq("sheet", sheet).eq("cell", cell)).unique();
    if (existing) await ctx.db.patch(existing._id, { value, editor });
    else await ctx.db.insert("cells", { sheet, cell, value, editor });
    return value;
  },
});

/** Reads a cell and writes nothing (a mutation that does not move the clock). */
export const peek = mutation({
  args: { sheet: v.string(), cell: v.number() },
  handler: async (ctx, { sheet, cell }) =>
    (await ctx.db.query("cells").withIndex("by_sheet_and_cell", (q) => q.eq("sheet", sheet).eq("cell", cell)).unique())?.value ?? null,
});
