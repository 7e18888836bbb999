/** Roles against permissions as a matrix of checkboxes; each change saves at once. New roles by name. */
import { useState } from "react";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { PageHeader } from "@/ui/PageHeader";
import { Spinner } from "@/ui/Spinner";
import { useToast } from "@/ui/useToast";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useRoles } from "../hooks/useRoles";

export function RolesMatrix() {
  const { roles, catalogue, create, update, remove } = useRoles();
  const toast = useToast();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (!roles || !catalogue) return <Spinner />;
  const fail = (title: string) => (e: unknown) => toast.show({ tone: "error", title, description: getErrorInfo(e).message });
  return (
    <div className="space-y-4">
      <PageHeader title="Roles and permissions" subtitle="Tick what each role may do; assign roles under Users." />
      <div className="overflow-auto rounded-lg border border-slate-200 bg-white">
        <table className="text-sm" aria-label="Role permissions">
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 bg-slate-50 px-3 py-2 text-left text-xs font-medium text-slate-500">
                Permission
              </th>
              {roles.map((r) => (
                <th key={r._id} scope="col" className="bg-slate-50 px-3 py-2 text-center text-xs font-medium text-slate-700">
                  {r.name}
                  {!r.is_system && (
                    <button
                      type="button"
                      aria-label={`Delete role ${r.name}`}
                      className="ml-1 text-slate-500 hover:text-red-600"
                      onClick={() => void remove(r._id).catch(fail("Role not deleted"))}
                    >
                      ×
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {catalogue.map((p) => (
              <tr key={p.code} className="border-t border-slate-100">
                <th scope="row" className="sticky left-0 bg-white px-3 py-1.5 text-left font-normal">
                  <span className="font-mono text-xs text-slate-700">{p.code}</span>
                  <span className="block text-xs text-slate-500">{p.description}</span>
                </th>
                {roles.map((r) => {
                  const on = r.permissions.includes(p.code);
                  return (
                    <td key={r._id} className="px-3 text-center">
                      <input
                        type="checkbox"
                        aria-label={`${r.name}: ${p.code}`}
                        checked={on}
                        onChange={() =>
                          void update(r._id, {
                            permissions: on ? r.permissions.filter((x) => x !== p.code) : [...r.permissions, p.code],
                          }).catch(fail("Not changed"))
                        }
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex items-end gap-2">
        <Input
          label="New role"
          placeholder="e.g. Timetabler"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={error ?? undefined}
        />
        <Button
          onClick={() => {
            if (name.trim().length < 2) return setError("Give the role a name.");
            setError(null);
            create({ name: name.trim(), permissions: [] }).then(
              () => setName(""),
              (e) => setError(getErrorInfo(e).message),
            );
          }}
        >
          Create role
        </Button>
      </div>
    </div>
  );
}
