import { formatExact, formatRelative } from "@/lib/format";

/** "5 minutes ago", with the exact local time on hover. */
export function RelativeTime({ iso, className }: { iso: string | null | undefined; className?: string }) {
  if (!iso) return <span className="text-muted-foreground">—</span>;
  return (
    <time dateTime={iso} title={formatExact(iso)} className={className}>
      {formatRelative(iso)}
    </time>
  );
}
