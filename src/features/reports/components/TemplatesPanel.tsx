/** Report templates: what to build (kind, department, formats), run one now, and make new ones. */
import { useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Card } from "@/ui/Card";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListStructure } from "@/features/structure/hooks/useListStructure";
import type { ReportFormat, ReportKindInfo, ReportTemplate } from "../hooks/useReports";

export function TemplatesPanel({
  templates,
  kinds,
  canManage,
  onRun,
  onCreate,
  onRemove,
}: {
  templates: ReportTemplate[];
  kinds: ReportKindInfo[];
  canManage: boolean;
  onRun: (id: string) => Promise<unknown>;
  onCreate: (t: { name: string; kind: ReportKindInfo["kind"]; formats: ReportFormat[]; filters: { department_id?: string } }) => Promise<unknown>;
  onRemove: (id: string) => Promise<unknown>;
}) {
  const structure = useListStructure();
  const toast = useToast();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ReportKindInfo["kind"]>("workload_summary");
  const [department, setDepartment] = useState("");
  const info = kinds.find((k) => k.kind === kind);
  const fail = (title: string) => (e: unknown) => toast.show({ tone: "error", title, description: getErrorInfo(e).message });
  return (
    <Card title="Templates">
      <Table>
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Kind</Th>
            <Th>Scope</Th>
            <Th>Formats</Th>
            <Th />
          </tr>
        </thead>
        <tbody>
          {templates.map((t) => (
            <Tr key={t.id}>
              <Td className="font-medium text-slate-800">{t.name}</Td>
              <Td>{t.kind_label}</Td>
              <Td>{t.filters.department_id ? structure?.name(t.filters.department_id) : "Everything the reader may see"}</Td>
              <Td>
                <div className="flex gap-1">
                  {t.formats.map((f) => (
                    <Badge key={f}>{f.toUpperCase()}</Badge>
                  ))}
                </div>
              </Td>
              <Td className="text-right">
                <Button size="sm" onClick={() => void onRun(t.id).then(() => toast.show({ tone: "success", title: `"${t.name}" is being made` }), fail("Not started"))}>
                  Run now
                </Button>
                {canManage && t.schedule_count === 0 && (
                  <Button size="sm" variant="ghost" onClick={() => void onRemove(t.id).catch(fail("Not deleted"))}>
                    Delete
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {canManage && (
        <form
          className="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-100 pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            void onCreate({ name, kind, formats: [...(info?.formats ?? ["csv"])], filters: { department_id: department || undefined } }).then(() => setName(""), fail("Template not saved"));
          }}
        >
          <Input label="New template" placeholder="Weekly department workload" value={name} onChange={(e) => setName(e.target.value)} required />
          <Select label="Kind" value={kind} onChange={(e) => setKind(e.target.value as ReportKindInfo["kind"])} options={kinds.map((k) => ({ value: k.kind, label: k.label }))} />
          <Select
            label="Department"
            value={department}
            onChange={(e) => setDepartment(e.target.value)}
            options={[{ value: "", label: "Everything the reader may see" }, ...(structure?.departments ?? []).map((d) => ({ value: d._id, label: d.name }))]}
          />
          <span className="pb-2 text-xs text-slate-500">as {(info?.formats ?? []).map((f) => f.toUpperCase()).join(", ")}</span>
          <Button type="submit" variant="primary">
            Add template
          </Button>
        </form>
      )}
    </Card>
  );
}
