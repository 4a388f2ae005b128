import { Ban, CheckCircle2, CircleDashed, CircleSlash, Loader2, SkipForward, XCircle } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import type { TaskStatus } from "@/api/types";
import { cn } from "@/lib/utils";

/** Task statuses, plus the states a build gives tasks it did not run. */
type Status = TaskStatus | "skipped" | "cancelled";

const ICONS = {
  pending: CircleDashed,
  running: Loader2,
  completed: CheckCircle2,
  failed: XCircle,
  upstream_failed: CircleSlash,
  skipped: SkipForward,
  cancelled: Ban,
} as const;

/** How a status reads to a user ("upstream_failed" → "upstream failed"). */
export function statusLabel(status: string): string {
  return status.replace("_", " ");
}

/** Colours per status, shared by badges, graph nodes and the family bars. */
export const STATUS_COLORS: Record<Status, { fill: string; border: string; text: string; dot: string }> = {
  pending: { fill: "#f8fafc", border: "#cbd5e1", text: "#475569", dot: "#94a3b8" },
  running: { fill: "#f0f9ff", border: "#7dd3fc", text: "#0369a1", dot: "#0ea5e9" },
  completed: { fill: "#ecfdf5", border: "#6ee7b7", text: "#047857", dot: "#10b981" },
  failed: { fill: "#fef2f2", border: "#fca5a5", text: "#b91c1c", dot: "#ef4444" },
  upstream_failed: { fill: "#fdf4ff", border: "#f0abfc", text: "#a21caf", dot: "#d946ef" },
  skipped: { fill: "#ffffff", border: "#a7f3d0", text: "#059669", dot: "#6ee7b7" },
  cancelled: { fill: "#ffffff", border: "#e2e8f0", text: "#64748b", dot: "#cbd5e1" },
};

function isStatus(value: string): value is Status {
  return value in ICONS;
}

/** A task's or run's status as a coloured pill with an icon (spinning while running). */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  if (!isStatus(status)) {
    return (
      <Badge variant="outline" className={className}>
        {status}
      </Badge>
    );
  }
  const Icon = ICONS[status];
  return (
    <Badge variant={status} className={cn("capitalize", className)} data-status={status}>
      <Icon className={cn("size-3", status === "running" && "animate-spin")} aria-hidden />
      {statusLabel(status)}
    </Badge>
  );
}
