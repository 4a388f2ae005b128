import { ChevronRight } from "lucide-react";
import * as React from "react";
import { Link } from "react-router";

import { shortId, taskRef } from "@/lib/format";
import { cn } from "@/lib/utils";

/** Containers at this depth or deeper start collapsed, so big parameters stay readable. */
const AUTO_COLLAPSE_DEPTH = 2;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-slate-400">null</span>;
  if (typeof value === "string") return <span className="break-all text-emerald-700">"{value}"</span>;
  if (typeof value === "number") return <span className="text-sky-700">{value}</span>;
  if (typeof value === "boolean") return <span className="text-violet-700">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Node({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const isContainer = typeof value === "object" && value !== null;
  const [open, setOpen] = React.useState(depth < AUTO_COLLAPSE_DEPTH);
  const label = name !== undefined && <span className="text-slate-600">{name}: </span>;
  const ref = taskRef(value);

  if (!isContainer) {
    return (
      <div className="pl-5">
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const [openBracket, closeBracket] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  const summary = Array.isArray(value) ? `${entries.length} items` : `${entries.length} keys`;

  return (
    <div>
      <button
        type="button"
        className="inline-flex cursor-pointer items-center text-left hover:bg-muted/60 rounded"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
      >
        <ChevronRight className={cn("size-4 text-muted-foreground transition-transform", open && "rotate-90")} />
        {label}
        <span className="text-muted-foreground">
          {openBracket}
          {!open && ` ${summary} ${closeBracket}`}
        </span>
        {ref && (
          <span className="ml-2 rounded bg-muted px-1.5 text-[11px] text-muted-foreground">task</span>
        )}
      </button>
      {ref && (
        <Link
          to={`/tasks/${encodeURIComponent(ref.taskId)}`}
          className="ml-5 text-xs text-sky-700 hover:underline"
        >
          open {ref.family} {shortId(ref.taskId)} →
        </Link>
      )}
      {open && (
        <div className="ml-2 border-l border-dashed pl-1">
          {entries.map(([key, child]) => (
            <Node key={key} name={Array.isArray(value) ? undefined : key} value={child} depth={depth + 1} />
          ))}
          <div className="pl-1 text-muted-foreground">{closeBracket}</div>
        </div>
      )}
    </div>
  );
}

/** Readable, collapsible JSON (task parameters); task references link to their task. */
export function JsonView({ value, className }: { value: unknown; className?: string }) {
  const isEmptyObject =
    typeof value === "object" && value !== null && Object.keys(value as object).length === 0;
  if (isEmptyObject) return <p className="text-sm text-muted-foreground">No parameters.</p>;
  return (
    <div className={cn("font-mono text-xs leading-6", className)} data-testid="json-view">
      <Node value={value} depth={0} />
    </div>
  );
}
