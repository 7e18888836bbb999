/**
 * Rows and writes of one table served by the backend's generic CRUD
 * (convex/lib/crud.ts): `all` for the list, create / update (with the
 * version seen, for versioned tables) / remove. Feature hooks pass the
 * function namespace, so components never touch `api` themselves.
 */
import { useMutation, useQuery } from "convex/react";
import { useMemo } from "react";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { RecordValues } from "../utils/fieldTypes";

export type CrudNamespace = any;
export type CrudRow = { _id: string; version?: number } & Record<string, unknown>;

export function useCrudResource(ns: CrudNamespace, options: { yearScoped?: boolean; skip?: boolean } = {}) {
  const { organisationId, academicYearId } = useWorkspace();
  const base = options.yearScoped ? { organisationId, academicYearId } : { organisationId };
  const rows = useQuery(ns.all, options.skip || (options.yearScoped && !academicYearId) ? "skip" : base) as CrudRow[] | undefined;
  const create = useMutation(ns.create);
  const update = useMutation(ns.update);
  const remove = useMutation(ns.remove);
  return useMemo(
    () => ({
      rows,
      create: (values: RecordValues) => create({ ...base, ...values }) as Promise<string>,
      update: (row: CrudRow, patch: RecordValues) =>
        update({ organisationId, id: row._id, patch, ...(row.version !== undefined ? { expectedVersion: row.version } : {}) }),
      remove: (row: CrudRow) => remove({ organisationId, id: row._id }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, create, update, remove, organisationId, academicYearId],
  );
}
