import type { GraphOptions } from "@/api/queries";
import type { GraphDirection } from "@/api/types";
import { NativeSelect } from "@/components/ui/native-select";

export const DEPTH_CHOICES = [1, 2, 3, 5, 10, 0] as const;
export const CAP_CHOICES = [100, 500, 1000, 2000, 5000, 10000, 20000] as const;
/** The API's upper bound for `max_nodes`. */
export const MAX_NODE_CAP = 20000;

/** Direction, depth and node-cap pickers of the graph view. */
export function GraphControls({
  options,
  onChange,
}: {
  options: GraphOptions;
  onChange: (change: Partial<GraphOptions>) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-2">
        <span className="text-muted-foreground">Direction</span>
        <NativeSelect
          aria-label="Direction"
          className="w-36"
          value={options.direction}
          onChange={(e) => onChange({ direction: e.target.value as GraphDirection })}
        >
          <option value="both">Both</option>
          <option value="upstream">Upstream</option>
          <option value="downstream">Downstream</option>
        </NativeSelect>
      </label>
      <label className="flex items-center gap-2">
        <span className="text-muted-foreground">Depth</span>
        <NativeSelect
          aria-label="Depth"
          className="w-28"
          value={String(options.depth)}
          onChange={(e) => onChange({ depth: Number(e.target.value) })}
        >
          {DEPTH_CHOICES.map((d) => (
            <option key={d} value={d}>
              {d === 0 ? "All" : d}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className="flex items-center gap-2">
        <span className="text-muted-foreground">Max nodes</span>
        <NativeSelect
          aria-label="Max nodes"
          className="w-28"
          value={String(options.maxNodes)}
          onChange={(e) => onChange({ maxNodes: Number(e.target.value) })}
        >
          {[...new Set([...CAP_CHOICES, options.maxNodes])].sort((a, b) => a - b).map((cap) => (
            <option key={cap} value={cap}>
              {cap.toLocaleString()}
            </option>
          ))}
        </NativeSelect>
      </label>
    </div>
  );
}
