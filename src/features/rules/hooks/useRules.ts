/** The chosen year's calculation rules and writes to them (each write recomputes that year only). */
import { useMutation, useQuery } from "convex/react";
import { useMemo } from "react";
import { api } from "@/lib/api";
import { toId } from "@/lib/toId";
import { useWorkspace } from "@/features/workspace/hooks/useWorkspace";
import { requireYearId } from "@/features/workspace/utils/requireYearId";
import type { Rule, RuleInput } from "../utils/ruleDraft";

export function useRules() {
  const { organisationId, academicYearId } = useWorkspace();
  const rows = useQuery(api.workload.rules.list, academicYearId ? { organisationId, academicYearId } : "skip");
  const create = useMutation(api.workload.rules.create);
  const update = useMutation(api.workload.rules.update);
  const remove = useMutation(api.workload.rules.remove);
  return useMemo(
    () => ({
      rules: rows && [...rows].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name)),
      /** Resolves to the new rule's id. */
      create: async (rule: RuleInput): Promise<string> =>
        (await create({ organisationId, academicYearId: requireYearId(academicYearId), rule })).id,
      update: (r: Rule, patch: RuleInput) =>
        update({ organisationId, ruleId: toId<"workload_calculation_rules">(r._id), expectedVersion: r.version, patch }),
      remove: (r: Rule) => remove({ organisationId, ruleId: toId<"workload_calculation_rules">(r._id), expectedVersion: r.version }),
    }),
    [rows, create, update, remove, organisationId, academicYearId],
  );
}
