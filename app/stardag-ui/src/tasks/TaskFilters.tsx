import { Search, X } from "lucide-react";
import * as React from "react";

import type { TaskListFilters } from "@/api/queries";
import { TASK_STATUSES, type FamilySummary, type TaskStatus } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { cn } from "@/lib/utils";
import { hasActiveFilters } from "@/tasks/filter-params";
import { STATUS_COLORS } from "@/tasks/StatusBadge";

const SEARCH_DEBOUNCE_MS = 300;

/** Family → total tasks, summed over namespaces (the filter is by family name). */
export function familyOptions(families: FamilySummary[], namespace?: string): [string, number][] {
  const totals = new Map<string, number>();
  for (const item of families) {
    if (namespace !== undefined && item.namespace !== namespace) continue;
    totals.set(item.family, (totals.get(item.family) ?? 0) + item.total);
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Status → count within the chosen family/namespace, for the status toggles. */
export function statusCounts(
  families: FamilySummary[],
  filters: Pick<TaskListFilters, "family" | "namespace">,
): Record<TaskStatus, number> {
  const counts: Record<TaskStatus, number> = {
    pending: 0,
    running: 0,
    completed: 0,
    failed: 0,
    upstream_failed: 0,
  };
  for (const item of families) {
    if (filters.family && item.family !== filters.family) continue;
    if (filters.namespace !== undefined && item.namespace !== filters.namespace) continue;
    for (const status of TASK_STATUSES) counts[status] += item.counts[status] ?? 0;
  }
  return counts;
}

/** Family, namespace, status and free-text filters of the task list. */
export function TaskFilters({
  filters,
  families,
  onChange,
  onClear,
}: {
  filters: TaskListFilters;
  families: FamilySummary[] | undefined;
  onChange: (change: Partial<TaskListFilters>) => void;
  onClear: () => void;
}) {
  const [searchText, setSearchText] = React.useState(filters.search ?? "");
  // Follow the URL when it changes underneath us (back/forward, clear).
  React.useEffect(() => setSearchText(filters.search ?? ""), [filters.search]);
  React.useEffect(() => {
    const trimmed = searchText.trim();
    if (trimmed === (filters.search ?? "")) return;
    const timer = window.setTimeout(() => onChange({ search: trimmed || undefined }), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [searchText, filters.search, onChange]);

  const namespaces = React.useMemo(
    () => [...new Set((families ?? []).map((f) => f.namespace))].sort(),
    [families],
  );
  const familyChoices = familyOptions(families ?? [], filters.namespace);
  const counts = statusCounts(families ?? [], filters);
  const selectedFamilyMissing = filters.family && !familyChoices.some(([name]) => name === filters.family);

  const toggleStatus = (status: TaskStatus) => {
    const next = filters.status.includes(status)
      ? filters.status.filter((s) => s !== status)
      : [...filters.status, status];
    onChange({ status: TASK_STATUSES.filter((s) => next.includes(s)) });
  };

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="task-filters">
      <div className="relative min-w-64 flex-1">
        <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          aria-label="Search tasks"
          placeholder="Search id prefix, family or parameter value…"
          className="pl-8"
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") onChange({ search: searchText.trim() || undefined });
          }}
        />
      </div>
      <NativeSelect
        aria-label="Family"
        className="w-56"
        value={filters.family ?? ""}
        onChange={(event) => onChange({ family: event.target.value || undefined })}
      >
        <option value="">All families</option>
        {familyChoices.map(([name, total]) => (
          <option key={name} value={name}>
            {name} ({total.toLocaleString()})
          </option>
        ))}
        {selectedFamilyMissing && <option value={filters.family}>{filters.family} (0)</option>}
      </NativeSelect>
      {(namespaces.length > 1 || filters.namespace !== undefined) && (
        <NativeSelect
          aria-label="Namespace"
          className="w-44"
          value={filters.namespace === undefined ? "__all__" : filters.namespace}
          onChange={(event) =>
            onChange({ namespace: event.target.value === "__all__" ? undefined : event.target.value })
          }
        >
          <option value="__all__">All namespaces</option>
          {namespaces.map((ns) => (
            <option key={ns} value={ns}>
              {ns || "(default)"}
            </option>
          ))}
        </NativeSelect>
      )}
      <div className="flex items-center gap-1" role="group" aria-label="Status">
        {TASK_STATUSES.map((status) => {
          const active = filters.status.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={active}
              data-testid={`status-toggle-${status}`}
              onClick={() => toggleStatus(status)}
              className={cn(
                "inline-flex h-9 cursor-pointer items-center gap-1.5 rounded-md border px-2.5 text-sm capitalize shadow-xs transition-colors",
                active ? "border-foreground/30 bg-accent font-medium" : "bg-card text-muted-foreground hover:bg-accent",
              )}
            >
              <span className="size-2 rounded-full" style={{ background: STATUS_COLORS[status].dot }} />
              {status}
              {families && <span className="text-xs tabular-nums text-muted-foreground">{counts[status]}</span>}
            </button>
          );
        })}
      </div>
      {hasActiveFilters(filters) && (
        <Button variant="ghost" size="sm" onClick={onClear}>
          <X /> Clear
        </Button>
      )}
    </div>
  );
}
