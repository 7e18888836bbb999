/**
 * Shown to a signed-in person with no organisation: create one (with its
 * first academic year), or wait for an invitation.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { getErrorInfo } from "@/lib/getErrorInfo";
import { useSession } from "@/features/auth/hooks/useSession";
import { useCreateOrganisation } from "../hooks/useCreateOrganisation";
import { useState } from "react";

const schema = z
  .object({
    name: z.string().trim().min(2, "Enter at least 2 characters."),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,16}$/, "2–16 letters, digits or dashes, e.g. UNI-CS."),
    yearName: z.string().trim().min(1, "Name the year, e.g. 2026/27."),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD."),
    end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD."),
  })
  .refine((v) => v.start < v.end, { path: ["end"], message: "The year must end after it starts." });

type Values = z.infer<typeof schema>;

export function CreateOrganisationForm() {
  const create = useCreateOrganisation();
  const session = useSession();
  const [serverError, setServerError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", code: "", yearName: "2026/27", start: "2026-09-01", end: "2027-08-31" },
  });
  const onSubmit = handleSubmit(async (v) => {
    setServerError(null);
    try {
      await create({ name: v.name, code: v.code, firstYear: { name: v.yearName, start_date: v.start, end_date: v.end } });
    } catch (e) {
      setServerError(getErrorInfo(e).message);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="w-full max-w-md space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div>
        <h1 className="text-lg font-semibold">You are not in an organisation yet</h1>
        <p className="text-sm text-slate-500">
          Ask an administrator to invite {session.user?.email ?? "you"}, or create a new organisation.
        </p>
      </div>
      <Input label="Organisation name" {...register("name")} error={formState.errors.name?.message} />
      <Input label="Code" {...register("code")} error={formState.errors.code?.message} />
      <Input label="First academic year" {...register("yearName")} error={formState.errors.yearName?.message} />
      <div className="grid grid-cols-2 gap-3">
        <Input label="Starts" type="date" {...register("start")} error={formState.errors.start?.message} />
        <Input label="Ends" type="date" {...register("end")} error={formState.errors.end?.message} />
      </div>
      {serverError && (
        <p role="alert" className="text-sm text-red-600">
          {serverError}
        </p>
      )}
      <div className="flex justify-between">
        <Button variant="ghost" onClick={session.signOut}>
          Sign out
        </Button>
        <Button type="submit" variant="primary" loading={formState.isSubmitting}>
          Create organisation
        </Button>
      </div>
    </form>
  );
}
