/**
 * Property-based fuzzing of every public mutation (fast-check): inputs are
 * generated from the function's own argument validator (ids from the
 * fixture, texts and numbers at random) and then broken in one place — NaN,
 * ±Infinity (which pass `v.number()`), ±1e12 (outside every stated range),
 * a text longer than any field, an id of another table or of another
 * organisation, a malformed id, a missing or an extra field, a value of the
 * wrong type. Each must be refused, either by the argument validator or with
 * a ConvexError carrying a code (never a TypeError or a plain Error), and
 * nothing may change: the whole database is compared before and after each
 * function's run (a refused mutation is rolled back, so one leaked write
 * would show). The two kinds of refusal are counted apart.
 *
 * Inputs per mutation: 1,000 in `npm test` (about two minutes for every
 * mutation, the fixture being built once per file), 10,000 under
 * `npm run test:long` (WW_LONG=1); FUZZ_RUNS overrides both. The counts are printed (ACCESS-FUZZ ...) for the record.
 */
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { ERROR_CODES } from "../../../convex/lib/errors";
import { backendTemplate, identity } from "../harness";
import { objectFor, validArgs } from "./args";
import { diff, describe as describeChanges, dump } from "./dump";
import { expected, type World } from "./expectations";
import { buildFixture, CALLERS, emailOf, type Fixture } from "./fixture";
import { publicFunctions, type PublicFunction, type ValidatorJson } from "./functions";
import { printTally, recordFuzz } from "./tally";

const FUZZ_RUNS_DEFAULT = 1_000;
const FUZZ_RUNS_LONG = 10_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.WW_LONG ? FUZZ_RUNS_LONG : FUZZ_RUNS_DEFAULT));
const MUTATIONS = publicFunctions().filter((f) => f.type === "mutation");
const HUGE = "x".repeat(20_000);

type Fields = Record<string, { fieldType: ValidatorJson; optional: boolean }>;

/** A random value of the validator's type (ids: the fixture's rows). */
function arbitrary(v: ValidatorJson, field: string, fx: Fixture, fn: PublicFunction): fc.Arbitrary<unknown> {
  const valid = objectFor({ [field]: { fieldType: v, optional: false } }, { fx, fn })[field];
  switch (v.type) {
    case "id":
      return fc.constant(valid);
    case "string":
      return fc.oneof(fc.constant(valid), fc.string({ maxLength: 12 }));
    case "number":
    case "float64":
      return fc.oneof(fc.constant(valid), fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 100 }));
    case "boolean":
      return fc.boolean();
    case "literal":
    case "null":
      return fc.constant(valid);
    case "union":
      return fc.oneof(...(v.value as ValidatorJson[]).map((o) => arbitrary(o, field, fx, fn)));
    case "array":
      return fc.array(arbitrary(v.value, field, fx, fn), { maxLength: 2 });
    case "record": {
      // A record's JSON names its values' validator as `values.fieldType` (older shapes: `value`).
      const values = ((v as any).values?.fieldType ?? v.value) as ValidatorJson;
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), arbitrary(values, field, fx, fn), { maxKeys: 2 });
    }
    case "object":
      return objectArbitrary(v.value, fx, fn);
  }
  return fc.constant(valid);
}

function objectArbitrary(fields: Fields, fx: Fixture, fn: PublicFunction): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [name, { fieldType, optional }] of Object.entries(fields)) {
    parts[name] = name === "paginationOpts" ? fc.constant({ numItems: 10, cursor: null }) : arbitrary(fieldType, name, fx, fn);
    if (!optional) required.push(name);
  }
  return fc.record(parts, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}

type Leaf = { path: (string | number)[]; validator: ValidatorJson; optional: boolean; parentFields?: Fields };

/** Every place a value sits in `value`, with its validator. */
function leaves(value: unknown, v: ValidatorJson, path: (string | number)[] = [], optional = false): Leaf[] {
  const out: Leaf[] = [{ path, validator: v, optional }];
  if (v.type === "object" && value && typeof value === "object") {
    for (const [name, { fieldType, optional: opt }] of Object.entries(v.value as Fields)) {
      if ((value as any)[name] !== undefined) out.push(...leaves((value as any)[name], fieldType, [...path, name], opt));
    }
  } else if (v.type === "array" && Array.isArray(value)) {
    value.forEach((item, i) => out.push(...leaves(item, v.value, [...path, i])));
  } else if (v.type === "union") {
    const member = (v.value as ValidatorJson[]).find((o) => matches(value, o));
    if (member && member.type !== "union") return [{ path, validator: member, optional }, ...leaves(value, member, path, optional).slice(1)];
  }
  return out;
}

function matches(value: unknown, v: ValidatorJson): boolean {
  if (v.type === "null") return value === null;
  if (v.type === "number" || v.type === "float64") return typeof value === "number";
  if (v.type === "string" || v.type === "id") return typeof value === "string";
  if (v.type === "boolean") return typeof value === "boolean";
  if (v.type === "literal") return value === v.value;
  if (v.type === "array") return Array.isArray(value);
  if (v.type === "object" || v.type === "record") return !!value && typeof value === "object" && !Array.isArray(value);
  return false;
}

type Breakage = { kind: string; apply: (value: unknown) => unknown } | { kind: "missing" } | { kind: "extra" };

/** Ways to break the value at a leaf; each is invalid whatever the rest of the input. */
function breakages(leaf: Leaf, fx: Fixture): Breakage[] {
  const v = leaf.validator;
  const out: Breakage[] = [];
  const set = (kind: string, value: unknown) => out.push({ kind, apply: () => value });
  if (v.type === "number" || v.type === "float64") {
    for (const [kind, x] of [["NaN", NaN], ["+Infinity", Infinity], ["-Infinity", -Infinity], ["-1e12", -1e12], ["+1e12", 1e12]] as const) set(kind, x);
  }
  if (v.type === "string") {
    set("huge string", HUGE);
    set("wrong type", 42);
  }
  if (v.type === "id") {
    const table = v.tableName!;
    const otherTable = table === "modules" ? fx.rows.sites : fx.rows.modules;
    if (table !== "_storage") set("id of another table", otherTable);
    const foreign = (fx.foreign as any)[table];
    if (foreign) set("id of another organisation", foreign);
    set("malformed id", "not-an-id");
  }
  if (v.type === "boolean") set("wrong type", "yes");
  if (v.type === "literal") set("unknown value", `${String(v.value)}-unknown`);
  if (v.type === "null") set("wrong type", {});
  if (v.type === "object") out.push({ kind: "extra" });
  if (leaf.path.length > 0 && !leaf.optional && typeof leaf.path[leaf.path.length - 1] === "string") out.push({ kind: "missing" });
  return out;
}

function applyAt(root: Record<string, unknown>, leaf: Leaf, b: Breakage): Record<string, unknown> {
  const copy = structuredClone(root);
  if (leaf.path.length === 0) {
    if (b.kind === "extra") (copy as any).__extra_field = 1;
    return copy;
  }
  let parent: any = copy;
  for (const key of leaf.path.slice(0, -1)) parent = parent[key];
  const last = leaf.path[leaf.path.length - 1];
  if (b.kind === "missing") delete parent[last];
  else if (b.kind === "extra") parent[last] = { ...parent[last], __extra_field: 1 };
  else parent[last] = (b as any).apply(parent[last]);
  return copy;
}

// Refused before the handler runs: by the argument validator, or by Convex's
// own encoding of the arguments (a record key such as "$x" is not a valid field name).
const isValidatorError = (e: any) =>
  !e?.data && /validator|ArgumentValidationError|Field name .* starts with a '\$', which is reserved/i.test(String(e?.message));

/** The fixture is built once per file; each mutation starts from a copy of it. */
const fixture = backendTemplate(buildFixture);

afterAll(() => printTally("fuzz"));

describe(`fuzzing every public mutation with ${RUNS} broken inputs each`, () => {
  test("finds the public mutations", () => expect(MUTATIONS.length).toBeGreaterThan(100));

  for (const fn of MUTATIONS) {
    test(fn.name, { timeout: 600_000 }, async () => {
      const { t, value: fx } = await fixture();
      // The broadest caller the function allows, so a refusal is the input's doing, not the caller's.
      const base = await validArgs(t, fx, fn);
      const w: World = { fx, entity: () => null };
      const caller = fn.meta.kind === "authed" ? "admin" : CALLERS.find((c) => expected(fn, c, w, { reads: [], writes: [] }).ok) ?? "admin";
      const client = t.withIdentity(identity(emailOf(caller)));
      const before = await dump(t);
      const byCode: Record<string, number> = {};
      const kinds: Record<string, number> = {};
      let validator = 0;
      const spec = fn.args as ValidatorJson;
      const input = objectArbitrary(spec.value, fx, fn).chain((random) => {
        // Start from the valid arguments with random values in some fields, then break one place.
        const merged = { ...base, ...random, organisationId: base.organisationId };
        const all = leaves(merged, spec).flatMap((leaf) => breakages(leaf, fx).map((b) => ({ leaf, b })));
        return fc.constantFrom(...all).map(({ leaf, b }) => ({ args: applyAt(merged, leaf, b), kind: b.kind, path: leaf.path.join(".") }));
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ args, kind, path }) => {
          kinds[kind] = (kinds[kind] ?? 0) + 1;
          try {
            await client.mutation(fn.ref, args as any);
          } catch (e: any) {
            if (isValidatorError(e)) {
              validator++;
              return;
            }
            const data = typeof e?.data === "string" ? JSON.parse(e.data) : e?.data;
            const code = data?.code;
            expect(ERROR_CODES, `${fn.name}: ${kind} at ${path} threw without a code: ${e?.message}`).toContain(code);
            byCode[code] = (byCode[code] ?? 0) + 1;
            return;
          }
          throw new Error(`${fn.name}: accepted an input broken by ${kind} at "${path}": ${JSON.stringify(args).slice(0, 300)}`);
        }),
        { numRuns: RUNS, seed: 8, endOnFailure: true },
      );
      const changes = diff(before, await dump(t));
      expect(changes, `${fn.name}: refused inputs changed ${describeChanges(changes)}`).toEqual([]);
      recordFuzz(RUNS, validator, byCode);
    });
  }
});
