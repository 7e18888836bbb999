/**
 * Allocation suggestions, pure: a year's snapshot in, a proposal out.
 *
 *   const problem = buildProblem(input, { strategy: "balance", step_percent: 50, time_limit_seconds: 10 });
 *   const outcome = solveProblem(await loadHighs(), problem);   // a fresh HiGHS per run
 *   const proposal = buildProposal(problem, outcome);
 *
 * No Convex imports and no Node APIs (HiGHS is passed in), so the tests
 * build, solve and brute-force the same model the server uses.
 */
export * from "./types";
export * from "./defaults";
export * from "./problem";
export * from "./model";
export * from "./solve";
export * from "./proposal";
