/** Creating a (staging) academic year copied from another, and making a year the active one. */
import { useMutation } from "convex/react";
import { api } from "@/lib/api";
import { toId, toOptionalId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useAcademicYearActions() {
  const { organisationId } = useWorkspace();
  const create = useMutation(api.structure.academicYears.create);
  const setActive = useMutation(api.structure.academicYears.setActive);
  return {
    create: (v: { name: string; start_date: string; end_date: string; copyFromId?: string }) =>
      create({ organisationId, ...v, copyFromId: toOptionalId<"academic_years">(v.copyFromId) }),
    setActive: (id: string) => setActive({ organisationId, id: toId<"academic_years">(id) }),
  };
}
