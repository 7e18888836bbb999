/** The signed-in person's name and sign out. */
import { Button } from "@/ui/Button";
import { useSession } from "@/features/auth/hooks/useSession";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";

export function UserMenu() {
  const session = useSession();
  const { userName } = useWorkspace();
  return (
    <div className="flex items-center gap-2">
      <span className="hidden text-sm text-slate-600 md:inline" data-testid="current-user">{userName || session.user?.name}</span>
      <Button size="sm" variant="ghost" onClick={session.signOut}>
        Sign out
      </Button>
    </div>
  );
}
