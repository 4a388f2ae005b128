/**
 * The Stats view's charts (recharts; loaded only when the Stats page opens): runs per
 * day with failures, and p50/p95 duration per family.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { FamilyRunStats } from "@/api/types";
import { formatDuration } from "@/lib/format";

const COMPLETED = "#10b981";
const FAILED = "#ef4444";

/** Runs per day summed over families: completed and failed stacked. */
export function RunsPerDayChart({ families }: { families: FamilyRunStats[] }) {
  const days = new Map<string, { day: string; completed: number; failed: number }>();
  for (const family of families) {
    for (const point of family.trend) {
      const entry = days.get(point.day) ?? { day: point.day, completed: 0, failed: 0 };
      entry.failed += point.failed;
      entry.completed += point.runs - point.failed;
      days.set(point.day, entry);
    }
  }
  const data = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  return (
    <div className="h-64" data-testid="runs-per-day-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={11} />
          <YAxis fontSize={11} allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="completed" stackId="runs" fill={COMPLETED} isAnimationActive={false} />
          <Bar dataKey="failed" stackId="runs" fill={FAILED} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Median and 95th-percentile duration of completed runs, per family (slowest first). */
export function DurationChart({ families }: { families: FamilyRunStats[] }) {
  const data = families
    .filter((family) => family.p50_seconds !== null)
    .sort((a, b) => (b.p95_seconds ?? 0) - (a.p95_seconds ?? 0))
    .slice(0, 12)
    .map((family) => ({ family: family.family, p50: family.p50_seconds, p95: family.p95_seconds }));
  return (
    <div className="h-64" data-testid="duration-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" fontSize={11} tickFormatter={(value: number) => formatDuration(value)} />
          <YAxis type="category" dataKey="family" width={120} fontSize={11} />
          <Tooltip formatter={(value: number) => formatDuration(value)} />
          <Legend />
          <Bar dataKey="p50" fill="#0ea5e9" isAnimationActive={false} />
          <Bar dataKey="p95" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
