/** Route: /lecturers/:profileId — one lecturer's year, allocations and history. */
import { useParams } from "react-router";
import { LecturerDetail } from "@/features/lecturers/components/LecturerDetail";

export function LecturerDetailPage() {
  const { profileId } = useParams();
  return profileId ? <LecturerDetail profileId={profileId} /> : null;
}
