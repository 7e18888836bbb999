/**
 * What the solver is measured against, on the same problem and objective:
 * exhaustive enumeration of every complete plan (tiny cases only) and the
 * greedy first-fit a planner does by hand (each gap, in order, to the first
 * lecturer with room for all of it).
 */
import { allocatedOf, evaluateChoice, teachingOf, type ObjectiveWeights, type Problem } from "../../../convex/lib/suggestions";

/** Every way to fill one slot: sets of options of distinct lecturers whose pieces add up to the gap. */
function fillings(problem: Problem, slot: number): number[][] {
  const options = problem.candidates.filter((c) => c.slot === slot);
  const need = problem.slots[slot].units;
  const byLecturer = new Map<number, typeof options>();
  for (const o of options) byLecturer.set(o.lecturer, [...(byLecturer.get(o.lecturer) ?? []), o]);
  const lecturers = [...byLecturer.keys()];
  const out: number[][] = [];
  const walk = (i: number, left: number, acc: number[]) => {
    if (left === 0) {
      out.push([...acc]);
      return;
    }
    if (i === lecturers.length) return;
    walk(i + 1, left, acc);
    for (const o of byLecturer.get(lecturers[i])!) {
      if (o.units <= left) walk(i + 1, left - o.units, [...acc, o.index]);
    }
  };
  walk(0, need, []);
  return out;
}

/** The best complete plan by `weights`; with `withinCapacity`, only plans adding nothing beyond capacity or maximum teaching. */
export function bruteForce(problem: Problem, weights: ObjectiveWeights, withinCapacity: boolean) {
  const perSlot = problem.slots.map((s) => fillings(problem, s.index));
  let best: { objective: number; chosen: number[]; overflow: number } | null = null;
  let plans = 0;
  const walk = (i: number, acc: number[]) => {
    if (i === perSlot.length) {
      plans++;
      const e = evaluateChoice(problem, weights, acc);
      const overflow = e.capacity_overflow + e.teaching_overflow;
      if (withinCapacity && overflow > 1e-9) return;
      const key = withinCapacity ? e.objective : overflow;
      const bestKey = best ? (withinCapacity ? best.objective : best.overflow) : Infinity;
      if (key < bestKey - 1e-12) best = { objective: e.objective, chosen: [...acc], overflow };
      return;
    }
    for (const f of perSlot[i]) walk(i + 1, [...acc, ...f]);
  };
  walk(0, []);
  return { best: best as { objective: number; chosen: number[]; overflow: number } | null, plans };
}

/** Each gap in order, whole, to the first candidate (in the department's order) with room for it; else to the first candidate. */
export function greedyFirstFit(problem: Problem): number[] {
  const added = new Map<number, { hours: number; teaching: number }>();
  const chosen: number[] = [];
  for (const slot of problem.slots) {
    const whole = problem.candidates.filter((c) => c.slot === slot.index && c.units === slot.units).sort((a, b) => a.lecturer - b.lecturer);
    const fits = whole.find((o) => {
      const l = problem.lecturers[o.lecturer];
      const a = added.get(o.lecturer) ?? { hours: 0, teaching: 0 };
      return (
        allocatedOf(l) + a.hours + o.hours <= l.contract_hours + 1e-9 &&
        teachingOf(l) + a.teaching + o.teaching_hours <= l.max_teaching_hours + 1e-9
      );
    });
    const pick = fits ?? whole[0];
    const a = added.get(pick.lecturer) ?? { hours: 0, teaching: 0 };
    added.set(pick.lecturer, { hours: a.hours + pick.hours, teaching: a.teaching + pick.teaching_hours });
    chosen.push(pick.index);
  }
  return chosen;
}
