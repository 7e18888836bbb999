/** Unknown routes. */
import { Link } from "react-router";
import { EmptyState } from "@/ui/EmptyState";

export function NotFoundPage() {
  return (
    <EmptyState
      title="Page not found"
      description="The address does not match a page."
      action={
        <Link className="text-sm text-indigo-600 hover:underline" to="/">
          Go to the start page
        </Link>
      }
    />
  );
}
