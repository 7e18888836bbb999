/** The id of one grid cell (component row x lecturer column); also sent as presence `editingCell`. */
export function cellKey(allocationTypeId: string, groupId: string | null | undefined, lecturerId: string): string {
  return `${allocationTypeId}:${groupId ?? "all"}:${lecturerId}`;
}
