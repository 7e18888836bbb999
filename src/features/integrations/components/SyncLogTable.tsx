/**
 * What a system sent, newest first, live: when, who or which key, what it
 * held, the counts (created, updated, unchanged, errors: the dry run's
 * verdicts, which the commit then wrote), the import's stage, and a link to
 * its report in the import page. Pages of ten; the footer always says how
 * many are shown and whether older ones exist, nothing is cut silently.
 */
import { Link } from "react-router";
import { IMPORT_KIND_LABELS } from "@convex/lib/imports/fields";
import { Badge, type BadgeTone } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatDateTime } from "@/lib/formatDateTime";
import { useSyncLog, type SyncLogEntry } from "../hooks/useSyncLog";
import { SHORT_KIND_LABELS } from "../utils/shortKindLabels";
import { IMPORT_STAGE_LABELS } from "@/features/import/utils/importStageLabels";


function who(actor: SyncLogEntry["actor"]) {
  if (actor.type === "user") return actor.name;
  if (actor.type === "key")
    return (
      <>
        Key {actor.name}
        <div className="font-mono text-slate-500">{actor.prefix}…</div>
      </>
    );
  return "The system";
}

export function SyncLogTable({ systemId, systemName }: { systemId: string; systemName: string }) {
  const log = useSyncLog(systemId);
  if (log.entries === undefined) return <Spinner label="Loading the sync log" />;
  if (log.entries.length === 0) return <p className="text-sm text-slate-500">Nothing received yet: each file {systemName} sends is listed here.</p>;
  return (
    <div className="flex flex-col gap-2">
      <Table aria-label={`Sync log of ${systemName}`}>
        <thead>
          <tr>
            <Th>When</Th>
            <Th>By</Th>
            <Th>What</Th>
            <Th className="text-right">Created</Th>
            <Th className="text-right">Updated</Th>
            <Th className="text-right">Unchanged</Th>
            <Th className="text-right">Errors</Th>
            <Th>Status</Th>
            <Th>
              <span className="sr-only">Report</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {log.entries.map((e) => {
            // Rows older than imports have no stage: their status says how they went.
            const stage = e.stage ? IMPORT_STAGE_LABELS[e.stage] : { label: e.status, tone: "neutral" as BadgeTone };
            return (
              <Tr key={e.id} data-sync-log={e.id}>
                <Td className="text-xs whitespace-nowrap">{formatDateTime(e.started_at)}</Td>
                <Td className="text-xs">{who(e.actor)}</Td>
                <Td className="text-xs">
                  <span title={e.kind ? IMPORT_KIND_LABELS[e.kind] : undefined}>{e.kind ? SHORT_KIND_LABELS[e.kind] : "–"}</span>
                  {e.file_name ? <div className="text-slate-500">{e.file_name}</div> : null}
                </Td>
                <Td className="text-right text-xs tabular-nums">{e.counts.create}</Td>
                <Td className="text-right text-xs tabular-nums">{e.counts.update}</Td>
                <Td className="text-right text-xs tabular-nums">{e.counts.unchanged}</Td>
                <Td className={`text-right text-xs tabular-nums ${e.counts.error > 0 ? "font-semibold text-red-700" : ""}`}>{e.counts.error}</Td>
                <Td className="min-w-48 max-w-md text-xs">
                  <Badge tone={stage.tone}>{stage.label}</Badge>
                  {/* The whole message, wrapped: a refusal's reason is what the admin acts on. */}
                  {e.message ? <div className={`mt-0.5 whitespace-normal break-words ${e.stage === "refused" ? "text-red-800" : "text-slate-600"}`}>{e.message}</div> : null}
                </Td>
                <Td className="text-xs whitespace-nowrap">
                  {e.has_report ? (
                    <Link to={`/import?import=${e.id}`} className="text-indigo-700 hover:underline">
                      Open report
                    </Link>
                  ) : null}
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
      <div className="flex items-center gap-3 text-xs text-slate-500">
        <span data-testid="sync-log-count">
          {log.hasMore ? `Showing the latest ${log.entries.length} entries; older ones exist.` : log.entries.length === 1 ? "The only entry so far." : `All ${log.entries.length} entries shown.`}
        </span>
        {log.hasMore ? (
          <Button size="sm" onClick={log.loadMore} loading={log.loadingMore}>
            Show older
          </Button>
        ) : null}
      </div>
    </div>
  );
}
