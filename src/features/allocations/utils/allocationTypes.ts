/**
 * The shapes the editor works with: one module allocation row as the server
 * sends it (typed from the API, so a renamed field fails the build), and a
 * cell's value.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/lib/api";

export type IterationAllocations = FunctionReturnType<typeof api.workload.allocations.listForIteration>;
export type AllocationRow = IterationAllocations["allocations"][number];

/**
 * What a cell holds: a share, or hours (an override, which needs its reason).
 * Hours typed into an empty cell leave the share to the server (the share the
 * hours are of the component); into a filled cell they keep its share.
 */
export type CellValue = { share?: number; hours_override?: number; override_reason?: string };
