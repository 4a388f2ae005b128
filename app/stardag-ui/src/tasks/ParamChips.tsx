import { keyParameters } from "@/lib/format";

/** The task's first few parameters as compact `name=value` chips. */
export function ParamChips({ parameters }: { parameters: Record<string, unknown> | null | undefined }) {
  const pairs = keyParameters(parameters);
  if (pairs.length === 0) return <span className="text-muted-foreground">—</span>;
  const total = Object.keys(parameters ?? {}).length;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {pairs.map(([name, value]) => (
        <span
          key={name}
          className="inline-flex max-w-56 items-center rounded border bg-muted/40 px-1.5 py-0.5 font-mono text-[11px]"
          title={`${name} = ${value}`}
        >
          <span className="text-muted-foreground">{name}=</span>
          <span className="truncate">{value}</span>
        </span>
      ))}
      {total > pairs.length && <span className="text-xs text-muted-foreground">+{total - pairs.length}</span>}
    </span>
  );
}
