/** When a lecturer can or cannot teach (scheduling peer, reference 001); feeds allocation warnings. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_availability",
  label: "availability entry",
  view: "lecturers.view",
  fields: columns("lecturer_availability", ["lecturer_profile_id", "academic_year_id", "semester", "weekday", "start_time", "end_time", "available", "reason"]),
});
