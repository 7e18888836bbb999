/**
 * The import wizard's actions and history: upload a file to storage, inspect
 * it (kind, headers, preview, suggested mapping), start its dry run, commit
 * it, undo it; the organisation's latest imports (the sync log) live.
 */
import { useAction, useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import type { Id } from "@convex/_generated/dataModel";
import type { ImportKindName, MappingEntry } from "@convex/lib/imports/fields";

export type ImportView = FunctionReturnType<typeof api.imports.imports.get>;
export type Inspection = FunctionReturnType<typeof api.imports.parse.inspect>;
export type UploadedFile = { storageId: string; fileName: string };

export function useImports() {
  const { organisationId, academicYearId } = useWorkspace();
  const history = useQuery(api.imports.imports.list, { organisationId, limit: 20 });
  const uploadUrl = useMutation(api.imports.imports.generateUploadUrl);
  const inspectAction = useAction(api.imports.parse.inspect);
  const startMutation = useMutation(api.imports.imports.start);
  const commitMutation = useMutation(api.imports.imports.commit);
  const undoMutation = useMutation(api.imports.undo.undo);

  return {
    history,
    /** Stores the file; the kind decides who may upload (its permission). */
    upload: async (file: File, kind: ImportKindName): Promise<UploadedFile> => {
      const url = await uploadUrl({ organisationId, kind });
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": file.type || "application/octet-stream" }, body: file });
      if (!response.ok) throw new Error(`The upload failed (${response.status}).`);
      const { storageId } = (await response.json()) as { storageId: string };
      return { storageId, fileName: file.name };
    },
    inspect: (file: UploadedFile, kind?: ImportKindName) =>
      inspectAction({ organisationId, storageId: file.storageId as Id<"_storage">, fileName: file.fileName, kind }),
    startDryRun: async (file: UploadedFile, kind: ImportKindName, format: "csv" | "xlsx", mapping: MappingEntry[], full = false) => {
      if (!academicYearId) throw new Error("Choose an academic year first.");
      const { importId } = await startMutation({
        organisationId,
        academicYearId,
        kind,
        storageId: file.storageId as Id<"_storage">,
        fileName: file.fileName,
        format,
        mapping,
        full: kind === "staff" && full ? true : undefined,
      });
      return importId as string;
    },
    commit: (importId: string, confirmLeavers = false) =>
      commitMutation({ organisationId, importId: toId<"data_sync_logs">(importId), confirmLeavers: confirmLeavers || undefined }),
    /** Undoes a committed import; refused (the import says why) once anything it wrote has changed. */
    undo: (importId: string) => undoMutation({ organisationId, importId: toId<"data_sync_logs">(importId) }),
  };
}
