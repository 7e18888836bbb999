/** The sync log: the organisation's latest imports, who ran them, when, and how they went. */
import { Badge } from "@/ui/Badge";
import { Card } from "@/ui/Card";
import { EmptyState } from "@/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatDateTime } from "@/lib/formatDateTime";
import { IMPORT_KIND_LABELS } from "@convex/lib/imports/fields";
import type { ImportView } from "../hooks/useImports";
import { IMPORT_STAGE_LABELS } from "../utils/importStageLabels";

export function ImportHistory({ imports, onOpen }: { imports: ImportView[]; onOpen: (id: string) => void }) {
  return (
    <Card title="Import history">
      {imports.length === 0 ? (
        <EmptyState title="No imports yet" description="Every import is kept here with its counts and outcome." />
      ) : (
        <Table aria-label="Import history">
          <thead>
            <tr>
              <Th>File</Th>
              <Th>What</Th>
              <Th>By</Th>
              <Th>When</Th>
              <Th>Outcome</Th>
            </tr>
          </thead>
          <tbody>
            {imports.map((x) => (
              <Tr key={x.id}>
                <Td>
                  <button type="button" className="text-indigo-700 hover:underline" onClick={() => onOpen(x.id)}>
                    {x.file_name}
                  </button>
                  <div className="text-xs text-slate-500">{x.source}</div>
                </Td>
                <Td className="text-xs">{IMPORT_KIND_LABELS[x.kind]}</Td>
                <Td className="text-xs">{x.started_by_name}</Td>
                <Td className="text-xs">{formatDateTime(x.started_at)}</Td>
                <Td className="text-xs">
                  <Badge tone={IMPORT_STAGE_LABELS[x.stage].tone}>{IMPORT_STAGE_LABELS[x.stage].label}</Badge>
                  {x.message ? <div className="mt-0.5 whitespace-normal break-words text-slate-600">{x.message}</div> : null}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
