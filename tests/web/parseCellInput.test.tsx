// What a planner may type into an allocation cell, and what each means.
import { describe, expect, test } from "vitest";
import { parseCellInput } from "@/features/allocations/utils/parseCellInput";

describe("parseCellInput", () => {
  test("a number or a percentage is a share", () => {
    expect(parseCellInput("50")).toEqual({ kind: "share", share: 50 });
    expect(parseCellInput(" 37.5% ")).toEqual({ kind: "share", share: 37.5 });
  });
  test("hours with h are an override", () => {
    expect(parseCellInput("12h")).toEqual({ kind: "hours", hours: 12 });
    expect(parseCellInput("7,5 hours")).toEqual({ kind: "hours", hours: 7.5 });
  });
  test("empty or zero removes the allocation", () => {
    expect(parseCellInput("")).toEqual({ kind: "clear" });
    expect(parseCellInput("0")).toEqual({ kind: "clear" });
  });
  test("nonsense and out-of-range values are explained", () => {
    expect(parseCellInput("abc")).toMatchObject({ kind: "invalid" });
    expect(parseCellInput("150")).toEqual({ kind: "invalid", message: "A share is at most 100%." });
  });
});
