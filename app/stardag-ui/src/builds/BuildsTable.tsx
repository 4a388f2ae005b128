import { Link } from "react-router";

import type { BuildPublic } from "@/api/types";
import { buildSeconds } from "@/builds/build-format";
import { StateCounts } from "@/builds/StateCounts";
import { RelativeTime } from "@/components/RelativeTime";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration, formatExact, shortId } from "@/lib/format";
import { StatusBadge } from "@/tasks/StatusBadge";

/** Builds newest first: status, when, how long, their tasks per state and what failed first. */
export function BuildsTable({ builds }: { builds: BuildPublic[] }) {
  return (
    <Table data-testid="builds-table">
      <TableHeader>
        <TableRow>
          <TableHead>Build</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Started</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead>Tasks</TableHead>
          <TableHead>By</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {builds.map((build) => (
          <TableRow key={build.build_id} data-testid="build-row" data-build-id={build.build_id}>
            <TableCell>
              <Link to={`/builds/${build.build_id}`} className="font-mono text-xs text-sky-700 hover:underline">
                {shortId(build.build_id)}
              </Link>
            </TableCell>
            <TableCell>
              <StatusBadge status={build.status} />
            </TableCell>
            <TableCell className="text-xs text-muted-foreground" title={formatExact(build.started_at)}>
              <RelativeTime iso={build.started_at} />
            </TableCell>
            <TableCell className="text-right text-xs tabular-nums">{formatDuration(buildSeconds(build))}</TableCell>
            <TableCell>
              <StateCounts counts={build.state_counts} />
            </TableCell>
            <TableCell className="text-xs text-muted-foreground">
              {[build.user, build.host].filter(Boolean).join("@") || "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
