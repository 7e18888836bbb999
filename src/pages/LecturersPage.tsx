/** Route: /lecturers — the virtualised lecturer list. */
import { LecturerList } from "@/features/lecturers/components/LecturerList";

export function LecturersPage() {
  return <LecturerList />;
}
