/** Route: /admin/users — members, invitations and role grants. */
import { PeopleManager } from "@/features/people/components/PeopleManager";

export function UsersPage() {
  return <PeopleManager />;
}
