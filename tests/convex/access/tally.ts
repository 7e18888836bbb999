/**
 * Counts for the closing note: the matrix's functions x callers, and the
 * fuzz's inputs and refusals by kind. Printed once per test file.
 */
const matrix = { functions: 0, calls: 0, refused: 0 };
const fuzz = { functions: 0, inputs: 0, validator: 0, byCode: {} as Record<string, number> };

export function recordMatrix(_name: string, callers: number, refused: number) {
  matrix.functions += 1;
  matrix.calls += callers;
  matrix.refused += refused;
}

export function recordFuzz(inputs: number, validator: number, byCode: Record<string, number>) {
  fuzz.functions += 1;
  fuzz.inputs += inputs;
  fuzz.validator += validator;
  for (const [code, n] of Object.entries(byCode)) fuzz.byCode[code] = (fuzz.byCode[code] ?? 0) + n;
}

export function printTally(which: "matrix" | "fuzz") {
  console.log(`ACCESS-${which.toUpperCase()} ${JSON.stringify(which === "matrix" ? matrix : fuzz)}`);
}
