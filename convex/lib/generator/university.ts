/**
 * Generating a university: every row the seed writes, as plain data with
 * string keys in place of ids, in the order the seed writes it. Pure and
 * deterministic (no Convex, no clock): the same size gives the same rows.
 *
 * Allocations are planned as a department's planners would plan them: ten
 * modules at a time, looking at everyone's totals before each round and
 * keeping a tally within it, each component going to the least utilised of
 * a few colleagues. Hours come from the workload engine with the rules and
 * settings every new organisation starts with, which are the ones the seed
 * creates, so the hours planned here are the hours the seed computes.
 */
import {
  addLine,
  adminAllocationLine,
  computeAllocation,
  computeContract,
  DEFAULT_ALLOCATION_TYPES,
  DEFAULT_RULES,
  DEFAULT_SETTINGS,
  emptySums,
  finishTotals,
  researchAllowanceLine,
  type CalculationRule,
  type ContractBreakdown,
  type ContractFamily,
  type IterationFacts,
  type Semester,
  type TotalsSums,
} from "../workload";
import { DEFAULT_ADMIN_CATEGORIES, DEFAULT_ASSESSMENT_TYPES, DEFAULT_LECTURER_STATUSES } from "../referenceDefaults";
import {
  ACTIVE_YEAR,
  DEMO_SPREADS,
  DEPARTMENTS,
  FACULTIES,
  FIRST_NAMES,
  LAST_NAMES,
  MORE_FIRST_NAMES,
  MORE_LAST_NAMES,
  ORGANISATION,
  SITES,
  STAGING_YEAR,
  START_TIMES,
  TITLES,
  TOPICS,
  UNIVERSITY_SPREADS,
  WEEKDAYS,
} from "./catalogue";
import { random, type Random } from "./random";
import type { SizeSpec } from "./sizes";

export type YearKey = "active" | "staging";
export type Weekday = (typeof WEEKDAYS)[number];

export type GeneratedAdminAllocation = { category: string; hours: number; description: string; semester?: Semester };

export type GeneratedLecturer = {
  key: string;
  department: string;
  team: string;
  first_name: string;
  last_name: string;
  full_name: string;
  email: string;
  staff_number: string;
  title: string;
  contract_family: ContractFamily;
  fte: number;
  /** lecturer_statuses code, in both years. */
  status: string;
  contract_start?: string;
  /** Admin roles in the active year. */
  admin: GeneratedAdminAllocation[];
};

export type GeneratedAllocation = { lecturer: string; type: string; share: number; hours: number };

export type GeneratedIteration = {
  year: YearKey;
  site: string;
  code: string;
  semester: Semester;
  student_count: number;
  max_group_size: number;
  intakes: number;
  groups: { name: string; student_count: number; weekday: Weekday; start_time: string }[];
  cohort_plan?: { cohort: string; planned_students: number };
  assessment: { type: string; name: string; weighting: number };
  allocations: GeneratedAllocation[];
};

export type GeneratedModule = {
  key: string;
  department: string;
  code: string;
  title: string;
  credits: number;
  level: number;
  subject_area: string;
  default_semester: Semester;
  course: string;
  year_of_study: number;
  is_core: boolean;
  iterations: GeneratedIteration[];
};

export type GeneratedUniversity = {
  size: SizeSpec;
  organisation: typeof ORGANISATION;
  years: { active: typeof ACTIVE_YEAR; staging: typeof STAGING_YEAR };
  faculties: { key: string; name: string; code: string }[];
  departments: { key: string; faculty: string; name: string; code: string; subject: string }[];
  teams: { key: string; department: string; name: string }[];
  courses: { key: string; department: string; code: string; name: string; level: "undergraduate" | "postgraduate_taught"; duration_years: number }[];
  cohorts: { key: string; course: string; name: string; intake_month: number; student_count: number }[];
  sites: { key: string; name: string; code: string; address: string }[];
  lecturers: GeneratedLecturer[];
  specialisations: { lecturer: string; subject: string; level: "expert" | "competent" | "learning" }[];
  availability: { lecturer: string; year: YearKey; semester: Semester; available: boolean; reason: string }[];
  /** People to sign in as: invitations bound at first sign-in. */
  people: { email: string; name: string; role: string; scope_department?: string; lecturer?: string }[];
  modules: GeneratedModule[];
};

/** Modules a department's planners staff between two looks at the totals (and one random stream each). */
export const PLANNING_ROUND = 10;

const RULES: CalculationRule[] = DEFAULT_RULES.map((r) => ({ ...r, is_active: true }));
const SETTINGS = DEFAULT_SETTINGS;
const TYPES = new Map(DEFAULT_ALLOCATION_TYPES.map((t) => [t.code, t]));
const TARIFFS = new Map(DEFAULT_ASSESSMENT_TYPES.map((t) => [t.code, t.marking_hours_per_script]));
const COUNTS = new Map(DEFAULT_LECTURER_STATUSES.map((s) => [s.code, s.counts_towards_capacity]));
const ADMIN_CATEGORIES = new Map(DEFAULT_ADMIN_CATEGORIES.map((c) => [c.code, c]));
/** Components of an iteration, in the order they are allocated. */
const LEADER_COMPONENTS = ["module_leadership", "module_admin"];
const SHARED_COMPONENTS = ["contact", "preparation", "marking"];
/** Utilisation past which a large university's planners look for someone else (the "near" band's top). */
const FULL = DEFAULT_SETTINGS.band_thresholds.near;

export function generateUniversity(size: SizeSpec): GeneratedUniversity {
  const demo = size.style === "demo";
  const spreads = demo ? DEMO_SPREADS : UNIVERSITY_SPREADS;
  const rnd = random(42);
  const catalogue = DEPARTMENTS.slice(0, size.departments);
  const facultyList = FACULTIES.filter((f) => catalogue.some((d) => d.faculty === f.code));
  const u: GeneratedUniversity = {
    size,
    organisation: ORGANISATION,
    years: { active: ACTIVE_YEAR, staging: STAGING_YEAR },
    faculties: facultyList.map((f) => ({ key: `faculty:${f.code}`, name: f.name, code: f.code })),
    departments: [],
    teams: [],
    courses: [],
    cohorts: [],
    sites: SITES.map((s) => ({ key: `site:${s.code}`, ...s })),
    lecturers: [],
    specialisations: [],
    availability: [],
    people: [],
    modules: [],
  };
  for (const f of facultyList) {
    for (const d of catalogue.filter((c) => c.faculty === f.code)) {
      const key = `department:${d.code}`;
      u.departments.push({ key, faculty: `faculty:${f.code}`, name: d.name, code: d.code, subject: d.subject });
      d.teams.forEach((name, i) => u.teams.push({ key: `team:${d.code}:${i}`, department: key, name }));
    }
  }
  // Courses: an undergraduate and a postgraduate programme per department, with one
  // cohort per year of study (UG: entered 2024, 2025, 2026; PG: 2026).
  const cohortOf = new Map<string, string>(); // `${department}:${level}` -> cohort key
  for (const d of u.departments) {
    const ug = `course:BSC-${d.code}`;
    const pg = `course:MSC-${d.code}`;
    u.courses.push({ key: ug, department: d.key, code: `BSC-${d.code}`, name: `BSc (Hons) ${d.name}`, level: "undergraduate", duration_years: 3 });
    u.courses.push({ key: pg, department: d.key, code: `MSC-${d.code}`, name: `MSc ${d.name}`, level: "postgraduate_taught", duration_years: 1 });
    for (const [level, entry] of [[4, 2026], [5, 2025], [6, 2024]] as const) {
      const key = `cohort:${d.code}:${level}`;
      u.cohorts.push({ key, course: ug, name: `${entry} September intake`, intake_month: 9, student_count: rnd.int(60, 140) });
      cohortOf.set(`${d.key}:${level}`, key);
    }
    const key = `cohort:${d.code}:7`;
    u.cohorts.push({ key, course: pg, name: "2026 September intake", intake_month: 9, student_count: rnd.int(15, 40) });
    cohortOf.set(`${d.key}:7`, key);
  }

  // Lecturers, team by team.
  let n = 0;
  for (const [teamIndex, team] of u.teams.entries()) {
    for (let i = 0; i < size.lecturersPerTeam; i++, n++) {
      const [first, last] = demo
        ? [FIRST_NAMES[n % FIRST_NAMES.length], LAST_NAMES[(n * 7 + teamIndex) % LAST_NAMES.length]]
        : universityName(n);
      const contract_family = rnd.pick(spreads.families);
      const fte = rnd.pick(spreads.fte);
      const title = rnd.pick(TITLES);
      const lecturer: GeneratedLecturer = {
        key: `lecturer:${n}`,
        department: team.department,
        team: team.key,
        first_name: first,
        last_name: last,
        full_name: `${first} ${last}`,
        email: `${first}.${last}.${n}@${ORGANISATION.domain}`.toLowerCase().replace(/'/g, ""),
        staff_number: `S${String(10000 + n)}`,
        title,
        contract_family,
        fte,
        status: "active",
        admin: [],
      };
      if (!demo) {
        // A few are away all year; a few more joined in January on a part-year contract.
        const roll = rnd.next();
        if (roll < 0.02) lecturer.status = "sabbatical";
        else if (roll < 0.05) lecturer.contract_start = "2027-01-01";
      }
      u.lecturers.push(lecturer);
    }
  }
  const staff = u.lecturers;
  const subjectOf = new Map(u.departments.map((d) => [d.key, d.subject]));
  u.specialisations.push({ lecturer: staff[0].key, subject: subjectOf.get(staff[0].department)!, level: "expert" });
  u.availability.push({ lecturer: staff[1].key, year: "active", semester: "S2", available: false, reason: "Research leave in semester 2" });
  if (!demo) assignAdminRoles(u, rnd);

  const csKey = u.departments[0].key;
  u.people = [
    { email: `admin@${ORGANISATION.domain}`, name: "Alex Admin", role: "Admin" },
    { email: `hod.cs@${ORGANISATION.domain}`, name: "Harriet Head (HoD Computer Science)", role: "Head of Department", scope_department: csKey },
    { email: `planner@${ORGANISATION.domain}`, name: "Priya Planner", role: "Planner" },
    { email: `planner2@${ORGANISATION.domain}`, name: "Paul Planner", role: "Planner" },
    { email: `viewer@${ORGANISATION.domain}`, name: "Victor Viewer", role: "Viewer" },
    ...staff.slice(0, 3).map((l) => ({ email: l.email, name: `${l.full_name} (Lecturer)`, role: "Lecturer", lecturer: l.key })),
  ];

  // Modules, department by department, a planning round at a time.
  const ledger = new Ledger(staff);
  let seed = 1;
  for (const d of u.departments) {
    const colleagues = staff.filter((l) => l.department === d.key);
    for (let from = 0; from < size.modulesPerDepartment; from += PLANNING_ROUND) {
      const round = random(seed++);
      const count = Math.min(PLANNING_ROUND, size.modulesPerDepartment - from);
      const tally = ledger.look(colleagues);
      for (let i = from; i < from + count; i++) {
        u.modules.push(generateModule(u, size, spreads, round, tally, ledger, d, i, colleagues, cohortOf));
      }
    }
  }
  return u;
}

type Spreads = typeof DEMO_SPREADS | typeof UNIVERSITY_SPREADS;
type Tally = Map<string, { allocated: number; contract: number }>;

function generateModule(
  u: GeneratedUniversity,
  size: SizeSpec,
  spreads: Spreads,
  rnd: Random,
  tally: Tally,
  ledger: Ledger,
  d: GeneratedUniversity["departments"][number],
  i: number,
  colleagues: GeneratedLecturer[],
  cohortOf: Map<string, string>,
): GeneratedModule {
  const demo = size.style === "demo";
  const level = 4 + (i % 4);
  const credits = rnd.pick(spreads.credits);
  const semester: Semester = credits >= 40 ? "year" : rnd.pick(spreads.semesters);
  const number = `${d.code}${level}${String(i + 1).padStart(2, "0")}`;
  const module: GeneratedModule = {
    key: `module:${number}`,
    department: d.key,
    code: number,
    title: `${d.subject[0].toUpperCase()}${d.subject.slice(1)} ${TOPICS[i % TOPICS.length]} ${level > 6 ? "(PG)" : ""}`.trim(),
    credits,
    level,
    subject_area: d.subject,
    default_semester: semester,
    course: level >= 7 ? `course:MSC-${d.code}` : `course:BSC-${d.code}`,
    year_of_study: level >= 7 ? 1 : level - 3,
    is_core: i % 3 !== 2,
    iterations: [],
  };
  const students = demo ? (level >= 7 ? rnd.int(8, 30) : rnd.int(18, 125)) : universityStudents(rnd, level, credits);
  // Big cohorts are taught in big groups (lectures); the demo never had cohorts that big.
  const maxGroupSize = demo || students <= 100 ? rnd.pick(spreads.groupSizes) : rnd.pick(UNIVERSITY_SPREADS.bigGroupSizes);
  // Large universities run some modules twice: again at the other campus, in the other semester, smaller.
  const runs: { suffix: string; students: number; semester: Semester; site?: string }[] = [{ suffix: "A", students, semester }];
  if (!demo && rnd.next() < size.reruns) {
    runs.push({
      suffix: "B",
      students: Math.max(8, Math.round(students * (0.3 + 0.3 * rnd.next()))),
      semester: semester === "S1" ? "S2" : semester === "S2" ? "S1" : semester,
    });
  }
  const cohort = cohortOf.get(`${d.key}:${level}`);
  for (const run of runs) {
    for (const [year, growth] of [["active", 1], ["staging", 1.05]] as const) {
      const student_count = Math.round(run.students * growth);
      const groupCount = Math.max(1, Math.ceil(student_count / maxGroupSize));
      const iteration: GeneratedIteration = {
        year,
        site: rnd.pick(u.sites).key,
        code: `${number}-${run.suffix}`,
        semester: run.semester,
        student_count,
        max_group_size: maxGroupSize,
        intakes: 1,
        groups: [],
        assessment: { type: "", name: "Main assessment", weighting: 100 },
        allocations: [],
      };
      for (let g = 0; g < groupCount; g++) {
        iteration.groups.push({
          name: `Group ${String.fromCharCode(65 + g)}`,
          student_count: Math.ceil(student_count / groupCount),
          weekday: rnd.pick(WEEKDAYS),
          start_time: rnd.pick(START_TIMES),
        });
      }
      if (cohort && year === "active" && run.suffix === "A") iteration.cohort_plan = { cohort, planned_students: student_count };
      iteration.assessment.type = demo ? rnd.pick(DEFAULT_ASSESSMENT_TYPES).code : credits >= 40 ? "dissertation" : rnd.pick(UNIVERSITY_SPREADS.assessments);
      module.iterations.push(iteration);
      if (year === "active") staffIteration(module, iteration, size, rnd, tally, ledger, colleagues);
    }
  }
  return module;
}

/** Who teaches an iteration: a leader and, for big or shared ones, colleagues; with the planning state's gaps. */
function staffIteration(
  module: GeneratedModule,
  iteration: GeneratedIteration,
  size: SizeSpec,
  rnd: Random,
  tally: Tally,
  ledger: Ledger,
  colleagues: GeneratedLecturer[],
) {
  const demo = size.style === "demo";
  const available = colleagues.filter((l) => ledger.counts(l.key)).map((l) => l.key);
  if (available.length === 0) return;
  if (!demo && rnd.next() < size.notYetStaffed) return;
  const groupCount = iteration.groups.length;
  // Big iterations are shared: one lecturer up to 2 groups, two up to 4, three beyond
  // (a large university's bigger groups need fewer hands: often one up to 4, two beyond).
  const leader = leastLoaded(rnd, tally, available);
  // Nobody with room among those asked: a large department leaves it for later more often than not.
  if (!demo && utilisationIn(tally, leader) > FULL && rnd.next() < 0.5) return;
  const teacherCount = Math.min(
    available.length,
    groupCount <= 2 ? (rnd.next() < size.coTaught ? 2 : 1) : groupCount <= 4 ? (demo || rnd.next() < 0.5 ? 2 : 1) : demo ? 3 : 2,
  );
  const teachers = [leader];
  while (teachers.length < teacherCount) {
    teachers.push(leastLoaded(rnd, tally, available.filter((id) => !teachers.includes(id))));
  }
  const shares = demo || teacherCount === 1 ? evenShares(teacherCount) : [...rnd.pick(teacherCount === 2 ? UNIVERSITY_SPREADS.twoWayShares : UNIVERSITY_SPREADS.threeWayShares)];
  // Some iterations are left short, so planners have coverage gaps to find; a few are over-shared.
  const short = rnd.next() < size.short ? 20 : 0;
  const over = !demo && rnd.next() < size.overShared ? 10 : 0;
  const rows: { lecturer: string; type: string; share: number }[] = LEADER_COMPONENTS.map((type) => ({ lecturer: leader, type, share: 100 }));
  for (const type of SHARED_COMPONENTS) {
    teachers.forEach((lecturer, i) => {
      const adjust = i === 0 ? (type === "contact" ? -short : type === "marking" ? over : 0) : 0;
      rows.push({ lecturer, type, share: shares[i] + adjust });
    });
  }
  const facts = iterationFacts(module, iteration);
  for (const r of rows) {
    const hours = ledger.allocate(r.lecturer, r.type, r.share, facts);
    tally.get(r.lecturer)!.allocated += hours;
    iteration.allocations.push({ ...r, hours });
  }
}

/** The leader takes what an even split leaves over (34/33/33). */
function evenShares(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? 100 - Math.floor(100 / count) * (count - 1) : Math.floor(100 / count)));
}

/**
 * Planners give work to whoever has room: the least utilised of a few
 * random colleagues, so the plan looks like a real one (mostly healthy, a
 * few over and under) rather than a lottery.
 */
function leastLoaded(rnd: Random, tally: Tally, ids: string[]): string {
  const candidates = [rnd.pick(ids), rnd.pick(ids), rnd.pick(ids), rnd.pick(ids)];
  return candidates.reduce((best, id) => (utilisationIn(tally, id) < utilisationIn(tally, best) ? id : best));
}

function utilisationIn(tally: Tally, id: string): number {
  return tally.get(id)!.allocated / tally.get(id)!.contract;
}

/** What the engine reads of an iteration, as the seed's rows will hold it. */
export function iterationFacts(module: Pick<GeneratedModule, "credits" | "level">, iteration: GeneratedIteration): IterationFacts {
  return {
    credits: module.credits,
    level: module.level,
    semester: iteration.semester,
    student_count: iteration.student_count,
    max_group_size: iteration.max_group_size,
    intakes: iteration.intakes,
    groups: iteration.groups.map((g) => ({ id: g.name, name: g.name, student_count: g.student_count })),
    assessments: [{ marking_hours_per_script: TARIFFS.get(iteration.assessment.type) ?? 0 }],
  };
}

/**
 * Everyone's running totals in the active year, kept with the engine's own
 * sums (research allowance, admin roles, allocations), as the live totals
 * rows will hold them.
 */
class Ledger {
  private sums = new Map<string, TotalsSums>();
  private contracts = new Map<string, ContractBreakdown>();

  constructor(lecturers: GeneratedLecturer[]) {
    for (const l of lecturers) {
      const contract = contractOf(l);
      let sums = addLine(emptySums(), researchAllowanceLine(contract, SETTINGS), 1, false);
      for (const a of l.admin) sums = addLine(sums, adminLine(a, contract), 1);
      this.contracts.set(l.key, contract);
      this.sums.set(l.key, sums);
    }
  }

  counts(key: string): boolean {
    return this.contracts.get(key)!.counts_towards_capacity;
  }

  /** What planners see on the dashboard at the start of a round. */
  look(lecturers: GeneratedLecturer[]): Tally {
    const tally: Tally = new Map();
    for (const l of lecturers) {
      const contract = this.contracts.get(l.key)!;
      const figures = finishTotals(this.sums.get(l.key)!, contract, SETTINGS);
      tally.set(l.key, { allocated: figures.allocated_hours, contract: figures.contract_hours || 1 });
    }
    return tally;
  }

  /** One allocation's hours by the engine, added to the lecturer's totals. */
  allocate(lecturer: string, type: string, share: number, facts: IterationFacts): number {
    const result = computeAllocation({ allocation_type: TYPES.get(type)!, share, first_time: false }, facts, RULES, SETTINGS);
    this.sums.set(lecturer, addLine(this.sums.get(lecturer)!, { hours: result.computed_hours, work_category: result.work_category, semester_hours: result.semester_hours }, 1));
    return result.computed_hours;
  }
}

function contractOf(l: GeneratedLecturer): ContractBreakdown {
  return computeContract(
    { fte: l.fte, contract_family: l.contract_family, contract_start: l.contract_start, counts_towards_capacity: COUNTS.get(l.status) ?? true },
    SETTINGS,
    ACTIVE_YEAR,
  );
}

function adminLine(a: GeneratedAdminAllocation, contract: ContractBreakdown) {
  const category = ADMIN_CATEGORIES.get(a.category)!;
  return adminAllocationLine({ hours: a.hours, work_category: category.work_category, semester: a.semester }, contract.contract_hours, SETTINGS);
}

/** 50 x 50 distinct first/last pairs for up to 2,500 people. */
function universityName(n: number): [string, string] {
  const first = [...FIRST_NAMES, ...MORE_FIRST_NAMES];
  const last = [...LAST_NAMES, ...MORE_LAST_NAMES];
  return [first[n % first.length], last[(Math.floor(n / first.length) + n) % last.length]];
}

/** First-year service modules are big, final-year options small, dissertations smaller still. */
function universityStudents(rnd: Random, level: number, credits: number): number {
  if (credits >= 40) return rnd.int(6, 30);
  if (level === 7) return rnd.int(8, 35);
  if (level === 4) return rnd.next() < 0.1 ? rnd.int(120, 260) : rnd.int(25, 90);
  if (level === 5) return rnd.int(15, 70);
  return rnd.int(8, 45);
}

/**
 * Admin roles of a large university's year: a programme leader per course,
 * an admissions tutor and an exams officer per department, personal tutors
 * and PhD supervisors among the rest (teaching staff tutor, researchers supervise).
 */
function assignAdminRoles(u: GeneratedUniversity, rnd: Random) {
  const byDepartment = new Map<string, GeneratedLecturer[]>();
  for (const l of u.lecturers) if (l.status === "active") byDepartment.set(l.department, [...(byDepartment.get(l.department) ?? []), l]);
  const give = (l: GeneratedLecturer, category: string, description: string) =>
    l.admin.push({ category, hours: ADMIN_CATEGORIES.get(category)!.default_hours, description });
  for (const d of u.departments) {
    const people = byDepartment.get(d.key) ?? [];
    const senior = people.filter((l) => l.fte >= 0.8);
    const pool = senior.length > 0 ? senior : people;
    if (pool.length === 0) continue;
    for (const c of u.courses.filter((c) => c.department === d.key)) give(rnd.pick(pool), "programme_leader", `Programme leader, ${c.code}`);
    give(rnd.pick(pool), "admissions_tutor", `Admissions tutor, ${d.name}`);
    give(rnd.pick(pool), "exams_officer", `Exams officer, ${d.name}`);
    for (const l of people) {
      if (l.contract_family !== "research_focused" && rnd.next() < 0.6) give(l, "personal_tutoring", "Personal tutor");
      if (l.contract_family !== "practitioner" && l.contract_family !== "teaching_focused" && rnd.next() < 0.3) give(l, "phd_supervision", "PhD supervision");
    }
  }
}
