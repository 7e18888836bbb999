/** The signed-out screen: Clerk's sign-in when configured, else the local dev sign-in. */
import { lazy, Suspense } from "react";
import { DevSignIn } from "@/features/auth/components/DevSignIn";
import { useSession } from "@/features/auth/hooks/useSession";
import { QueryBoundary } from "@/ui/QueryBoundary";
import { Spinner } from "@/ui/Spinner";

const SignIn = lazy(() => import("@clerk/clerk-react").then((m) => ({ default: m.SignIn })));

export function SignInPage() {
  const session = useSession();
  return (
    <div className="flex min-h-full items-center justify-center bg-slate-50 p-6">
      {session.mode === "clerk" ? (
        <Suspense fallback={<Spinner />}>
          <SignIn />
        </Suspense>
      ) : (
        <QueryBoundary title="The local backend is not reachable">
          <DevSignIn />
        </QueryBoundary>
      )}
    </div>
  );
}
