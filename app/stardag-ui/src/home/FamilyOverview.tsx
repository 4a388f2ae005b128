import { Boxes } from "lucide-react";
import { Link } from "react-router";

import { TASK_STATUSES, type FamilySummary } from "@/api/types";
import { EmptyState } from "@/components/feedback/EmptyState";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { paramsFromFilters } from "@/tasks/filter-params";
import { STATUS_COLORS } from "@/tasks/StatusBadge";

function StatusBar({ family }: { family: FamilySummary }) {
  return (
    <div className="flex h-2 w-full min-w-32 overflow-hidden rounded-full bg-muted">
      {TASK_STATUSES.map((status) => {
        const count = family.counts[status] ?? 0;
        if (!count || !family.total) return null;
        return (
          <div
            key={status}
            style={{ width: `${(100 * count) / family.total}%`, background: STATUS_COLORS[status].dot }}
            title={`${count} ${status}`}
          />
        );
      })}
    </div>
  );
}

/** Families with their task counts per status; each count links to the filtered list. */
export function FamilyOverview({ families }: { families: FamilySummary[] }) {
  if (families.length === 0) {
    return (
      <EmptyState icon={Boxes} title="No tasks yet">
        Run <code className="font-mono">sd.build(...)</code> with the registry up and the families you build show
        here.
      </EmptyState>
    );
  }
  return (
    <Table data-testid="family-table">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Family</TableHead>
          <TableHead className="w-1/3">Status</TableHead>
          {TASK_STATUSES.map((status) => (
            <TableHead key={status} className="text-right">
              {status}
            </TableHead>
          ))}
          <TableHead className="text-right">Total</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {families.map((family) => {
          const base = { family: family.family, namespace: family.namespace || undefined, status: [] };
          return (
            <TableRow key={`${family.namespace}/${family.family}`}>
              <TableCell className="font-medium">
                <Link to={`/tasks?${paramsFromFilters(base)}`} className="hover:underline">
                  {family.family}
                </Link>
                {family.namespace && <span className="ml-2 text-xs text-muted-foreground">{family.namespace}</span>}
              </TableCell>
              <TableCell>
                <StatusBar family={family} />
              </TableCell>
              {TASK_STATUSES.map((status) => {
                const count = family.counts[status] ?? 0;
                return (
                  <TableCell key={status} className="text-right tabular-nums">
                    {count ? (
                      <Link
                        to={`/tasks?${paramsFromFilters({ ...base, status: [status] })}`}
                        className="hover:underline"
                        style={{ color: STATUS_COLORS[status].text }}
                      >
                        {count.toLocaleString()}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground/60">0</span>
                    )}
                  </TableCell>
                );
              })}
              <TableCell className="text-right font-medium tabular-nums">{family.total.toLocaleString()}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
