/**
 * The audit trail: every change, newest first, filtered by entity type,
 * person and date; each row names the entity and the change in words
 * (old → new), and opens that entity's full history.
 */
import { useState } from "react";
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
import { useListAuditLogs, type AuditEntry, type AuditFilters } from "../hooks/useListAuditLogs";
import { useListAuditKinds } from "../hooks/useListAuditKinds";
import { useListAuditPeople } from "../hooks/useListAuditPeople";
import { AuditDiff } from "./AuditDiff";
import { EntityHistory } from "./EntityHistory";

const ACTION_TONE = { create: "green", update: "blue", delete: "red", soft_delete: "red", restore: "purple" } as const;

export function AuditTrail() {
  const [entityType, setEntityType] = useState("");
  const [userId, setUserId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const filters: AuditFilters = {
    ...(entityType ? { entityType } : {}),
    ...(userId ? { userId } : {}),
    ...(from ? { from: Date.parse(`${from}T00:00:00`) } : {}),
    ...(to ? { to: Date.parse(`${to}T23:59:59.999`) } : {}),
  };
  const { rows, status, loadMore } = useListAuditLogs(filters);
  const people = useListAuditPeople();
  const kinds = useListAuditKinds();
  const kindOf = (table: string) => kinds?.find((k) => k.value === table)?.label ?? table.replace(/_/g, " ");
  return (
    <div>
      <PageHeader title="Audit trail" subtitle="Every change, who made it and when." />
      <div className="mb-3 flex flex-wrap items-end gap-2">
        <Select
          aria-label="Entity type"
          className="w-52"
          placeholder="All entities"
          options={kinds ?? []}
          value={entityType}
          onChange={(e) => setEntityType(e.target.value)}
        />
        <Select
          aria-label="Person"
          className="w-52"
          placeholder="Everyone"
          options={(people ?? []).map((p) => ({ value: p.userId, label: p.name }))}
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
              <Th className="w-80">What</Th>
              <Th>Change (old → new)</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Tr key={r._id}>
                <Td className="text-xs text-slate-600">{formatDateTime(r.created_at)}</Td>
                <Td className="text-sm">{r.user_name}</Td>
                <Td>
                  <button type="button" className="text-left text-sm text-indigo-700 hover:underline" onClick={() => setOpen(r)}>
                    {r.entity_label}
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
        title={open ? `${kindOf(open.entity_type)} history` : ""}
        description={open?.entity_label}
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
