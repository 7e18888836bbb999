/**
 * A searchable table of records with create, edit and delete (each shown
 * only when allowed), used for sites, reference data and catalogue lists.
 */
import { useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Button } from "@/ui/Button";
import { Dialog } from "@/ui/Dialog";
import { EmptyState } from "@/ui/EmptyState";
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { CrudRow } from "../hooks/useCrudResource";
import type { FieldDef, RecordValues } from "../utils/fieldTypes";
import { recordPatch } from "../utils/recordPatch";
import { RecordForm } from "./RecordForm";

export type Column = { key: string; label: string; render?: (row: CrudRow) => ReactNode; align?: "right" };

export type RecordTableProps = {
  noun: string;
  rows: CrudRow[] | undefined;
  columns: Column[];
  fields: FieldDef[];
  canEdit: boolean;
  rowLink?: (row: CrudRow) => string;
  onCreate: (v: RecordValues) => Promise<unknown>;
  onUpdate: (row: CrudRow, v: RecordValues) => Promise<unknown>;
  onRemove: (row: CrudRow) => Promise<unknown>;
  toolbar?: ReactNode;
};

export function RecordTable({ noun, rows, columns, fields, canEdit, rowLink, onCreate, onUpdate, onRemove, toolbar }: RecordTableProps) {
  const [q, setQ] = useState("");
  const [editing, setEditing] = useState<CrudRow | "new" | null>(null);
  const [deleting, setDeleting] = useState<CrudRow | null>(null);
  const toast = useToast();
  const shown = useMemo(() => {
    const t = q.trim().toLowerCase();
    return (rows ?? []).filter(
      (r) =>
        !t ||
        columns.some((c) =>
          String(r[c.key] ?? "")
            .toLowerCase()
            .includes(t),
        ),
    );
  }, [rows, q, columns]);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          aria-label={`Search ${noun}s`}
          placeholder={`Search ${noun}s…`}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="h-8 w-64 rounded-md border border-slate-300 px-2.5 text-sm focus:border-indigo-500 focus:outline-none"
        />
        {toolbar}
        <span className="text-xs text-slate-500">{rows ? `${shown.length} of ${rows.length}` : ""}</span>
        {canEdit && (
          <Button variant="primary" size="sm" className="ml-auto" onClick={() => setEditing("new")}>
            New {noun}
          </Button>
        )}
      </div>
      {!rows ? (
        <Spinner />
      ) : rows.length === 0 ? (
        <EmptyState title={`No ${noun}s yet`} description={canEdit ? `Create the first with “New ${noun}”.` : undefined} />
      ) : shown.length === 0 ? (
        <EmptyState title={`No ${noun}s match`} />
      ) : (
        <Table aria-label={`${noun}s`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <Th key={c.key} className={c.align === "right" ? "text-right" : undefined}>
                  {c.label}
                </Th>
              ))}
              {canEdit && <Th className="w-32" />}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 500).map((r) => (
              <Tr key={r._id}>
                {columns.map((c, i) => (
                  <Td key={c.key} className={c.align === "right" ? "text-right tabular" : undefined}>
                    {i === 0 && rowLink ? (
                      <Link to={rowLink(r)} className="font-medium text-slate-800 hover:text-indigo-700 hover:underline">
                        {c.render ? c.render(r) : String(r[c.key] ?? "")}
                      </Link>
                    ) : c.render ? (
                      c.render(r)
                    ) : (
                      String(r[c.key] ?? "")
                    )}
                  </Td>
                ))}
                {canEdit && (
                  <Td className="whitespace-nowrap text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setEditing(r)}
                      aria-label={`Edit ${String(r[columns[0].key] ?? noun)}`}
                    >
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setDeleting(r)}
                      aria-label={`Delete ${String(r[columns[0].key] ?? noun)}`}
                    >
                      Delete
                    </Button>
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {shown.length > 500 && <p className="text-xs text-slate-500">Showing the first 500; search to narrow.</p>}
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing === "new" ? `New ${noun}` : `Edit ${noun}`} wide>
        {editing !== null && (
          <RecordForm
            fields={fields}
            initial={editing === "new" ? undefined : editing}
            submitLabel={editing === "new" ? `Create ${noun}` : "Save"}
            onCancel={() => setEditing(null)}
            onSubmit={async (v) => {
              if (editing === "new") {
                await onCreate(v);
                setEditing(null);
                toast.show({ tone: "success", title: `${noun[0].toUpperCase()}${noun.slice(1)} created` });
                return;
              }
              // Only what changed is sent; an emptied optional field is cleared (null).
              const patch = recordPatch(fields, editing, v);
              if (Object.keys(patch).length === 0) {
                setEditing(null);
                toast.show({ tone: "info", title: "Nothing changed" });
                return;
              }
              await onUpdate(editing, patch);
              setEditing(null);
              toast.show({ tone: "success", title: "Saved" });
            }}
          />
        )}
      </Dialog>
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete this ${noun}?`}
        description="It is hidden everywhere but kept in the audit trail and can be restored."
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>Cancel</Button>
            <Button
              variant="danger"
              onClick={() => {
                const row = deleting!;
                setDeleting(null);
                onRemove(row).then(
                  () => toast.show({ tone: "success", title: "Deleted" }),
                  (e) => toast.show({ tone: "error", title: "Not deleted", description: getErrorInfo(e).message }),
                );
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">{deleting ? String(deleting[columns[0].key] ?? "") : ""}</p>
      </Dialog>
    </div>
  );
}
