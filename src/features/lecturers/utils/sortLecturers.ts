/** Sorting the lecturer list by a column, ascending or descending, names as tie-breaker. */
export type LecturerListRow = {
  lecturerId: string;
  profileId: string;
  name: string;
  email: string;
  department: string;
  team: string;
  departmentId?: string;
  teamId?: string;
  fte: number;
  family: string;
  allocated: number;
  contract: number;
  utilisation: number;
  band: string;
};

export type SortKey = "name" | "department" | "team" | "fte" | "allocated" | "utilisation";
export type Sort = { key: SortKey; dir: "asc" | "desc" };

export function sortLecturers(rows: LecturerListRow[], sort: Sort): LecturerListRow[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.name.localeCompare(b.name);
  });
}
