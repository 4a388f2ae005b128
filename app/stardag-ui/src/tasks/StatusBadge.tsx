import { CheckCircle2, CircleDashed, Loader2, XCircle } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import type { TaskStatus as Status } from "@/api/types";
import { cn } from "@/lib/utils";

const ICONS = {
  pending: CircleDashed,
  running: Loader2,
  completed: CheckCircle2,
  failed: XCircle,
} as const;

/** Colours per status, shared by badges, graph nodes and the family bars. */
export const STATUS_COLORS: Record<Status, { fill: string; border: string; text: string; dot: string }> = {
  pending: { fill: "#f8fafc", border: "#cbd5e1", text: "#475569", dot: "#94a3b8" },
  running: { fill: "#f0f9ff", border: "#7dd3fc", text: "#0369a1", dot: "#0ea5e9" },
  completed: { fill: "#ecfdf5", border: "#6ee7b7", text: "#047857", dot: "#10b981" },
  failed: { fill: "#fef2f2", border: "#fca5a5", text: "#b91c1c", dot: "#ef4444" },
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
      {status}
    </Badge>
  );
}
