/** The shapes the editor works with: one module allocation row, and a cell's value. */
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
  /** Carried from last year by a rollover: a starting point to review. */
  carried?: boolean;
};

/** What a cell holds: a share, optionally with an hours override and the override's (required) reason. */
export type CellValue = { share: number; hours_override?: number; override_reason?: string };
