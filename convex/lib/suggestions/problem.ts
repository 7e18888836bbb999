/**
 * From a year's snapshot to the problem the solver works on: the gaps (slots)
 * and, for every lecturer who may take a slot, the options of taking 1..n of
 * its pieces, with their hours from the workload engine for that lecturer
 * (first delivery, group or whole iteration, the year's rules). Nothing here
 * prices work by a formula of its own: every coefficient is a
 * `computeAllocation` result, so the proposal's hours are the hours the
 * allocation editor would store.
 */
import {
  availabilityClashes,
  cleanHours,
  computeAllocation,
  iterationCoverage,
  specialisationFor,
  sumHours,
  TEACHING_CATEGORIES,
  WORK_CATEGORIES,
} from "../workload";
import { CONTINUITY_SAME_COMPONENT, CONTINUITY_SAME_MODULE, SPECIALISATION_SCORE } from "./defaults";
import type {
  CandidateOption,
  Problem,
  Slot,
  SuggestionInput,
  SuggestionIteration,
  SuggestionLecturer,
  SuggestionOptions,
  SuggestionType,
  UnfilledSlot,
} from "./types";

/** Percent shares are kept to hundredths, so pieces add up to the gap exactly. */
const SHARE_SCALE = 100;

/**
 * Cuts a gap of `remaining` percent into the fewest equal pieces no larger
 * than `step` whose size is a whole number of hundredths of a percent (so the
 * pieces add back to the gap exactly); if no such cut exists close by, the
 * plain equal cut.
 */
export function cutGap(remaining: number, step: number): { units: number; unit_share: number } {
  const least = Math.max(1, Math.ceil(remaining / step - 1e-9));
  const scaled = Math.round(remaining * SHARE_SCALE);
  if (Math.abs(scaled - remaining * SHARE_SCALE) < 1e-6) {
    for (let n = least; n <= least * 2; n++) {
      if (scaled % n === 0) return { units: n, unit_share: scaled / n / SHARE_SCALE };
    }
  }
  return { units: least, unit_share: cleanHours(remaining / least) };
}

/** Whether a component needs anyone: the year's rules give it hours on this iteration. */
function isRequired(type: SuggestionType, iteration: SuggestionIteration, input: SuggestionInput): boolean {
  const result = computeAllocation({ allocation_type: type, share: 100, first_time: false }, iteration.facts, input.rules, input.settings);
  return result.hours > 0;
}

/**
 * The gaps of one iteration. A per-group component becomes one gap per
 * group once any of its allocations names a group; otherwise it is filled on
 * the whole iteration, as planners usually share a component out. Components
 * with the same basis, group and uncovered share form one slot.
 */
export function iterationSlots(iteration: SuggestionIteration, input: SuggestionInput, step: number): Omit<Slot, "index">[] {
  const pieces: { type: SuggestionType; group: Slot["group"]; remaining: number; holders: string[] }[] = [];
  const types = [...input.types].sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code));
  for (const type of types) {
    if (!isRequired(type, iteration, input)) continue;
    const rows = iteration.allocations.filter((a) => a.allocation_type_id === type.id);
    const holders = [...new Set(rows.map((r) => r.lecturer_id))];
    const coverage = iterationCoverage(
      iteration.groups.map((g) => ({ id: g.id })),
      rows.map((r) => ({ allocation_type_code: type.code, basis: type.basis, group_id: r.group_id, share: r.share })),
    );
    const perGroup = type.basis === "group" && iteration.groups.length > 0 && rows.some((r) => r.group_id);
    if (perGroup) {
      for (const c of coverage.components) {
        const remaining = cleanHours(100 - c.covered_percent);
        const group = iteration.groups.find((g) => g.id === c.group_id) ?? null;
        if (remaining > 0 && group) pieces.push({ type, group, remaining, holders });
      }
    } else {
      const covered = coverage.components[0]?.covered_percent ?? 0;
      const remaining = cleanHours(100 - covered);
      if (remaining > 0) pieces.push({ type, group: null, remaining, holders });
    }
  }
  const slots = new Map<string, Omit<Slot, "index">>();
  for (const p of pieces) {
    const key = `${p.type.basis}|${p.group?.id ?? ""}|${p.remaining}`;
    let slot = slots.get(key);
    if (!slot) {
      slot = { iteration, group: p.group, components: [], remaining: p.remaining, ...cutGap(p.remaining, step), holders: new Set() };
      slots.set(key, slot);
    }
    slot.components.push(p.type);
    for (const h of p.holders) slot.holders.add(h);
  }
  return [...slots.values()];
}

/** 0..1: the mean of what is known: their specialisation in the module's subject, and the share of its tags they carry. */
export function expertiseScore(lecturer: SuggestionLecturer, iteration: SuggestionIteration): number {
  const signals: number[] = [];
  const spec = specialisationFor(lecturer.specialisations, iteration.subject_area);
  if (iteration.subject_area) signals.push(spec === null || spec === "unrecorded" ? 0 : SPECIALISATION_SCORE[spec.level]);
  if (iteration.tag_ids.length > 0) {
    const mine = new Set(lecturer.tag_ids);
    signals.push(iteration.tag_ids.filter((t) => mine.has(t)).length / iteration.tag_ids.length);
  }
  return signals.length === 0 ? 0 : signals.reduce((s, x) => s + x, 0) / signals.length;
}

export function continuityScore(lecturer: SuggestionLecturer, slot: Pick<Slot, "iteration" | "components">): number {
  const held = slot.iteration.last_year.filter((h) => h.profile_id === lecturer.profile_id);
  if (held.length === 0) return 0;
  const codes = new Set(slot.components.map((c) => c.code));
  return held.some((h) => codes.has(h.allocation_type_code)) ? CONTINUITY_SAME_COMPONENT : CONTINUITY_SAME_MODULE;
}

/** Why `lecturer` may not take `slot`, or null. */
function refusal(lecturer: SuggestionLecturer, slot: Omit<Slot, "index">, input: SuggestionInput): string | null {
  if (slot.holders.has(lecturer.id)) return "already holds part of it";
  if (lecturer.contract_hours <= 0) return "no contract hours this year";
  if (specialisationFor(lecturer.specialisations, slot.iteration.subject_area) === null) return "not specialised in its subject";
  const clashes = availabilityClashes(lecturer.availability, {
    academic_year_id: input.academic_year_id,
    semester: slot.iteration.facts.semester,
    group: slot.group,
  });
  if (clashes.length > 0) return "unavailable when it runs";
  return null;
}

function describeSlot(slot: Omit<Slot, "index">): string {
  const what = slot.components.map((c) => c.name).join(", ");
  return `${slot.iteration.code}${slot.group ? ` ${slot.group.name}` : ""}: ${slot.remaining}% of ${what}`;
}

/** Builds the slots and every candidate option with its engine hours. */
export function buildProblem(input: SuggestionInput, options: SuggestionOptions): Problem {
  const lecturers = input.lecturers;
  const slots: Slot[] = [];
  const unfilled: UnfilledSlot[] = [];
  const candidates: CandidateOption[] = [];
  const iterations = [...input.iterations].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }));
  for (const iteration of iterations) {
    for (const draft of iterationSlots(iteration, input, options.step_percent)) {
      const reasons = new Map<string, number>();
      const slotIndex = slots.length;
      const found: CandidateOption[] = [];
      const pricing = new Map<string, { parts: CandidateOption["parts"]; hours: number; teaching: number }>();
      lecturers.forEach((lecturer, lecturerIndex) => {
        const why = refusal(lecturer, draft, input);
        if (why) {
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          return;
        }
        const firstTime = !iteration.taught_before.includes(lecturer.profile_id);
        const expertise = expertiseScore(lecturer, iteration);
        const continuity = continuityScore(lecturer, draft);
        for (let units = 1; units <= draft.units; units++) {
          const share = units === draft.units ? draft.remaining : cleanHours(units * draft.unit_share);
          // The engine's inputs that vary by lecturer are the share and first delivery; priced once per pair.
          const key = `${units}:${firstTime}`;
          let priced = pricing.get(key);
          if (!priced) {
            const parts = draft.components.map((type) => {
              const r = computeAllocation(
                { allocation_type: type, group_id: draft.group?.id ?? null, share, first_time: firstTime },
                iteration.facts,
                input.rules,
                input.settings,
              );
              return { type, hours: r.hours, work_category: r.work_category, semester_hours: r.semester_hours };
            });
            priced = {
              parts,
              hours: sumHours(parts.map((p) => p.hours)),
              teaching: sumHours(parts.filter((p) => TEACHING_CATEGORIES.includes(p.work_category)).map((p) => p.hours)),
            };
            pricing.set(key, priced);
          }
          found.push({
            index: -1,
            slot: slotIndex,
            lecturer: lecturerIndex,
            units,
            share,
            first_time: firstTime,
            parts: priced.parts,
            hours: priced.hours,
            teaching_hours: priced.teaching,
            expertise,
            continuity,
            extra_hours: 0,
          });
        }
      });
      if (found.length === 0) {
        const why = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).join("; ");
        unfilled.push({ slot: -1, reason: `${describeSlot(draft)}: no lecturer in scope can take it${why ? ` (${why})` : ""}.` });
        continue;
      }
      for (let units = 1; units <= draft.units; units++) {
        const same = found.filter((c) => c.units === units);
        const cheapest = Math.min(...same.map((c) => c.hours));
        for (const c of same) c.extra_hours = cleanHours(c.hours - cheapest);
      }
      slots.push({ ...draft, index: slotIndex });
      for (const c of found) candidates.push({ ...c, index: candidates.length });
    }
  }

  const poolSet = new Set(candidates.map((c) => c.lecturer));
  const pool = [...poolSet].sort((a, b) => a - b);
  // The balance target: the pool's utilisation once every gap is filled by its cheapest full option.
  let demand = 0;
  for (const slot of slots) {
    const full = candidates.filter((c) => c.slot === slot.index && c.units === slot.units);
    demand += Math.min(...full.map((c) => c.hours));
  }
  const allocated = pool.reduce((s, l) => s + allocatedOf(lecturers[l]), 0);
  const contract = pool.reduce((s, l) => s + lecturers[l].contract_hours, 0);
  const componentTotal = slots.reduce((s, slot) => s + (slot.remaining / 100) * slot.components.length, 0);
  return {
    input,
    options,
    lecturers,
    slots,
    candidates,
    pool,
    target_utilisation: contract > 0 ? (allocated + demand) / contract : 0,
    component_total: componentTotal,
    demand_hours: demand,
    unfilled,
  };
}

/** Allocated hours in a totals row's sums (every category). */
export function allocatedOf(lecturer: Pick<SuggestionLecturer, "sums">): number {
  return sumHours(WORK_CATEGORIES.map((c) => lecturer.sums.category_hours[c]));
}

/** Teaching hours (teaching, marking, preparation) in a totals row's sums. */
export function teachingOf(lecturer: Pick<SuggestionLecturer, "sums">): number {
  return sumHours(TEACHING_CATEGORIES.map((c) => lecturer.sums.category_hours[c]));
}

/** The share of a whole component an option stands for (its weight in the expertise and continuity terms). */
export function componentFraction(problem: Problem, option: CandidateOption): number {
  const slot = problem.slots[option.slot];
  return (option.share / 100) * slot.components.length;
}
