/**
 * What generated universities are made of: the organisation and its years,
 * faculties and departments (the demo's six first, in the demo's order, so a
 * university of N departments is the first N), names, module topics, and the
 * spreads the generator draws from. Plain data; the generator decides how
 * much of it a size uses.
 */
import type { ContractFamily, Semester } from "../workload";

export const ORGANISATION = { name: "Northbridge University", code: "NBU", domain: "northbridge.ac.uk", timezone: "Europe/London" };
export const ACTIVE_YEAR = { name: "2026/27", start_date: "2026-09-01", end_date: "2027-08-31" };
export const STAGING_YEAR = { name: "2027/28", start_date: "2027-09-01", end_date: "2028-08-31" };

export const FACULTIES = [
  { code: "FSE", name: "Science and Engineering" },
  { code: "FBL", name: "Business and Law" },
  { code: "FAH", name: "Arts and Humanities" },
  { code: "FHS", name: "Health and Life Sciences" },
  { code: "FSS", name: "Social Sciences" },
];

export type CatalogueDepartment = { faculty: string; name: string; code: string; subject: string; teams: [string, string] };

export const DEPARTMENTS: CatalogueDepartment[] = [
  // The demo university's six.
  { faculty: "FSE", name: "Computer Science", code: "CS", subject: "computing", teams: ["Software Engineering", "Data and AI"] },
  { faculty: "FSE", name: "Mathematics", code: "MA", subject: "mathematics", teams: ["Pure Mathematics", "Statistics"] },
  { faculty: "FSE", name: "Engineering", code: "EN", subject: "engineering", teams: ["Mechanical", "Electrical"] },
  { faculty: "FBL", name: "Business School", code: "BS", subject: "business", teams: ["Management", "Finance"] },
  { faculty: "FBL", name: "Law", code: "LW", subject: "law", teams: ["Public Law", "Commercial Law"] },
  { faculty: "FAH", name: "English and Creative Writing", code: "EC", subject: "english", teams: ["Literature", "Creative Writing"] },
  // Larger universities add these, in this order (faculties taking turns).
  { faculty: "FSE", name: "Physics", code: "PH", subject: "physics", teams: ["Astrophysics", "Condensed Matter"] },
  { faculty: "FAH", name: "History", code: "HI", subject: "history", teams: ["Medieval History", "Modern History"] },
  { faculty: "FHS", name: "Biology", code: "BI", subject: "biology", teams: ["Ecology", "Genetics"] },
  { faculty: "FSS", name: "Sociology", code: "SO", subject: "sociology", teams: ["Social Theory", "Criminology"] },
  { faculty: "FBL", name: "Economics", code: "EO", subject: "economics", teams: ["Microeconomics", "Econometrics"] },
  { faculty: "FSE", name: "Chemistry", code: "CH", subject: "chemistry", teams: ["Organic Chemistry", "Physical Chemistry"] },
  { faculty: "FHS", name: "Psychology", code: "PY", subject: "psychology", teams: ["Cognitive Psychology", "Clinical Psychology"] },
  { faculty: "FSS", name: "Politics", code: "PO", subject: "politics", teams: ["International Relations", "Public Policy"] },
  { faculty: "FAH", name: "Modern Languages", code: "ML", subject: "languages", teams: ["French", "Spanish"] },
  { faculty: "FHS", name: "Biomedical Science", code: "BM", subject: "biomedicine", teams: ["Physiology", "Pharmacology"] },
  { faculty: "FSS", name: "Geography", code: "GE", subject: "geography", teams: ["Human Geography", "Physical Geography"] },
  { faculty: "FBL", name: "Accounting", code: "AF", subject: "accounting", teams: ["Audit and Assurance", "Taxation"] },
  { faculty: "FAH", name: "Music", code: "MU", subject: "music", teams: ["Performance", "Composition"] },
  { faculty: "FHS", name: "Nursing", code: "NU", subject: "nursing", teams: ["Adult Nursing", "Mental Health Nursing"] },
  { faculty: "FSS", name: "Education", code: "ED", subject: "education", teams: ["Primary Education", "Secondary Education"] },
  { faculty: "FSE", name: "Civil Engineering", code: "CE", subject: "civil engineering", teams: ["Structures", "Water and Environment"] },
  { faculty: "FAH", name: "Philosophy", code: "PL", subject: "philosophy", teams: ["Ethics", "Logic and Metaphysics"] },
  { faculty: "FHS", name: "Sport Science", code: "SP", subject: "sport science", teams: ["Exercise Physiology", "Coaching"] },
  { faculty: "FSS", name: "Social Work", code: "SW", subject: "social work", teams: ["Children and Families", "Adult Services"] },
  { faculty: "FBL", name: "Marketing", code: "MK", subject: "marketing", teams: ["Digital Marketing", "Consumer Behaviour"] },
  { faculty: "FAH", name: "Fine Art", code: "FA", subject: "fine art", teams: ["Painting", "Sculpture"] },
  { faculty: "FHS", name: "Public Health", code: "PU", subject: "public health", teams: ["Epidemiology", "Health Policy"] },
  { faculty: "FSS", name: "Anthropology", code: "AN", subject: "anthropology", teams: ["Social Anthropology", "Archaeology"] },
  { faculty: "FSE", name: "Architecture", code: "AR", subject: "architecture", teams: ["Design Studio", "Building Technology"] },
  { faculty: "FAH", name: "Media and Film", code: "MD", subject: "media", teams: ["Film Studies", "Journalism"] },
  { faculty: "FHS", name: "Pharmacy", code: "PM", subject: "pharmacy", teams: ["Pharmaceutics", "Clinical Pharmacy"] },
  { faculty: "FSS", name: "Linguistics", code: "LI", subject: "linguistics", teams: ["Phonetics", "Applied Linguistics"] },
  { faculty: "FBL", name: "Hospitality and Tourism", code: "HT", subject: "tourism", teams: ["Tourism", "Events"] },
  { faculty: "FAH", name: "Theatre", code: "TH", subject: "theatre", teams: ["Acting", "Production"] },
  { faculty: "FHS", name: "Allied Health", code: "AH", subject: "allied health", teams: ["Physiotherapy", "Radiography"] },
  { faculty: "FSS", name: "Urban Planning", code: "UP", subject: "planning", teams: ["Planning Policy", "Urban Design"] },
  { faculty: "FSE", name: "Earth Sciences", code: "ES", subject: "earth sciences", teams: ["Geology", "Environmental Science"] },
  { faculty: "FSE", name: "Materials", code: "MT", subject: "materials", teams: ["Metallurgy", "Polymers"] },
  { faculty: "FBL", name: "Management Science", code: "MS", subject: "management science", teams: ["Operations", "Analytics"] },
];

export const SITES = [
  { code: "CITY", name: "City Campus", address: "1 University Square" },
  { code: "RIVER", name: "Riverside Campus", address: "Riverside Way" },
];

/** The demo's names: 25 x 25, paired as the demo always paired them. */
export const FIRST_NAMES = ["Amara", "Ben", "Chen", "Dana", "Eitan", "Fatima", "Gareth", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Marco", "Nadia", "Owen", "Priya", "Quentin", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Yusuf", "Zoe"];
export const LAST_NAMES = ["Adeyemi", "Brown", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Iqbal", "Jones", "Kowalski", "Li", "Murphy", "Nowak", "Okafor", "Patel", "Quinn", "Rossi", "Singh", "Taylor", "Ueda", "Varga", "Walsh", "Young", "Zhang"];
/** More names for larger universities (50 x 50 distinct pairs). */
export const MORE_FIRST_NAMES = ["Aisha", "Bruno", "Carmen", "Dmitri", "Elena", "Felix", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Luis", "Maya", "Niall", "Olga", "Pedro", "Rania", "Stefan", "Tomas", "Ursula", "Vera", "Will", "Ximena", "Yara", "Zain"];
export const MORE_LAST_NAMES = ["Ahmed", "Bianchi", "Chowdhury", "Dimitrov", "Eriksen", "Ferreira", "Gallagher", "Hoffmann", "Ito", "Jensen", "Kaur", "Lopez", "Mensah", "Novak", "O'Brien", "Papadopoulos", "Reyes", "Schmidt", "Tanaka", "Usman", "Vasquez", "Wright", "Xu", "Yilmaz", "Zielinski"];
export const TITLES = ["Dr", "Dr", "Prof", "Ms", "Mr"];

export const TOPICS = ["Foundations", "Methods", "Theory", "Practice", "Systems", "Analysis", "Design", "Research Skills", "Ethics", "Project", "Advanced Topics", "Applications"];

/** Spreads, as lists drawn from uniformly (repeats weight a value). */
export const DEMO_SPREADS = {
  fte: [1, 1, 1, 1, 0.8, 0.6, 0.5, 0.5, 0.2],
  families: ["teaching_and_research", "teaching_and_research", "teaching_focused", "teaching_focused", "research_focused", "practitioner"] as ContractFamily[],
  /** Mostly 15- and 20-credit modules; 30-credit ones (projects) are rarer. */
  credits: [15, 20, 20, 20, 20, 15, 30],
  /** Lecture-style iterations run bigger groups than seminars. */
  groupSizes: [25, 40, 60],
  semesters: ["S1", "S1", "S2", "S2", "year"] as Semester[],
};

/** A large university: more part-time and teaching-focused staff, dissertations, a wider spread of cohort sizes. */
export const UNIVERSITY_SPREADS = {
  fte: [1, 1, 1, 1, 1, 1, 0.9, 0.8, 0.8, 0.6, 0.5, 0.5, 0.4, 0.2],
  families: ["teaching_and_research", "teaching_and_research", "teaching_and_research", "teaching_focused", "teaching_focused", "teaching_focused", "research_focused", "practitioner"] as ContractFamily[],
  credits: [15, 15, 15, 20, 20, 20, 20, 30, 40],
  groupSizes: [20, 25, 25, 40, 60],
  bigGroupSizes: [60, 80, 120],
  semesters: ["S1", "S1", "S2", "S2", "year"] as Semester[],
  /** Two lecturers share a component most often evenly, often not. */
  /** Exams and coursework; dissertations only for 40-credit modules. */
  assessments: ["exam", "coursework", "coursework", "presentation"],
  twoWayShares: [[50, 50], [50, 50], [60, 40], [70, 30], [75, 25], [80, 20]] as readonly (readonly number[])[],
  threeWayShares: [[34, 33, 33], [50, 25, 25], [40, 30, 30], [60, 20, 20]] as readonly (readonly number[])[],
};

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"] as const;
export const START_TIMES = ["09:00", "11:00", "14:00", "16:00"];
