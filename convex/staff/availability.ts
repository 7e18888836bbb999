/** When a lecturer can or cannot teach (scheduling peer, reference 001); feeds allocation warnings. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_availability",
  label: "availability entry",
  view: "lecturers.view",
  edit: "lecturers.edit",
  fields: columns("lecturer_availability", ["lecturer_profile_id", "academic_year_id", "semester", "weekday", "start_time", "end_time", "available", "reason"]),
  refs: { lecturer_profile_id: "lecturer_profiles", academic_year_id: "academic_years" },
});
