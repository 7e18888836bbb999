/**
 * A solved problem as the planner reads it: lines (who gets what, hours),
 * each candidate lecturer's figures before and after, the balance figures of
 * the pool, and in a fallback what binds, by team. The "after" figures are
 * the engine's totals arithmetic (`addLine`, `finishTotals`) applied to the
 * live totals in line order, which is the order accepting creates the
 * allocations in, so accepted lines land on exactly these figures.
 */
import {
  addLine,
  cleanHours,
  finishTotals,
  type Band,
  type BandThresholds,
  type SemesterSplit,
  type TotalsSums,
  type WorkCategory,
} from "../workload";
import { STRATEGY_WEIGHTS } from "./defaults";
import { evaluateChoice } from "./model";
import type { SolveOutcome } from "./solve";
import type { Problem } from "./types";

export type LinePart = {
  allocation_type_id: string;
  allocation_type_name: string;
  hours: number;
  work_category: WorkCategory;
  semester_hours: SemesterSplit;
};

export type ProposalLine = {
  position: number;
  module_iteration_id: string;
  iteration_code: string;
  module_title: string;
  group_id: string | null;
  group_name: string | null;
  lecturer_id: string;
  lecturer_name: string;
  share: number;
  first_time: boolean;
  parts: LinePart[];
  hours: number;
  teaching_hours: number;
  expertise: number;
  continuity: number;
};

export type LecturerFigures = {
  allocated_hours: number;
  teaching_hours: number;
  contract_hours: number;
  max_teaching_hours: number;
  capacity_hours: number;
  utilisation: number;
  band: Band;
};

export type ProposalLecturer = {
  lecturer_id: string;
  name: string;
  team_name: string | null;
  /** The totals row's sums the proposal started from (the UI adds ticked lines to them). */
  before_sums: TotalsSums;
  before: LecturerFigures;
  after: LecturerFigures;
  added_hours: number;
  line_count: number;
};

export type PoolStats = {
  /** Mean absolute deviation of utilisation from the target (the balance term). */
  mean_abs_deviation: number;
  max_utilisation: number;
  std_dev_utilisation: number;
  over_capacity: number;
  over_max_teaching: number;
};

export type Binding = { team_name: string | null; kind: "capacity" | "max_teaching"; hours: number; message: string };

export type Proposal = {
  lines: ProposalLine[];
  lecturers: ProposalLecturer[];
  target_utilisation: number;
  before: PoolStats;
  after: PoolStats;
  objective: { value: number; balance: number; expertise: number; continuity: number; extra_hours: number } | null;
  binding: Binding[];
};

function figuresOf(sums: TotalsSums, contract: { contract_hours: number; max_teaching_hours: number }, thresholds: BandThresholds): LecturerFigures {
  const f = finishTotals(sums, contract, { band_thresholds: thresholds });
  return {
    allocated_hours: f.allocated_hours,
    teaching_hours: f.teaching_hours,
    contract_hours: f.contract_hours,
    max_teaching_hours: f.max_teaching_hours,
    capacity_hours: f.capacity_hours,
    utilisation: f.utilisation,
    band: f.band,
  };
}

/**
 * A lecturer's figures after `parts` are added to `sums`, in order: what the
 * triggers compute as each accepted allocation is inserted.
 */
export function figuresAfter(
  sums: TotalsSums,
  contract: { contract_hours: number; max_teaching_hours: number },
  thresholds: BandThresholds,
  parts: readonly Pick<LinePart, "hours" | "work_category" | "semester_hours">[],
): { sums: TotalsSums; figures: LecturerFigures } {
  let next = sums;
  for (const p of parts) next = addLine(next, { hours: p.hours, work_category: p.work_category, semester_hours: p.semester_hours }, 1);
  return { sums: next, figures: figuresOf(next, contract, thresholds) };
}

function poolStats(figures: LecturerFigures[], target: number): PoolStats {
  const u = figures.map((f) => f.utilisation);
  const n = u.length || 1;
  const mean = u.reduce((s, x) => s + x, 0) / n;
  return {
    mean_abs_deviation: u.reduce((s, x) => s + Math.abs(x - target), 0) / n,
    max_utilisation: u.length ? Math.max(...u) : 0,
    std_dev_utilisation: Math.sqrt(u.reduce((s, x) => s + (x - mean) ** 2, 0) / n),
    over_capacity: figures.filter((f) => f.capacity_hours < 0).length,
    over_max_teaching: figures.filter((f) => f.teaching_hours > f.max_teaching_hours).length,
  };
}

const hoursText = (h: number) => `${Math.round(h).toLocaleString("en-GB")} h`;

export function buildProposal(problem: Problem, outcome: Pick<SolveOutcome, "chosen" | "overflow">): Proposal {
  const thresholds = problem.input.settings.band_thresholds;
  const chosen = [...outcome.chosen].map((i) => problem.candidates[i]);
  const lines: ProposalLine[] = chosen
    .map((o) => {
      const slot = problem.slots[o.slot];
      const lecturer = problem.lecturers[o.lecturer];
      return {
        position: 0,
        module_iteration_id: slot.iteration.id,
        iteration_code: slot.iteration.code,
        module_title: slot.iteration.module_title,
        group_id: slot.group?.id ?? null,
        group_name: slot.group?.name ?? null,
        lecturer_id: lecturer.id,
        lecturer_name: lecturer.name,
        share: o.share,
        first_time: o.first_time,
        parts: o.parts.map((p) => ({
          allocation_type_id: p.type.id,
          allocation_type_name: p.type.name,
          hours: p.hours,
          work_category: p.work_category,
          semester_hours: p.semester_hours,
        })),
        hours: o.hours,
        teaching_hours: o.teaching_hours,
        expertise: o.expertise,
        continuity: o.continuity,
        slotOrder: o.slot,
      };
    })
    .sort(
      (a, b) =>
        a.slotOrder - b.slotOrder || a.lecturer_name.localeCompare(b.lecturer_name) || a.lecturer_id.localeCompare(b.lecturer_id),
    )
    .map(({ slotOrder: _slotOrder, ...line }, position) => ({ ...line, position }));

  const lecturers: ProposalLecturer[] = problem.pool.map((l) => {
    const lecturer = problem.lecturers[l];
    const contract = { contract_hours: lecturer.contract_hours, max_teaching_hours: lecturer.max_teaching_hours };
    const mine = lines.filter((line) => line.lecturer_id === lecturer.id);
    const after = figuresAfter(lecturer.sums, contract, thresholds, mine.flatMap((line) => line.parts));
    const before = figuresOf(lecturer.sums, contract, thresholds);
    return {
      lecturer_id: lecturer.id,
      name: lecturer.name,
      team_name: lecturer.team_name,
      before_sums: lecturer.sums,
      before,
      after: after.figures,
      added_hours: cleanHours(after.figures.allocated_hours - before.allocated_hours),
      line_count: mine.length,
    };
  });

  const binding: Binding[] = [];
  const byTeam = new Map<string, { team: string | null; capacity: number; teaching: number }>();
  for (const o of outcome.overflow) {
    const lecturer = problem.lecturers[o.lecturer];
    const key = lecturer.team_id ?? "";
    const entry = byTeam.get(key) ?? { team: lecturer.team_name, capacity: 0, teaching: 0 };
    entry.capacity += o.capacity_hours;
    entry.teaching += o.teaching_hours;
    byTeam.set(key, entry);
  }
  for (const { team, capacity, teaching } of [...byTeam.values()].sort((a, b) => b.capacity + b.teaching - (a.capacity + a.teaching))) {
    const who = team ? `${team} team` : "Lecturers without a team";
    if (teaching > 0) {
      binding.push({ team_name: team, kind: "max_teaching", hours: cleanHours(teaching), message: `${who}: ${hoursText(teaching)} of teaching beyond maximum teaching.` });
    }
    if (capacity > 0) {
      binding.push({ team_name: team, kind: "capacity", hours: cleanHours(capacity), message: `${who}: ${hoursText(capacity)} beyond contract capacity.` });
    }
  }

  const evaluation = problem.slots.length > 0 ? evaluateChoice(problem, STRATEGY_WEIGHTS[problem.options.strategy], outcome.chosen) : null;
  return {
    lines,
    lecturers,
    target_utilisation: problem.target_utilisation,
    before: poolStats(lecturers.map((l) => l.before), problem.target_utilisation),
    after: poolStats(lecturers.map((l) => l.after), problem.target_utilisation),
    objective: evaluation
      ? {
          value: evaluation.objective,
          balance: evaluation.balance,
          expertise: evaluation.expertise,
          continuity: evaluation.continuity,
          extra_hours: evaluation.extra_hours,
        }
      : null,
    binding,
  };
}
