/** The utilisation distribution as a bar chart; bars take the colour of the band they fall in. */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HistogramBucket } from "@convex/lib/workload/distribution";
import { bandFor } from "@convex/lib/workload/bands";
import { DEFAULT_SETTINGS } from "@convex/lib/workload/defaults";
import { styleForBand } from "@/features/workload/utils/styleForBand";

export function UtilisationHistogram({
  buckets,
  thresholds,
}: {
  buckets: HistogramBucket[];
  thresholds?: typeof DEFAULT_SETTINGS.band_thresholds;
}) {
  const data = buckets.map((b) => ({ ...b, mid: b.to === null ? b.from + 0.05 : (b.from + b.to) / 2 - 0.0001 }));
  return (
    <div
      className="h-56 w-full"
      role="img"
      aria-label={`Utilisation distribution: ${buckets
        .filter((b) => b.count)
        .map((b) => `${b.label}: ${b.count}`)
        .join(", ")}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 10, fill: "#64748b" }} interval={1} tickLine={false} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => [`${v} lecturers`, "Count"]} cursor={{ fill: "#f1f5f9" }} />
          <Bar dataKey="count" radius={[3, 3, 0, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={styleForBand(bandFor(d.mid, thresholds ?? DEFAULT_SETTINGS.band_thresholds)).fill} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
