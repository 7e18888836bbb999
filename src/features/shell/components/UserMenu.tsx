/** The signed-in person's name and sign out. */
import { useNavigate } from "react-router";
import { Button } from "@/ui/Button";
import { useSession } from "@/features/auth/hooks/useSession";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function UserMenu() {
  const session = useSession();
  const { userName } = useWorkspace();
  const navigate = useNavigate();
  return (
    <div className="flex items-center gap-2">
      <span className="hidden text-sm text-slate-600 md:inline" data-testid="current-user">
        {userName || session.user?.name}
      </span>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => {
          navigate("/");
          session.signOut();
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
