/** The signed-out screen: Clerk's sign-in when configured, else the local dev sign-in. */
import { SignIn } from "@clerk/clerk-react";
import { DevSignIn } from "@/features/auth/components/DevSignIn";
import { useSession } from "@/features/auth/hooks/useSession";
import { QueryBoundary } from "@/ui/QueryBoundary";

export function SignInPage() {
  const session = useSession();
  return (
    <div className="flex min-h-full items-center justify-center bg-slate-50 p-6">
      {session.mode === "clerk" ? (
        <SignIn />
      ) : (
        <QueryBoundary title="The local backend is not reachable">
          <DevSignIn />
        </QueryBoundary>
      )}
    </div>
  );
}
