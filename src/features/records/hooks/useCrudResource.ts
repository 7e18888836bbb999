/**
 * Rows and writes of one table served by the backend's generic CRUD
 * (convex/lib/crud.ts): `all` for the list, create / update (with the
 * version seen, for versioned tables) / remove. Feature hooks pass the
 * function namespace, so components never touch `api` themselves; the rows
 * are typed from that namespace's `all`.
 */
import { useMutation, useQuery } from "convex/react";
import type { FunctionReference, FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { RecordValues } from "../utils/fieldTypes";

/** What every CRUD namespace of the backend offers (convex/lib/crud.ts). */
export type CrudNamespace = {
  all: FunctionReference<"query">;
  create: FunctionReference<"mutation">;
  update: FunctionReference<"mutation">;
  remove: FunctionReference<"mutation">;
};
export type CrudRow = { _id: string; version?: number } & Record<string, unknown>;

export function useCrudResource<NS extends CrudNamespace>(ns: NS, options: { yearScoped?: boolean; skip?: boolean } = {}) {
  const { organisationId, academicYearId } = useWorkspace();
  const base = options.yearScoped ? { organisationId, academicYearId } : { organisationId };
  const rows: FunctionReturnType<NS["all"]> | undefined = useQuery(ns.all, options.skip || (options.yearScoped && !academicYearId) ? "skip" : base);
  const create = useMutation(ns.create);
  const update = useMutation(ns.update);
  const remove = useMutation(ns.remove);
  return useMemo(
    () => ({
      rows,
      // The generic forms hold field values by name; the server's validators check them.
      create: (values: RecordValues): Promise<string> => create({ ...base, ...values }),
      update: (row: CrudRow, patch: RecordValues) =>
        update({ organisationId, id: row._id, patch, ...(row.version !== undefined ? { expectedVersion: row.version } : {}) }),
      remove: (row: CrudRow) => remove({ organisationId, id: row._id }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, create, update, remove, organisationId, academicYearId],
  );
}
