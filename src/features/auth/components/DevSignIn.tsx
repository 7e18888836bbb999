/**
 * The local dev sign-in: pick a seeded person (their organisation and roles
 * are shown), or type any email to sign in as someone new.
 */
import { useMemo, useState } from "react";
import { Badge } from "@/ui/Badge";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Spinner } from "@/ui/Spinner";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useListDevUsers, type DevUser } from "../hooks/useListDevUsers";
import { useSession } from "../hooks/useSession";

const ROLE_TONE: Record<string, "indigo" | "purple" | "green" | "blue" | "neutral"> = {
  Admin: "purple",
  "Head of Department": "indigo",
  Planner: "green",
  Lecturer: "blue",
  Viewer: "neutral",
};

export function DevSignIn() {
  const users = useListDevUsers();
  const session = useSession();
  const [filter, setFilter] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [custom, setCustom] = useState("");

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (users ?? []).filter((u) => !q || `${u.name} ${u.email} ${u.roles.join(" ")} ${u.organisationName}`.toLowerCase().includes(q));
  }, [users, filter]);

  const signInAs = async (person: Pick<DevUser, "email" | "name">) => {
    setBusy(person.email);
    setError(null);
    try {
      await session.signIn?.(person);
    } catch (e) {
      setError(getErrorInfo(e).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="w-full max-w-xl rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="border-b border-slate-100 px-6 py-4">
        <div className="flex items-center gap-2">
          <span className="grid h-7 w-7 place-items-center rounded bg-indigo-600 text-sm font-bold text-white" aria-hidden>
            W
          </span>
          <h1 className="text-lg font-semibold">Sign in to WorkloadWizard</h1>
        </div>
        <p className="mt-1 text-sm text-slate-500">Local development: choose a demo person. Their role decides what you can see and do.</p>
      </div>
      <div className="px-6 py-4">
        <Input
          placeholder="Filter by name, role or organisation"
          aria-label="Filter people"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-600">
            {error}
          </p>
        )}
        <div className="mt-3 max-h-[50vh] overflow-auto rounded-md border border-slate-200">
          {users === undefined ? (
            <Spinner label="Loading demo people…" />
          ) : shown.length === 0 ? (
            <p className="p-4 text-sm text-slate-500">No demo people{filter ? " match" : " yet — is the seed loaded?"}.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Demo people">
              {shown.map((u) => (
                <li key={`${u.email}-${u.organisationName}`}>
                  <button
                    type="button"
                    data-testid="dev-user"
                    data-email={u.email}
                    onClick={() => void signInAs(u)}
                    disabled={busy !== null}
                    className="flex w-full items-center justify-between gap-3 px-3 py-2 text-left hover:bg-slate-50 disabled:opacity-60"
                  >
                    <span className="min-w-0">
                      <span className="block truncate text-sm font-medium text-slate-800">{u.name}</span>
                      <span className="block truncate text-xs text-slate-500">
                        {u.email} · {u.organisationName}
                      </span>
                    </span>
                    <span className="flex shrink-0 gap-1">
                      {busy === u.email ? (
                        <span className="text-xs text-slate-500">Signing in…</span>
                      ) : (
                        u.roles.map((r) => (
                          <Badge key={r} tone={ROLE_TONE[r] ?? "neutral"}>
                            {r}
                          </Badge>
                        ))
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <form
          className="mt-4 flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const email = custom.trim().toLowerCase();
            if (/^[^@\s]+@[^@\s]+$/.test(email)) void signInAs({ email, name: email.split("@")[0] });
            else setError("Enter a valid email address.");
          }}
        >
          <div className="flex-1">
            <Input
              label="Or sign in as any email"
              placeholder="someone@example.ac.uk"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
          </div>
          <Button type="submit">Continue</Button>
        </form>
      </div>
    </div>
  );
}
