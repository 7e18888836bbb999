/**
 * The formula language: what it computes, and how it refuses what it cannot
 * (with the position and a reason a planner can act on).
 */
import { describe, expect, test } from "vitest";
import { checkFormula, evaluateFormula, parseFormula, sampleVariables } from "../../../convex/lib/workload";

const value = (formula: string, vars: Record<string, number> = {}) => {
  const parsed = parseFormula(formula);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return evaluateFormula(parsed.formula, { ...sampleVariables(), ...vars });
};

describe("evaluation", () => {
  test("arithmetic, precedence and power", () => {
    expect(value("credits * 2.5 * groups * share", { credits: 20, groups: 4, share: 0.6 })).toBe(120);
    expect(value("2 + 3 * 4")).toBe(14);
    expect(value("2 + 3 ^ 2")).toBe(11);
    expect(value("2 ^ 3 ^ 2")).toBe(512); // right-associative
    expect(value("(2 + 3) * 4")).toBe(20);
    expect(value("-credits + 30", { credits: 20 })).toBe(10);
    expect(value("students % group_size", { students: 120, group_size: 25 })).toBe(20);
  });

  test("comparisons and the conditional", () => {
    expect(value("first_time ? 6.5 : 3.5", { first_time: 1 })).toBe(6.5);
    expect(value("first_time ? 6.5 : 3.5", { first_time: 0 })).toBe(3.5);
    expect(value("students > 100 && intakes >= 2 ? 60 : 40", { students: 120, intakes: 2 })).toBe(60);
    expect(value("students == 120")).toBe(1);
    expect(value("!first_time", { first_time: 0 })).toBe(1);
  });

  test("functions", () => {
    expect(value("ceil(students / group_size)", { students: 120, group_size: 25 })).toBe(5);
    expect(value("min(40, credits * 2)", { credits: 30 })).toBe(40);
    expect(value("max(1, 2, 3)")).toBe(3);
    expect(value("floor(2.7) + round(2.5) + abs(-1)")).toBe(6);
  });
});

describe("refusals", () => {
  const refused = (formula: string) => {
    const r = parseFormula(formula);
    if (r.ok) throw new Error(`expected ${formula} to be refused`);
    return r.error;
  };

  test("a syntax error gives its position and reason", () => {
    expect(refused("credits * * 2")).toEqual({
      position: 10,
      reason: "Expected expression after *.",
      message: "Formula error at character 11: Expected expression after *.",
    });
    expect(refused("max(1, 2").reason).toBe("Expected ).");
    expect(refused("").reason).toBe("The formula is empty.");
  });

  test("an unknown variable is named and the allowed ones listed", () => {
    const e = refused("credits * tutors");
    expect(e.position).toBe(10);
    expect(e.reason).toContain('Unknown variable "tutors"');
    expect(e.reason).toContain("credits, level, students, groups, group_size, contact_hours");
  });

  test("unknown functions, wrong arity, text, properties and code are refused", () => {
    expect(refused("sqrt(students)").reason).toMatch(/^Unknown function "sqrt"/);
    expect(refused("round(1, 2)").reason).toBe("round() takes 1 argument, not 2.");
    expect(refused("'forty'").reason).toBe("Only numbers are allowed, not text.");
    expect(refused("students.length").reason).toMatch(/not allowed/);
    expect(refused("constructor.constructor('return 1')()").reason).toBe("Only the built-in functions can be called.");
    expect(refused("credits; students").reason).toMatch(/one expression/);
  });

  test("a formula that cannot be evaluated with the samples is refused on save", () => {
    const r = checkFormula("credits / (groups - 4)", sampleVariables());
    expect(r.ok).toBe(false);
  });
});
