/** A lecturer's admin allocations (roles like programme leader): list, add, remove. */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { Spinner } from "@/ui/Spinner";
import { Table, Td, Th, Tr } from "@/ui/Table";
import { useToast } from "@/ui/useToast";
import { formatHours } from "@/lib/formatHours";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useCan } from "@/features/workspace/hooks/useCan";
import { useListAdminAllocations } from "../hooks/useListAdminAllocations";

export function AdminAllocationPanel({
  lecturerId,
  place,
}: {
  lecturerId: string;
  /** The lecturer's department and team: admin allocations are changed there. */
  place: { departmentId?: string; teamId?: string };
}) {
  const { allocations, categories, create, remove } = useListAdminAllocations(lecturerId);
  const can = useCan();
  const canEdit = can("allocations.edit", place);
  const toast = useToast();
  const [categoryId, setCategoryId] = useState("");
  const [amount, setAmount] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!allocations || !categories) return <Spinner />;
  const add = async () => {
    setError(null);
    const t = amount.trim();
    const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
    const hrs = /^(\d+(?:\.\d+)?)\s*h?$/.exec(t);
    if (!categoryId) return setError("Choose a category.");
    if (!pct && !hrs) return setError('Enter hours (e.g. "50") or a share of the contract (e.g. "10%").');
    setBusy(true);
    try {
      await create({
        category_id: categoryId,
        ...(pct ? { percent_of_contract: Number(pct[1]) } : { hours: Number(hrs![1]) }),
        ...(description ? { description } : {}),
      });
      setAmount("");
      setDescription("");
      toast.show({ tone: "success", title: "Admin allocation added" });
    } catch (e) {
      setError(getErrorInfo(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-3">
      {allocations.length === 0 ? (
        <p className="text-sm text-slate-500">No admin allocations this year.</p>
      ) : (
        <Table aria-label="Admin allocations">
          <thead>
            <tr>
              <Th>Category</Th>
              <Th>Description</Th>
              <Th className="text-right">Amount</Th>
              {canEdit && <Th />}
            </tr>
          </thead>
          <tbody>
            {allocations.map((a) => (
              <Tr key={a._id}>
                <Td>{a.category?.name ?? "—"}</Td>
                <Td className="text-slate-500">{a.description ?? ""}</Td>
                <Td className="text-right tabular">
                  {a.hours !== undefined ? formatHours(a.hours) : `${a.percent_of_contract}% of contract`}
                </Td>
                {canEdit && (
                  <Td className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() =>
                        remove(a._id).catch((e) =>
                          toast.show({ tone: "error", title: "Not removed", description: getErrorInfo(e).message }),
                        )
                      }
                    >
                      Remove
                    </Button>
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
          <Select
            label="Category"
            placeholder="Choose…"
            className="w-56"
            options={categories.map((c) => ({ value: c._id, label: c.name }))}
            value={categoryId}
            onChange={(e) => {
              setCategoryId(e.target.value);
              const c = categories.find((x) => x._id === e.target.value);
              if (c && !amount)
                setAmount(
                  c.default_percent_of_contract !== undefined
                    ? `${c.default_percent_of_contract}%`
                    : c.default_hours !== undefined
                      ? String(c.default_hours)
                      : "",
                );
            }}
          />
          <Input
            label="Hours or % of contract"
            className="w-40"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            placeholder="50 or 10%"
          />
          <Input label="Description" className="w-64" value={description} onChange={(e) => setDescription(e.target.value)} />
          <Button variant="primary" onClick={() => void add()} loading={busy}>
            Add
          </Button>
          {error && (
            <p role="alert" className="w-full text-sm text-red-600">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
