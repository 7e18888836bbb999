/**
 * A new external system: its name (what people call it, e.g. "SAP HR") and
 * what kind it is. Checked in the form (a name, at most 80 characters) and
 * by the server (no two systems with the same name), whose refusal is shown.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/ui/Button";
import { Input } from "@/ui/Input";
import { Select } from "@/ui/Select";
import { getErrorInfo } from "@/lib/getErrorInfo";
import type { FeedSystemKind } from "../hooks/useIntegrations";
import { SYSTEM_KIND_LABELS } from "../utils/systemKindLabels";

const KINDS: FeedSystemKind[] = ["hr_feed", "student_records", "timetabling"];

const schema = z.object({
  name: z.string().trim().min(1, "Give the system a name (e.g. the product people know it by).").max(80, "Keep the name to 80 characters."),
  kind: z.enum(["hr_feed", "student_records", "timetabling"], { message: "Choose what kind of system it is." }),
});
type Values = z.input<typeof schema>;

export function CreateSystemForm({ onCreate }: { onCreate: (name: string, kind: FeedSystemKind) => Promise<unknown> }) {
  const [serverError, setServerError] = useState<string | null>(null);
  const { register, handleSubmit, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", kind: "" as FeedSystemKind },
  });
  const submit = handleSubmit(async (v) => {
    setServerError(null);
    try {
      await onCreate(v.name.trim(), v.kind);
      reset();
    } catch (e) {
      setServerError(getErrorInfo(e).message);
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-label="New external system" className="flex flex-wrap items-start gap-3">
      <div className="w-72">
        <Input label="Name" placeholder="e.g. SAP HR" {...register("name")} error={formState.errors.name?.message} />
      </div>
      <div className="w-56">
        <Select
          label="Kind"
          placeholder="Choose…"
          options={KINDS.map((k) => ({ value: k, label: SYSTEM_KIND_LABELS[k] }))}
          {...register("kind")}
          error={formState.errors.kind?.message}
        />
      </div>
      <Button type="submit" variant="primary" className="mt-5" loading={formState.isSubmitting}>
        Add system
      </Button>
      {serverError && (
        <p role="alert" className="w-full text-sm text-red-700">
          {serverError}
        </p>
      )}
    </form>
  );
}
