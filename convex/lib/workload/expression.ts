/**
 * The formula language of calculation rules: arithmetic over named variables,
 * parsed by jsep (a small, well-kept expression parser) and evaluated by our
 * own tree walker. Nothing is ever run as code (no eval, no new Function), so
 * it is safe for text typed by users and runs in Convex's runtime and the
 * browser alike.
 *
 * Supported: numbers; variables; + - * / % and ^ (power, binds tightest and
 * from the right; -2^2 is 4, as in spreadsheets); unary - + !; parentheses; < <= > >= == != && || (true is 1,
 * false 0); `test ? a : b`; min(...), max(...), ceil(x), floor(x), round(x),
 * abs(x).
 *
 *   const parsed = parseFormula("credits * 2.5 * groups * share");
 *   if (parsed.ok) evaluateFormula(parsed.formula, { credits: 20, groups: 4, share: 0.6 }); // 120
 *
 * Errors carry `position`, the 0-based index in the text, and `reason`; the
 * message counts characters from 1, as people do.
 */
import jsep from "jsep";
import { FORMULA_LIMITS } from "../inputRanges";
import { VARIABLE_NAMES } from "./variables";

// jsep is configured once, here, for this language; nothing else in the app parses with it.
for (const op of ["??", "|", "&", "<<", ">>", ">>>", "===", "!==", "**", "^"]) jsep.removeBinaryOp(op);
jsep.removeUnaryOp("~");
jsep.removeAllLiterals();
jsep.addBinaryOp("^", 11, true);

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...args: number[]) => number }> = {
  min: { arity: [1, Infinity], fn: Math.min },
  max: { arity: [1, Infinity], fn: Math.max },
  ceil: { arity: [1, 1], fn: Math.ceil },
  floor: { arity: [1, 1], fn: Math.floor },
  round: { arity: [1, 1], fn: Math.round },
  abs: { arity: [1, 1], fn: Math.abs },
};
export const FUNCTION_NAMES = Object.keys(FUNCTIONS);

export type FormulaError = { position: number; reason: string; message: string };

/** A parsed formula, ready to evaluate; `variables` are the names it reads. */
export type ParsedFormula = { source: string; ast: jsep.Expression; variables: string[] };

export type ParseResult = { ok: true; formula: ParsedFormula } | { ok: false; error: FormulaError };

function formulaError(position: number, reason: string): FormulaError {
  return { position, reason, message: `Formula error at character ${position + 1}: ${reason}` };
}

/** Thrown by `evaluateFormula` (e.g. a division by zero for these values). */
export class FormulaEvaluationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Parses `source` and checks every name in it: variables must be among
 * `allowed` (the engine's variables by default), functions among the built-ins.
 */
export function parseFormula(source: string, allowed: readonly string[] = VARIABLE_NAMES): ParseResult {
  // Every allocation's hours parse its rule's formula: the few formulas of a year are parsed once.
  if (allowed !== VARIABLE_NAMES) return parseUncached(source, allowed);
  let parsed = parsedFormulas.get(source);
  if (parsed === undefined) {
    if (parsedFormulas.size >= PARSED_FORMULAS_KEPT) parsedFormulas.clear();
    parsed = parseUncached(source, allowed);
    parsedFormulas.set(source, parsed);
  }
  return parsed;
}

/** Parse results by source, for the engine's own variables (pure, never changed after parsing). */
const parsedFormulas = new Map<string, ParseResult>();
const PARSED_FORMULAS_KEPT = 1_000;

function parseUncached(source: string, allowed: readonly string[]): ParseResult {
  if (source.trim() === "") return { ok: false, error: formulaError(0, "The formula is empty.") };
  // Bounded before parsing, so a pathological text cannot exhaust the parser.
  if (source.length > FORMULA_LIMITS.length) {
    return { ok: false, error: formulaError(FORMULA_LIMITS.length, `The formula is too long: at most ${FORMULA_LIMITS.length} characters.`) };
  }
  let ast: jsep.Expression;
  try {
    ast = jsep(source);
  } catch (e) {
    const err = e as Error & { index?: number; description?: string };
    return { ok: false, error: formulaError(err.index ?? 0, `${err.description ?? err.message}.`) };
  }
  const size = measure(ast);
  if (size.depth > FORMULA_LIMITS.depth) {
    return { ok: false, error: formulaError(0, `The formula is nested too deeply: at most ${FORMULA_LIMITS.depth} levels.`) };
  }
  if (size.nodes > FORMULA_LIMITS.nodes) {
    return { ok: false, error: formulaError(0, `The formula is too complex: at most ${FORMULA_LIMITS.nodes} terms.`) };
  }
  const tokens = scanTokens(source);
  const variables = new Set<string>();
  const problem = checkNode(ast, allowed, variables, tokens, source);
  if (problem) return { ok: false, error: problem };
  return { ok: true, formula: { source, ast, variables: [...variables] } };
}

/** Evaluates a parsed formula; throws FormulaEvaluationError for a non-finite result. */
export function evaluateFormula(formula: ParsedFormula, values: Readonly<Record<string, number>>): number {
  const result = evaluate(formula.ast, values);
  if (!Number.isFinite(result)) {
    throw new FormulaEvaluationError("The formula's result is not a finite number (a division by zero?).");
  }
  return result;
}

/** Parse and evaluate against `values` in one step: how a rule is validated on save. */
export function checkFormula(
  source: string,
  values: Readonly<Record<string, number>>,
  allowed: readonly string[] = VARIABLE_NAMES,
): { ok: true; value: number } | { ok: false; error: FormulaError } {
  const parsed = parseFormula(source, allowed);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: evaluateFormula(parsed.formula, values) };
  } catch (e) {
    const reason = e instanceof FormulaEvaluationError ? e.reason : String(e);
    return { ok: false, error: formulaError(0, `With the sample values: ${reason}`) };
  }
}

// --- machinery ---------------------------------------------------------------

/** Depth and node count of a parsed tree. */
function measure(node: jsep.Expression): { depth: number; nodes: number } {
  const children: jsep.Expression[] = [];
  const n = node as any;
  for (const key of ["argument", "left", "right", "test", "consequent", "alternate", "callee", "object", "property"]) {
    if (n[key] && typeof n[key] === "object") children.push(n[key]);
  }
  for (const key of ["arguments", "body", "expressions", "elements"]) {
    if (Array.isArray(n[key])) children.push(...n[key].filter(Boolean));
  }
  let depth = 0;
  let nodes = 1;
  for (const c of children) {
    const m = measure(c);
    depth = Math.max(depth, m.depth);
    nodes += m.nodes;
  }
  return { depth: depth + 1, nodes };
}

type Token = { text: string; index: number; isCall: boolean };

/** Identifiers with their positions, to point at a name jsep's tree does not locate. */
function scanTokens(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      i += Math.max(1, m[0].length);
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(ch)) {
      const m = /^[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/.exec(source.slice(i))!;
      const rest = source.slice(i + m[0].length);
      tokens.push({ text: m[0], index: i, isCall: /^\s*\(/.test(rest) });
      i += m[0].length;
    } else {
      i += 1;
    }
  }
  return tokens;
}

function positionOf(tokens: Token[], name: string, isCall: boolean): number {
  return tokens.find((t) => t.text === name && t.isCall === isCall)?.index ?? 0;
}

function firstIndexOf(source: string, chars: string): number {
  for (let i = 0; i < source.length; i++) if (chars.includes(source[i])) return i;
  return 0;
}

function checkNode(
  node: jsep.Expression,
  allowed: readonly string[],
  variables: Set<string>,
  tokens: Token[],
  source: string,
): FormulaError | null {
  const check = (n: jsep.Expression) => checkNode(n, allowed, variables, tokens, source);
  switch (node.type) {
    case "Literal":
      if (typeof (node as jsep.Literal).value !== "number") {
        return formulaError(firstIndexOf(source, `'"`), "Only numbers are allowed, not text.");
      }
      return null;
    case "Identifier": {
      const name = (node as jsep.Identifier).name;
      if (!allowed.includes(name)) {
        return formulaError(
          positionOf(tokens, name, false),
          `Unknown variable "${name}". Allowed variables: ${allowed.join(", ")}.`,
        );
      }
      variables.add(name);
      return null;
    }
    case "UnaryExpression":
      return check((node as jsep.UnaryExpression).argument);
    case "BinaryExpression": {
      const b = node as jsep.BinaryExpression;
      return check(b.left) ?? check(b.right);
    }
    case "ConditionalExpression": {
      const c = node as jsep.ConditionalExpression;
      return check(c.test) ?? check(c.consequent) ?? check(c.alternate);
    }
    case "CallExpression": {
      const call = node as jsep.CallExpression;
      if (call.callee.type !== "Identifier") {
        return formulaError(firstIndexOf(source, "("), "Only the built-in functions can be called.");
      }
      const name = (call.callee as jsep.Identifier).name;
      const def = FUNCTIONS[name];
      const at = positionOf(tokens, name, true);
      if (!def) {
        return formulaError(at, `Unknown function "${name}". Functions: ${FUNCTION_NAMES.join(", ")}.`);
      }
      const [lo, hi] = def.arity;
      if (call.arguments.length < lo || call.arguments.length > hi) {
        const expected = lo === hi ? `${lo}` : `at least ${lo}`;
        return formulaError(at, `${name}() takes ${expected} argument${lo === 1 && hi === 1 ? "" : "s"}, not ${call.arguments.length}.`);
      }
      for (const arg of call.arguments) {
        const problem = check(arg);
        if (problem) return problem;
      }
      return null;
    }
    case "MemberExpression":
      return formulaError(firstIndexOf(source, ".["), "Properties and indexes (a.b, a[b]) are not allowed.");
    case "ArrayExpression":
      return formulaError(firstIndexOf(source, "["), "Lists ([...]) are not allowed.");
    case "Compound":
    case "SequenceExpression":
      return formulaError(firstIndexOf(source, ",;"), "A formula is one expression; remove the separator.");
    default:
      return formulaError(0, `"${node.type}" is not allowed in a formula.`);
  }
}

const truth = (x: boolean) => (x ? 1 : 0);

function evaluate(node: jsep.Expression, values: Readonly<Record<string, number>>): number {
  switch (node.type) {
    case "Literal":
      return (node as jsep.Literal).value as number;
    case "Identifier": {
      const value = values[(node as jsep.Identifier).name];
      if (typeof value !== "number") {
        throw new FormulaEvaluationError(`No value for "${(node as jsep.Identifier).name}".`);
      }
      return value;
    }
    case "UnaryExpression": {
      const u = node as jsep.UnaryExpression;
      const x = evaluate(u.argument, values);
      if (u.operator === "-") return -x;
      if (u.operator === "!") return truth(x === 0);
      return x;
    }
    case "BinaryExpression": {
      const b = node as jsep.BinaryExpression;
      // && and || short-circuit so a guarded division is never evaluated.
      if (b.operator === "&&") return truth(evaluate(b.left, values) !== 0 && evaluate(b.right, values) !== 0);
      if (b.operator === "||") return truth(evaluate(b.left, values) !== 0 || evaluate(b.right, values) !== 0);
      const l = evaluate(b.left, values);
      const r = evaluate(b.right, values);
      switch (b.operator) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/": return l / r;
        case "%": return l % r;
        case "^": return l ** r;
        case "<": return truth(l < r);
        case "<=": return truth(l <= r);
        case ">": return truth(l > r);
        case ">=": return truth(l >= r);
        case "==": return truth(l === r);
        case "!=": return truth(l !== r);
      }
      throw new FormulaEvaluationError(`Operator "${b.operator}" is not supported.`);
    }
    case "ConditionalExpression": {
      const c = node as jsep.ConditionalExpression;
      return evaluate(c.test, values) !== 0 ? evaluate(c.consequent, values) : evaluate(c.alternate, values);
    }
    case "CallExpression": {
      const call = node as jsep.CallExpression;
      const def = FUNCTIONS[(call.callee as jsep.Identifier).name];
      return def.fn(...call.arguments.map((a) => evaluate(a, values)));
    }
  }
  throw new FormulaEvaluationError(`"${node.type}" is not allowed in a formula.`);
}
