/**
 * A rollover job's result (its preview's answer or its run's outcome) read
 * into rows the summary shows: per kind what is created, already there and
 * skipped, the skip reasons in words, warnings, examples and what resets.
 */
import { ROLLOVER_KINDS, SKIP_REASONS } from "@convex/lib/rollover/plan";

export type RolloverSummaryRow = {
  kind: string;
  label: string;
  created: number;
  existing: number;
  skipped: number;
  detail: string[];
  reasons: { reason: string; label: string; count: number }[];
};

export type RolloverSummary = {
  rows: RolloverSummaryRow[];
  warnings: { code: string; message: string; entity_type?: string; entity_id?: string }[];
  warningsOmitted: number;
  examples: { kind: string; name: string; note: string }[];
  resets: string[];
  carriedHours?: number;
  target?: { id: string | null; name: string; existing: boolean };
  source?: { id: string; name: string };
};

type Raw = {
  counts?: Record<string, Record<string, number>>;
  skipped?: Record<string, Record<string, number>>;
  warnings?: RolloverSummary["warnings"];
  warnings_omitted?: number;
  examples?: RolloverSummary["examples"];
  resets?: string[];
  carried_hours?: number;
  target?: RolloverSummary["target"];
  source?: RolloverSummary["source"];
};

const DETAIL: Record<string, (c: Record<string, number>) => string[]> = {
  lecturers: (c) => [
    c.from_last_year ? `${c.from_last_year} with last year's FTE, family, department and team` : "",
    c.from_profile ? `${c.from_profile} from their profile's defaults (no record last year)` : "",
  ],
  iterations: (c) => [
    c.from_last_year ? `${c.from_last_year} from last year's pattern` : "",
    c.from_module ? `${c.from_module} from the module's defaults (no iteration last year)` : "",
  ],
  admin_allocations: (c) => [c.one_off ? `${c.one_off} one-off, not carried` : ""],
};

export function rolloverSummary(resultJson: string | undefined): RolloverSummary {
  const raw = (resultJson ? JSON.parse(resultJson) : {}) as Raw;
  const rows = Object.keys(ROLLOVER_KINDS)
    .filter((kind) => raw.counts?.[kind])
    .map((kind) => {
      const c = raw.counts![kind];
      const reasons = Object.entries(raw.skipped?.[kind] ?? {})
        .filter(([, n]) => n > 0)
        .map(([reason, count]) => ({ reason, label: SKIP_REASONS[reason] ?? reason, count }));
      return {
        kind,
        label: ROLLOVER_KINDS[kind],
        created: c.created ?? 0,
        existing: c.existing ?? 0,
        skipped: c.skipped ?? 0,
        detail: (DETAIL[kind]?.(c) ?? []).filter(Boolean),
        reasons,
      };
    });
  return {
    rows,
    warnings: raw.warnings ?? [],
    warningsOmitted: raw.warnings_omitted ?? 0,
    examples: raw.examples ?? [],
    resets: raw.resets ?? [],
    carriedHours: raw.carried_hours,
    target: raw.target,
    source: raw.source,
  };
}
