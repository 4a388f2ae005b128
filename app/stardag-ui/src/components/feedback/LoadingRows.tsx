import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder rows while a list loads (keeps the layout from jumping). */
export function LoadingRows({ rows = 8 }: { rows?: number }) {
  return (
    <div className="space-y-2 p-4" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-7 w-full" />
      ))}
    </div>
  );
}
