/** Subjects a lecturer teaches (reference 001); a module outside them raises a warning. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_specialisations",
  label: "specialisation",
  view: "lecturers.view",
  fields: columns("lecturer_specialisations", ["lecturer_profile_id", "subject", "level"]),
  sortBy: "subject",
});
