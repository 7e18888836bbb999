/** The shape of one module allocation row as the editor uses it. */
export type AllocationRow = {
  _id: string;
  module_iteration_id: string;
  group_id?: string;
  lecturer_id: string;
  allocation_type_id: string;
  share: number;
  first_time: boolean;
  hours_override?: number;
  override_reason?: string;
  computed_hours: number;
  hours?: number;
  response_status: "pending" | "accepted" | "queried";
  response_comment?: string;
  version: number;
  lecturer_name?: string;
  group_name?: string;
  allocation_type_name?: string;
  iteration_code?: string;
  module_title?: string;
  work_category?: string;
};

/** What a cell holds: a share, optionally with an hours override. */
export type CellValue = { share: number; hours_override?: number };

/** The hours an allocation counts for (override first). */
export function hoursOf(a: Pick<AllocationRow, "hours_override" | "computed_hours" | "hours">): number {
  return a.hours_override ?? a.hours ?? a.computed_hours;
}

/** A cell's value as it reads: "50% · 12.5h" style parts. */
export function describeValue(v: CellValue | null): string {
  if (!v) return "empty";
  return v.hours_override !== undefined ? `${v.share}% share, ${v.hours_override}h (override)` : `${v.share}% share`;
}
