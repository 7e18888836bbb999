/** The file's columns, each with the field it fills (or none) and its first values. */
import { IMPORT_FIELDS, type ImportKindName, type MappingEntry } from "@convex/lib/imports/fields";
import { Table, Td, Th, Tr } from "@/ui/Table";

export function MappingTable({
  kind,
  headers,
  preview,
  mapping,
  onChange,
}: {
  kind: ImportKindName;
  headers: string[];
  preview: string[][];
  mapping: MappingEntry[];
  onChange: (mapping: MappingEntry[]) => void;
}) {
  const fields = IMPORT_FIELDS[kind];
  const fieldOf = (header: string) => mapping.find((m) => m.header === header)?.field ?? "";
  // A field comes from one column: choosing it for a column takes it from any other.
  const set = (header: string, field: string) =>
    onChange(
      headers.flatMap((h) => {
        const f = h === header ? field : fieldOf(h);
        return f && (h === header || f !== field) ? [{ header: h, field: f }] : [];
      }),
    );
  return (
    <Table aria-label="Column mapping">
      <thead>
        <tr>
          <Th>Column in the file</Th>
          <Th>Imported as</Th>
          <Th>First values</Th>
        </tr>
      </thead>
      <tbody>
        {headers.map((h, i) => (
          <Tr key={`${h}-${i}`}>
            <Td className="font-medium">{h || <span className="text-slate-400">(no header)</span>}</Td>
            <Td>
              <select
                aria-label={`Field for ${h}`}
                value={fieldOf(h)}
                onChange={(e) => set(h, e.target.value)}
                className="h-7 rounded-md border border-slate-300 bg-white pl-2 pr-7 text-sm"
              >
                <option value="">— not imported —</option>
                {fields.map((f) => (
                  <option key={f.field} value={f.field}>
                    {f.label}
                    {f.required ? " *" : ""}
                  </option>
                ))}
              </select>
            </Td>
            <Td className="max-w-xs truncate text-xs text-slate-500">{preview.map((r) => r[i] ?? "").filter(Boolean).slice(0, 3).join(" · ")}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
