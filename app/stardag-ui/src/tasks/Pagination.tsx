import { ChevronLeft, ChevronRight, ChevronsLeft } from "lucide-react";

import { Button } from "@/components/ui/button";

/**
 * Cursor pagination: the API only knows "next", so "previous" walks back through the
 * cursors this tab has visited (kept by the page), and "first" always works.
 */
export function Pagination({
  pageNumber,
  shownCount,
  hasPrevious,
  hasNext,
  onFirst,
  onPrevious,
  onNext,
  busy,
}: {
  pageNumber: number | null;
  shownCount: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  busy?: boolean;
}) {
  return (
    <nav className="flex items-center justify-between gap-2 border-t px-4 py-2.5" aria-label="Pagination">
      <span className="text-xs text-muted-foreground" data-testid="page-info">
        {pageNumber !== null ? `Page ${pageNumber} · ` : ""}
        {shownCount} task{shownCount === 1 ? "" : "s"} shown
      </span>
      <div className="flex items-center gap-1.5">
        <Button variant="outline" size="sm" onClick={onFirst} disabled={!hasPrevious || busy} aria-label="First page">
          <ChevronsLeft />
        </Button>
        <Button variant="outline" size="sm" onClick={onPrevious} disabled={!hasPrevious || busy}>
          <ChevronLeft /> Previous
        </Button>
        <Button variant="outline" size="sm" onClick={onNext} disabled={!hasNext || busy}>
          Next <ChevronRight />
        </Button>
      </div>
    </nav>
  );
}
