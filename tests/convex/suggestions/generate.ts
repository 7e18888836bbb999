/**
 * Deterministic generated departments for the suggestion solver, as the
 * pure snapshot the server loads (SuggestionInput): lecturers of varied FTE
 * and contract family with admin and research already counted, teams and
 * subjects, specialisations, some unavailability, tags; modules with
 * groups, partly allocated ones among them, and last year's lecturers.
 * Existing hours come from the workload engine, as on the server.
 */
import {
  computeAllocation,
  computeLecturerTotals,
  DEFAULT_ALLOCATION_TYPES,
  DEFAULT_RULES,
  DEFAULT_SETTINGS,
  addLine,
  type CalculationRule,
  type ContractFamily,
  type Semester,
} from "../../../convex/lib/workload";
import type { SuggestionInput, SuggestionIteration, SuggestionLecturer, SuggestionType } from "../../../convex/lib/suggestions";

export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

export const YEAR = { id: "year-2026", start_date: "2026-09-01", end_date: "2027-08-31" };
export const TYPES: SuggestionType[] = DEFAULT_ALLOCATION_TYPES.map((t) => ({ id: `type-${t.code}`, ...t }));
export const RULES: CalculationRule[] = DEFAULT_RULES.map((r, i) => ({ ...r, _id: `rule-${i}` }));

export type GenerateOptions = {
  seed: number;
  lecturers: number;
  iterations: number;
  teams?: string[];
  /** Fraction of iterations already partly allocated. */
  partial?: number;
  /** Groups per iteration, at most. */
  maxGroups?: number;
  /** Scales student numbers (and so hours): >1 makes the department short of capacity. */
  load?: number;
};

const FAMILIES: ContractFamily[] = ["teaching_and_research", "teaching_and_research", "teaching_focused", "teaching_focused", "practitioner"];
const FTES = [1, 1, 1, 0.8, 0.6, 0.5];
const SEMESTERS: Semester[] = ["S1", "S1", "S2", "S2", "year"];

type LecturerDraft = SuggestionLecturer & { fte: number; family: ContractFamily };

export function generateDepartment(o: GenerateOptions): SuggestionInput {
  const rnd = random(o.seed);
  const teams = o.teams ?? ["Statistics", "Pure Mathematics", "Applied Mathematics"];
  const subjects = teams.map((t) => t.toLowerCase());
  const tags = ["tag-quant", "tag-writing", "tag-lab", "tag-pg"];
  const settings = DEFAULT_SETTINGS;
  const lecturers: LecturerDraft[] = [];
  for (let i = 0; i < o.lecturers; i++) {
    const teamIndex = i % teams.length;
    const family = rnd.pick(FAMILIES);
    const fte = rnd.pick(FTES);
    const adminHours = rnd.int(0, 6) * 25;
    const totals = computeLecturerTotals({
      lecturer: { fte, contract_family: family },
      year: YEAR,
      settings,
      allocations: [],
      adminAllocations: adminHours > 0 ? [{ hours: adminHours, work_category: "admin" }] : [],
    });
    const specialisations: SuggestionLecturer["specialisations"] = [{ subject: subjects[teamIndex], level: rnd.pick(["expert", "expert", "competent"] as const) }];
    if (rnd.next() < 0.4) specialisations.push({ subject: subjects[(teamIndex + 1) % subjects.length], level: rnd.pick(["competent", "learning"] as const) });
    lecturers.push({
      id: `lec-${i}`,
      profile_id: `prof-${i}`,
      name: `Lecturer ${String(i).padStart(2, "0")}`,
      team_id: `team-${teamIndex}`,
      team_name: teams[teamIndex],
      sums: { category_hours: totals.category_hours, semester_hours: totals.semester_hours, allocation_count: totals.allocation_count },
      contract_hours: totals.contract_hours,
      max_teaching_hours: totals.max_teaching_hours,
      specialisations,
      tag_ids: tags.filter(() => rnd.next() < 0.35),
      availability: rnd.next() < 0.1 ? [{ academic_year_id: YEAR.id, semester: "S2", available: false, reason: "Research leave" }] : [],
      fte,
      family,
    });
  }

  const iterations: SuggestionIteration[] = [];
  for (let i = 0; i < o.iterations; i++) {
    const subjectIndex = i % subjects.length;
    const credits = rnd.pick([10, 15, 15, 20]);
    const groupsCount = rnd.int(1, o.maxGroups ?? 2);
    const students = Math.round(groupsCount * rnd.int(15, 30) * (o.load ?? 1));
    const groups = Array.from({ length: groupsCount }, (_, g) => ({ id: `it-${i}-g${g}`, name: `Group ${String.fromCharCode(65 + g)}` }));
    const facts = {
      credits,
      level: 4 + (i % 4),
      semester: rnd.pick(SEMESTERS),
      student_count: students,
      max_group_size: 30,
      intakes: 1,
      groups: groups.map((g) => ({ id: g.id, name: g.name, student_count: Math.ceil(students / groupsCount) })),
      assessments: [],
    };
    const specialists = lecturers.filter((l) => l.specialisations.some((s) => s.subject === subjects[subjectIndex]));
    const lastYear = rnd.pick(specialists);
    const iteration: SuggestionIteration = {
      id: `it-${i}`,
      code: `MA${4 + (i % 4)}${String(i).padStart(3, "0")}-A`,
      module_id: `mod-${i}`,
      module_title: `${teams[subjectIndex]} ${i}`,
      subject_area: subjects[subjectIndex],
      tag_ids: rnd.next() < 0.5 ? [rnd.pick(tags)] : [],
      facts,
      groups,
      allocations: [],
      last_year: TYPES.map((t) => ({ profile_id: lastYear.profile_id, allocation_type_code: t.code })),
      taught_before: [lastYear.profile_id],
    };
    // Partly allocated: a specialist already teaches half of the teaching components.
    if (rnd.next() < (o.partial ?? 0.2)) {
      const holder = rnd.pick(specialists);
      for (const type of TYPES.filter((t) => t.basis === "group")) {
        iteration.allocations.push({ allocation_type_id: type.id, lecturer_id: holder.id, group_id: null, share: 50 });
        const r = computeAllocation({ allocation_type: type, share: 50, first_time: false }, facts, RULES, settings);
        holder.sums = addLine(holder.sums, { hours: r.hours, work_category: r.work_category, semester_hours: r.semester_hours }, 1);
      }
    }
    iterations.push(iteration);
  }
  return {
    academic_year_id: YEAR.id,
    settings,
    rules: RULES,
    types: TYPES,
    lecturers: lecturers.map(({ fte: _fte, family: _family, ...l }) => l),
    iterations,
  };
}
