/** Creating a staging year and moving years between states: promote, lock, unlock, archive, delete (structure/academicYears). */
import { useMutation } from "convex/react";
import { api } from "@/lib/api";
import { toId, toOptionalId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function useAcademicYearActions() {
  const { organisationId } = useWorkspace();
  const create = useMutation(api.structure.academicYears.create);
  const promote = useMutation(api.structure.academicYears.promote);
  const lock = useMutation(api.structure.academicYears.lock);
  const unlock = useMutation(api.structure.academicYears.unlock);
  const archive = useMutation(api.structure.academicYears.archive);
  const remove = useMutation(api.structure.academicYears.remove);
  const previewDelete = useMutation(api.structure.academicYears.previewDelete);
  const deleteWithContents = useMutation(api.structure.academicYears.deleteWithContents);
  const year = (id: string) => ({ organisationId, id: toId<"academic_years">(id) });
  return {
    create: (v: { name: string; start_date: string; end_date: string; copyFromId?: string }) =>
      create({ organisationId, ...v, copyFromId: toOptionalId<"academic_years">(v.copyFromId) }) as Promise<string>,
    promote: (id: string) => promote(year(id)),
    lock: (id: string) => lock(year(id)),
    unlock: (id: string) => unlock(year(id)),
    archive: (id: string) => archive(year(id)),
    remove: (id: string) => remove(year(id)),
    previewDelete: (id: string) => previewDelete(year(id)) as Promise<string>,
    deleteWithContents: (id: string) => deleteWithContents(year(id)) as Promise<string>,
  };
}
