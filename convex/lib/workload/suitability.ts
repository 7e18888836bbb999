/**
 * Whether a lecturer suits a piece of teaching: their recorded
 * unavailability against when it runs, and their specialisations against the
 * module's subject. The allocation warnings and the allocation suggestions
 * both ask these questions, so they get one answer: what raises a warning on
 * a write is what a suggestion never proposes.
 */
import type { Semester } from "./types";

export type AvailabilitySlot = {
  academic_year_id?: string;
  semester?: Semester;
  weekday?: string;
  start_time?: string;
  end_time?: string;
  available: boolean;
  reason?: string;
};

/** When the work runs: the iteration's semester and, for one group, its timetable slot. */
export type TeachingTime = {
  academic_year_id: string;
  semester: Semester;
  group?: { weekday?: string; start_time?: string; end_time?: string } | null;
};

/**
 * The unavailable slots that clash with `time`. A slot without a weekday or
 * times covers the whole semester; work on the whole iteration (no group) is
 * taken to run at any time of its semester, so any clash in that semester
 * counts.
 */
export function availabilityClashes<S extends AvailabilitySlot>(slots: readonly S[], time: TeachingTime): S[] {
  const group = time.group ?? undefined;
  return slots.filter((slot) => {
    if (slot.available || (slot.academic_year_id && slot.academic_year_id !== time.academic_year_id)) return false;
    const semesterClash = !slot.semester || slot.semester === "year" || time.semester === "year" || slot.semester === time.semester;
    if (!semesterClash) return false;
    if (slot.weekday && group?.weekday && slot.weekday !== group.weekday) return false;
    if (slot.start_time && slot.end_time && group?.start_time && group?.end_time) {
      if (!(group.start_time < slot.end_time && slot.start_time < group.end_time)) return false;
    }
    return true;
  });
}

/** How a clashing slot reads in a warning: "(S2 mon 09:00–11:00): research leave". */
export function describeUnavailability(slot: AvailabilitySlot): string {
  const when = [slot.semester, slot.weekday, slot.start_time && slot.end_time ? `${slot.start_time}–${slot.end_time}` : undefined]
    .filter(Boolean)
    .join(" ");
  return `${when ? ` (${when})` : ""}${slot.reason ? `: ${slot.reason}` : ""}`;
}

export type Specialisation = { subject: string; level: "expert" | "competent" | "learning" };

function sameSubject(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The lecturer's specialisation in `subject`, null when they have none in it,
 * or "unrecorded" when they have no specialisations at all or the module
 * names no subject (nothing to hold against them).
 */
export function specialisationFor<S extends Specialisation>(
  specialisations: readonly S[],
  subject: string | undefined | null,
): S | null | "unrecorded" {
  if (!subject || specialisations.length === 0) return "unrecorded";
  return specialisations.find((s) => sameSubject(s.subject, subject)) ?? null;
}
