/**
 * The audit trail: every change, newest first, filtered by entity type, user
 * and date; each row shows old -> new, and opens that entity's full history.
 */
import { useEffect, useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { EmptyState } from "@/ui/EmptyState";
import { Input } from "@/ui/Input";
import { PageHeader } from "@/ui/PageHeader";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { formatDateTime } from "@/lib/formatDateTime";
import { useListAuditLogs, type AuditFilters } from "../hooks/useListAuditLogs";
import { entityLabel } from "../utils/entityLabel";
import { entityLabels } from "../utils/entityLabels";
import type { AuditRow } from "../utils/diffAudit";
import { AuditDiff } from "./AuditDiff";
import { EntityHistory } from "./EntityHistory";

const ACTION_TONE = { create: "green", update: "blue", delete: "red", soft_delete: "red", restore: "purple" } as const;

export function AuditTrail() {
  const [entityType, setEntityType] = useState("");
  const [userId, setUserId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<AuditRow | null>(null);
  const filters: AuditFilters = {
    ...(entityType ? { entityType } : {}),
    ...(userId ? { userId } : {}),
    ...(from ? { from: Date.parse(`${from}T00:00:00`) } : {}),
    ...(to ? { to: Date.parse(`${to}T23:59:59.999`) } : {}),
  };
  const { rows, status, loadMore } = useListAuditLogs(filters);
  const [users, setUsers] = useState<Map<string, string>>(new Map());
  // Users seen in the trail so far fill the user filter (no extra permission needed to list members).
  useEffect(() => {
    setUsers((prev) => {
      const missing = rows.filter((r) => r.user_id && !prev.has(r.user_id));
      if (missing.length === 0) return prev;
      const next = new Map(prev);
      for (const r of missing) next.set(r.user_id!, r.user_name ?? r.user_id!);
      return next;
    });
  }, [rows]);
  return (
    <div>
      <PageHeader title="Audit trail" subtitle="Every change, who made it and when." />
      <div className="mb-3 flex flex-wrap items-end gap-2">
        <Select
          aria-label="Entity type"
          className="w-52"
          placeholder="All entities"
          options={Object.keys(entityLabels).map((k) => ({ value: k, label: entityLabel(k) }))}
          value={entityType}
          onChange={(e) => setEntityType(e.target.value)}
        />
        <Select
          aria-label="User"
          className="w-52"
          placeholder="All users"
          options={[...users].map(([value, label]) => ({ value, label }))}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
        />
        <Input aria-label="From date" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Input aria-label="To date" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        {(entityType || userId || from || to) && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setEntityType("");
              setUserId("");
              setFrom("");
              setTo("");
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
      {status === "LoadingFirstPage" ? (
        <Spinner />
      ) : rows.length === 0 ? (
        <EmptyState title="No changes match" />
      ) : (
        <Table aria-label="Audit log">
          <thead>
            <tr>
              <Th className="w-40">When</Th>
              <Th className="w-40">Who</Th>
              <Th className="w-48">What</Th>
              <Th>Change (old → new)</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Tr key={r._id}>
                <Td className="text-xs text-slate-500">{formatDateTime(r.created_at)}</Td>
                <Td className="text-sm">{r.user_name ?? "System"}</Td>
                <Td>
                  <button type="button" className="text-left text-sm text-indigo-700 hover:underline" onClick={() => setOpen(r)}>
                    {entityLabel(r.entity_type)}
                  </button>
                  <Badge tone={ACTION_TONE[r.action] ?? "neutral"} className="ml-1">
                    {r.action.replace("_", " ")}
                  </Badge>
                </Td>
                <Td>
                  <AuditDiff row={r} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {status === "CanLoadMore" && (
        <Button className="mt-3" onClick={loadMore}>
          Load more
        </Button>
      )}
      {status === "LoadingMore" && <Spinner label="Loading more…" />}
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${entityLabel(open.entity_type)} history` : ""}
        wide
        footer={<Button onClick={() => setOpen(null)}>Close</Button>}
      >
        {open && (
          <QueryBoundary>
            <EntityHistory entities={[{ type: open.entity_type, id: open.entity_id }]} />
          </QueryBoundary>
        )}
      </Dialog>
    </div>
  );
}
