/**
 * Complete, typed rows for the mocked backend (mockBackend.ts): each factory
 * returns what the server's function returns, with the test's overrides, so
 * a fixture cannot drift from the server's shapes.
 */
import type { FunctionReturnType } from "convex/server";
import type { Doc } from "@convex/_generated/dataModel";
import type { api } from "@/lib/api";
import { fakeId } from "./mockBackend";

const stamps = { _creationTime: 0, created_at: 0, updated_at: 0, organisation_id: fakeId<"organisations">("org1") };

type AllocationView = FunctionReturnType<typeof api.workload.allocations.listForIteration>["allocations"][number];
type IterationView = FunctionReturnType<typeof api.workload.allocations.listForIteration>;
type TotalsRow = FunctionReturnType<typeof api.workload.dashboard.lecturers>[number];
type WriteResult = FunctionReturnType<typeof api.workload.allocations.update>;
type Presence = FunctionReturnType<typeof api.collaboration.presence.list>[number];

export function allocationView(o: Partial<AllocationView> = {}): AllocationView {
  return {
    id: fakeId("a1"),
    version: 3,
    module_iteration_id: fakeId("it1"),
    iteration_code: "CS101-A",
    module_title: "Programming",
    lecturer_id: fakeId("l1"),
    lecturer_name: "Ada Lovelace",
    allocation_type_id: fakeId("tLead"),
    allocation_type_code: "module_leadership",
    allocation_type_name: "Module leadership",
    group_id: undefined,
    group_name: undefined,
    hours_override: undefined,
    override_reason: undefined,
    response_comment: undefined,
    reply: undefined,
    replied_by_name: undefined,
    notes: undefined,
    read_only_reason: undefined,
    share: 60,
    first_time: false,
    computed_hours: 12,
    hours: 12,
    work_category: "leadership",
    semester_hours: { S1: 12, S2: 0, S3: 0 },
    response_status: "pending",
    can_edit: true,
    carried: false,
    ...o,
  };
}

export function iterationAllocations(allocations: AllocationView[], o: Partial<IterationView> = {}): IterationView {
  return {
    iteration_id: fakeId("it1"),
    department_name: "Computing",
    can_edit: true,
    read_only_reason: undefined,
    has_hidden: false,
    hidden_reason: undefined,
    allocations,
    ...o,
  };
}

export function writeResult(o: Partial<WriteResult> = {}): WriteResult {
  return { id: fakeId("a1"), version: 4, share: 60, hours: 12, computed_hours: 12, warnings: [], ...o };
}

export function allocationType(o: Partial<Doc<"allocation_types">> = {}): Doc<"allocation_types"> {
  return { _id: fakeId("tLead"), ...stamps, code: "module_leadership", name: "Module leadership", work_category: "leadership", basis: "iteration", sort_order: 5, ...o };
}

export function group(o: Partial<Doc<"module_iteration_groups">> = {}): Doc<"module_iteration_groups"> {
  return { _id: fakeId("gA"), ...stamps, academic_year_id: fakeId("y1"), module_iteration_id: fakeId("it1"), name: "Group A", student_count: 25, ...o };
}

export function iteration(o: Partial<Doc<"module_iterations">> = {}): Doc<"module_iterations"> {
  return {
    _id: fakeId("it1"),
    ...stamps,
    academic_year_id: fakeId("y1"),
    module_id: fakeId("m1"),
    code: "CS101-A",
    semester: "S1",
    student_count: 40,
    intakes: 1,
    version: 1,
    ...o,
  };
}

export function moduleRow(o: Partial<Doc<"modules">> = {}): Doc<"modules"> {
  return { _id: fakeId("m1"), ...stamps, code: "CS101", title: "Programming", credits: 20, level: 4, default_semester: "S1", ...o };
}

export function lecturer(o: Partial<Doc<"lecturers">> = {}): Doc<"lecturers"> {
  return {
    _id: fakeId("l1"),
    ...stamps,
    academic_year_id: fakeId("y1"),
    profile_id: fakeId("p1"),
    fte: 1,
    contract_family: "teaching_focused",
    version: 1,
    ...o,
  };
}

export function lecturerProfile(o: Partial<Doc<"lecturer_profiles">> = {}): Doc<"lecturer_profiles"> {
  return {
    _id: fakeId("p1"),
    ...stamps,
    first_name: "Ada",
    last_name: "Lovelace",
    full_name: "Ada Lovelace",
    email: "ada@x",
    default_contract_family: "teaching_focused",
    default_fte: 1,
    ...o,
  };
}

export function totalsRow(o: Partial<TotalsRow> = {}): TotalsRow {
  return {
    lecturer_id: fakeId("l1"),
    profile_id: fakeId("p1"),
    full_name: "Ada Lovelace",
    faculty_id: undefined,
    department_id: undefined,
    team_id: undefined,
    fte: 1,
    contract_family: "teaching_focused",
    contract_hours: 1650,
    max_teaching_hours: 990,
    category_hours: { teaching: 800, marking: 0, preparation: 0, leadership: 0, admin: 0, research: 0 },
    semester_hours: { S1: 400, S2: 400, S3: 0 },
    allocated_hours: 800,
    teaching_hours: 800,
    capacity_hours: 850,
    utilisation: 0.5,
    band: "under",
    allocation_count: 3,
    ...o,
  };
}

export function presence(o: Partial<Presence> = {}): Presence {
  return { userId: fakeId("u2"), name: "Paul Planner", moduleIterationId: undefined, editingCell: undefined, lastHeartbeat: Date.now(), ...o };
}
