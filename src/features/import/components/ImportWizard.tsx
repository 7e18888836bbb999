/**
 * The import wizard: choose a file (CSV or Excel) and what it holds, check
 * the column mapping (the organisation's last one, or the export's own
 * headers, is proposed), run the dry run and read every row's verdict, then
 * commit and follow its progress. The history below lists every import;
 * `?import=<id>` opens one import's report directly.
 */
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { importYearVerdict } from "@convex/lib/imports/closedYear";
import { IMPORT_KIND_LABELS, missingRequired, type ImportKindName, type MappingEntry } from "@convex/lib/imports/fields";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { PageHeader } from "@/ui/PageHeader";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useImports, type Inspection, type UploadedFile } from "../hooks/useImports";
import { useImport } from "../hooks/useImport";
import { ImportHistory } from "./ImportHistory";
import { ImportRowsTable } from "./ImportRowsTable";
import { ImportSummary } from "./ImportSummary";
import { MappingTable } from "./MappingTable";

const PERMISSION: Record<ImportKindName, string> = { staff: "lecturers.edit", modules: "modules.edit", allocations: "allocations.edit" };

export function ImportWizard() {
  const { year } = useWorkspace();
  const can = useCan();
  const kinds = (Object.keys(IMPORT_KIND_LABELS) as ImportKindName[]).filter((k) => can(PERMISSION[k]));
  const imports = useImports();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<ImportKindName | "">("");
  const [uploaded, setUploaded] = useState<UploadedFile | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [mapping, setMapping] = useState<MappingEntry[]>([]);
  // ?import=<id> opens that import's report (the integrations page's sync log links here).
  const [params] = useSearchParams();
  const [importId, setImportId] = useState<string | null>(() => params.get("import"));
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { view } = useImport(importId, "all");

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(getErrorInfo(e).message);
    } finally {
      setBusy(false);
    }
  };

  const read = () =>
    run(async () => {
      if (!file) return;
      const chosen = kind || kinds[0];
      const stored = await imports.upload(file, chosen);
      const found = await imports.inspect(stored, kind || undefined);
      const detected = (kind || found.detected_kind || chosen) as ImportKindName;
      const final = detected === found.detected_kind || kind ? found : await imports.inspect(stored, detected);
      setUploaded(stored);
      setKind(detected);
      setInspection(final);
      setMapping(final.mapping);
    });

  const changeKind = (next: ImportKindName) =>
    run(async () => {
      setKind(next);
      if (!uploaded) return;
      const found = await imports.inspect(uploaded, next);
      setInspection(found);
      setMapping(found.mapping);
    });

  const startDryRun = () =>
    run(async () => {
      if (!uploaded || !inspection || !kind) return;
      setImportId(await imports.startDryRun(uploaded, kind, inspection.format, mapping, full));
    });

  const reset = () => {
    setFile(null);
    setUploaded(null);
    setInspection(null);
    setMapping([]);
    setImportId(null);
    setFull(false);
    setError(null);
  };

  const missing = kind && inspection ? missingRequired(kind, mapping) : [];
  // The server's year rule, said before a file is read: archived is refused, locked too unless the importer may change locked years.
  const yearVerdict = year ? importYearVerdict(year, can("years.edit_locked", "everywhere")) : null;
  const closed = yearVerdict?.refused ? yearVerdict.message : null;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Import"
        subtitle={`Lecturers, modules and allocations from a spreadsheet into ${year?.name ?? "the chosen year"}. A dry run shows what would change before anything is written.`}
        actions={importId || inspection ? <Button onClick={reset}>New import</Button> : null}
      />
      {error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}

      {yearVerdict && !importId ? (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid={yearVerdict.refused ? "import-year-closed" : "import-year-locked"}
        >
          {yearVerdict.message}
        </p>
      ) : null}

      {!inspection && !importId ? (
        <Card title="1. Choose a file">
          <div className="flex flex-wrap items-end gap-3">
            <div className="flex flex-col gap-1">
              <label htmlFor="import-file" className="text-xs font-medium text-slate-600">
                CSV or Excel (.xlsx) file
              </label>
              <input id="import-file" type="file" accept=".csv,.xlsx,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-sm" />
            </div>
            <Select
              label="It holds"
              value={kind}
              onChange={(e) => setKind(e.target.value as ImportKindName | "")}
              placeholder="Recognise it from its headers"
              options={kinds.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
            />
            <Button variant="primary" onClick={read} disabled={!file || !!closed} loading={busy}>
              Read the file
            </Button>
          </div>
          <p className="mt-2 text-xs text-slate-500">
            The Reports page's staff, modules and allocation exports import as they are. A sample lives in the repository at
            samples/import/lecturers.csv.
            {can("organisation.manage") ? (
              <>
                {" "}
                HR and timetabling systems can send files themselves with an API key:{" "}
                <Link to="/admin/integrations" className="text-indigo-700 underline">
                  Integrations
                </Link>
                .
              </>
            ) : null}
          </p>
        </Card>
      ) : null}

      {inspection && !importId && kind ? (
        <Card title={`2. Match the columns (${inspection.row_count} rows${inspection.sheet ? `, sheet ${inspection.sheet}` : ""})`}>
          <div className="mb-3 max-w-sm">
            <Select
              label="It holds"
              value={kind}
              onChange={(e) => void changeKind(e.target.value as ImportKindName)}
              options={kinds.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
            />
          </div>
          <MappingTable kind={kind} headers={inspection.headers} preview={inspection.preview} mapping={mapping} onChange={setMapping} />
          {missing.length > 0 ? <p className="mt-2 text-sm text-amber-800">No column for: {missing.join(", ")} (needed to create new records).</p> : null}
          {kind === "staff" ? (
            <label className="mt-2 flex items-center gap-2 text-sm">
              <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} />
              This file is the full staff list: lecturers it leaves out are listed as leavers (marked Left after you confirm, never deleted)
            </label>
          ) : null}
          <div className="mt-3">
            <Button variant="primary" onClick={startDryRun} loading={busy}>
              Start the dry run
            </Button>
          </div>
        </Card>
      ) : null}

      {importId && view ? (
        <Card title="3. Dry run and commit">
          <ImportSummary
            view={view}
            committing={busy}
            onCommit={(confirmLeavers) => run(async () => void (await imports.commit(importId, confirmLeavers)))}
            onUndo={() => run(async () => void (await imports.undo(importId)))}
          />
          <div className="mt-4">
            <ImportRowsTable importId={importId} kind={view.kind} editable={view.stage === "checked"} />
          </div>
        </Card>
      ) : null}

      <ImportHistory imports={imports.history ?? []} onOpen={(id) => setImportId(id)} />
    </div>
  );
}
