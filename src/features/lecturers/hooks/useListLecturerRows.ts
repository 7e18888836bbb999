/**
 * The lecturer list's rows: the year's lecturers with names, structure
 * labels and live totals (allocated, contract, utilisation, band).
 */
import { useMemo } from "react";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import { useListLecturerTotals } from "@/features/workload/hooks/useListLecturerTotals";
import { useCan } from "@/features/workspace/hooks/useCan";
import type { LecturerListRow } from "../utils/sortLecturers";
import { useListYearLecturers } from "./useListYearLecturers";

export function useListLecturerRows(): LecturerListRow[] | undefined {
  const lecturers = useListYearLecturers();
  const can = useCan();
  const seesTotals = can("allocations.view");
  const totals = useListLecturerTotals({}, seesTotals);
  const structure = useListStructure();
  return useMemo(() => {
    if (!lecturers || !structure || (seesTotals && !totals)) return undefined;
    const byId = new Map((totals ?? []).map((t) => [t.lecturer_id, t]));
    return lecturers.map((l) => {
      const t = byId.get(l._id);
      return {
        lecturerId: l._id,
        profileId: l.profile_id,
        name: l.full_name,
        email: l.profile?.email ?? "",
        department: structure.name(l.department_id),
        team: structure.name(l.team_id),
        departmentId: l.department_id,
        teamId: l.team_id,
        fte: l.fte,
        family: l.contract_family,
        allocated: t?.allocated_hours ?? 0,
        contract: t?.contract_hours ?? 0,
        utilisation: t?.utilisation ?? 0,
        band: t?.band ?? "under",
      };
    });
  }, [lecturers, totals, structure, seesTotals]);
}
