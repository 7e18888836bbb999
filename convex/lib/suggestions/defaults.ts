/**
 * The constants of allocation suggestions, each with its unit and reason.
 */
import type { ObjectiveWeights, Strategy } from "./types";

/**
 * Weight of the hours a plan adds beyond the cheapest candidates (first
 * deliveries prepare twice): work the department would not otherwise do,
 * weighed like the strategy's own term so extra preparation needs a real
 * gain in balance, expertise or continuity to be worth it.
 */
export const EXTRA_HOURS_WEIGHT = 1;

/**
 * Weights of the terms of the objective (each scaled to 0..1, see
 * model.ts). The strategy's own term weighs 1; the others break ties at a
 * tenth or a hundredth, so "balance" still prefers a specialist between two
 * equally balanced plans and "expertise first" still spreads the load.
 */
export const STRATEGY_WEIGHTS: Record<Strategy, ObjectiveWeights> = {
  balance: { balance: 1, expertise: 0.01, continuity: 0.01, extra_hours: EXTRA_HOURS_WEIGHT },
  expertise: { balance: 0.1, expertise: 1, continuity: 0.01, extra_hours: EXTRA_HOURS_WEIGHT },
  continuity: { balance: 0.1, expertise: 0.1, continuity: 1, extra_hours: EXTRA_HOURS_WEIGHT },
};

/** Shares one line may give of a gap, percent: whole components, halves or quarters. */
export const SUGGESTION_STEPS = [100, 50, 25] as const;
export const DEFAULT_SUGGESTION_STEP = 50;

/** Seconds the solver may spend (split between the phases when a fallback is needed). */
export const DEFAULT_SUGGESTION_TIME_LIMIT_S = 10;
export const MAX_SUGGESTION_TIME_LIMIT_S = 120;

/**
 * HiGHS stops when the relative gap between the best plan and its bound is
 * below this: far below any difference a planner would see, and exact enough
 * for the brute-force comparison in the tests.
 */
export const SUGGESTION_MIP_REL_GAP = 1e-6;

/**
 * Share of HiGHS's effort spent on primal heuristics (its default is 0.05):
 * balance objectives have weak bounds, so finding good plans early matters
 * more than proving them; measured better at department and faculty size.
 */
export const SUGGESTION_MIP_HEURISTIC_EFFORT = 0.3;

/** Expertise score of a specialisation by level (a subject they are learning still counts a little). */
export const SPECIALISATION_SCORE = { expert: 1, competent: 0.75, learning: 0.4 } as const;

/** Continuity score: the same work on the module last year, or another component of it. */
export const CONTINUITY_SAME_COMPONENT = 1;
export const CONTINUITY_SAME_MODULE = 0.5;

/** Hours below which an overflow counts as none (the solver's feasibility tolerance, in hours). */
export const OVERFLOW_TOLERANCE_HOURS = 0.01;

/** Lines accepted per step of the accept job (each line writes a few allocations with their triggers). */
export const ACCEPT_BATCH_LINES = 20;

/** At most this many lines a run proposes and an accept names (keeps a run's rows and job params bounded). */
export const MAX_SUGGESTION_LINES = 3000;

/** Gaps listed as unfilled in a run's result; the rest are counted. */
export const MAX_UNFILLED_LISTED = 200;

/** A run still "running" this long after its time limit is taken as lost (its action died). */
export const SUGGESTION_RUN_GRACE_MS = 5 * 60 * 1000;
