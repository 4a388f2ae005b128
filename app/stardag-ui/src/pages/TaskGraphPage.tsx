import { ArrowLeft, TriangleAlert } from "lucide-react";
import * as React from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { type GraphOptions, useTaskGraph } from "@/api/queries";
import { type GraphDirection, TASK_STATUSES } from "@/api/types";
import { ErrorState } from "@/components/feedback/ErrorState";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { GraphControls, MAX_NODE_CAP } from "@/graph/GraphControls";
import { config } from "@/lib/config";
import { shortId } from "@/lib/format";
import { STATUS_COLORS, statusLabel } from "@/tasks/StatusBadge";

// React Flow and dagre load only when a small graph is shown, the canvas view only for a
// big one; the page itself (and so the graph request) is in the main bundle, so data and
// code download in parallel.
const TaskGraph = React.lazy(() => import("@/graph/TaskGraph").then((m) => ({ default: m.TaskGraph })));
const loadCanvasGraph = () => import("@/graph/canvas/CanvasGraph");
const CanvasGraph = React.lazy(() => loadCanvasGraph().then((m) => ({ default: m.CanvasGraph })));

/**
 * Above this many nodes the graph is drawn on a canvas: React Flow keeps a DOM element
 * per node, which stops being interactive at a few thousand; the canvas draws 10,000.
 */
export const CANVAS_MIN_NODES = 500;

const DIRECTIONS = new Set<string>(["both", "upstream", "downstream"]);

function optionsFromParams(params: URLSearchParams): GraphOptions {
  const direction = params.get("direction") ?? "both";
  // Without a depth in the URL the whole DAG is asked for; the page falls back to depth 2
  // when it is larger than the node cap (see TaskGraphPage).
  const depth = Number(params.get("depth") ?? 0);
  const maxNodes = Number(params.get("max_nodes") ?? config.defaultGraphNodeCap);
  return {
    direction: (DIRECTIONS.has(direction) ? direction : "both") as GraphDirection,
    depth: Number.isInteger(depth) && depth >= 0 ? depth : 0,
    // Any cap the API accepts works from the URL; the picker offers the usual ones.
    maxNodes: Number.isInteger(maxNodes) && maxNodes >= 1 && maxNodes <= MAX_NODE_CAP ? maxNodes : config.defaultGraphNodeCap,
  };
}

/** What the node colours mean (task statuses; the same colours as the badges). */
function Legend() {
  return (
    <div className="flex items-center gap-3 text-xs text-muted-foreground" data-testid="graph-legend">
      {TASK_STATUSES.map((status) => (
        <span key={status} className="inline-flex items-center gap-1">
          <span className="size-2.5 rounded-sm" style={{ background: STATUS_COLORS[status].dot }} />
          {statusLabel(status)}
        </span>
      ))}
    </div>
  );
}

/** The task's neighbourhood as a layered graph; click a node to open that task. */
export function TaskGraphPage() {
  const { taskId = "" } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const options = React.useMemo(() => optionsFromParams(params), [params]);
  const graph = useTaskGraph(taskId, options);
  // A cap above the canvas threshold may bring a big graph: fetch the canvas view's code
  // (and start its layout worker) while the data is on its way.
  React.useEffect(() => {
    if (options.maxNodes > CANVAS_MIN_NODES) void loadCanvasGraph();
  }, [options.maxNodes]);
  const root = graph.data?.nodes.find((n) => n.task_id === graph.data?.root_id);
  const depthChosen = params.has("depth");
  const wholeDagTooLarge = !depthChosen && options.depth === 0 && graph.data?.truncated === true;
  React.useEffect(() => {
    // The whole DAG does not fit under the cap: open on the task's neighbourhood instead.
    if (wholeDagTooLarge) {
      setParams(
        { direction: options.direction, depth: "2", max_nodes: String(options.maxNodes) },
        { replace: true },
      );
    }
  }, [wholeDagTooLarge, options.direction, options.maxNodes, setParams]);

  const setOptions = (change: Partial<GraphOptions>) => {
    const next = { ...options, ...change };
    setParams({ direction: next.direction, depth: String(next.depth), max_nodes: String(next.maxNodes) });
  };

  return (
    <div className="flex h-[calc(100vh-7rem)] flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <Button asChild variant="ghost" size="icon" aria-label="Back to task">
            <Link to={`/tasks/${taskId}`}>
              <ArrowLeft />
            </Link>
          </Button>
          <div>
            <h1 className="text-xl font-semibold tracking-tight">
              Graph of {root ? root.family : "task"}{" "}
              <span className="font-mono text-base text-muted-foreground">{shortId(taskId)}</span>
            </h1>
            {graph.data && (
              <p className="text-xs text-muted-foreground" data-testid="graph-summary">
                {graph.data.nodes.length} nodes · {graph.data.edges.length} edges
              </p>
            )}
          </div>
        </div>
        <GraphControls options={options} onChange={setOptions} />
      </div>
      {graph.data?.truncated && (
        <Alert variant="warning" data-testid="graph-truncated">
          <TriangleAlert />
          <div>
            <AlertTitle>This neighbourhood is larger than {options.maxNodes.toLocaleString()} nodes</AlertTitle>
            <AlertDescription>
              Only the nearest {graph.data.nodes.length.toLocaleString()} tasks are drawn. Lower the depth, pick one
              direction, or raise the node cap to see more.
            </AlertDescription>
          </div>
        </Alert>
      )}
      <Card className="relative min-h-0 flex-1 overflow-hidden" data-testid="graph-canvas">
        {graph.isPending ? (
          <Skeleton className="m-4 h-[calc(100%-2rem)]" />
        ) : graph.isError ? (
          <div className="p-4">
            <ErrorState error={graph.error} onRetry={() => void graph.refetch()} />
          </div>
        ) : (
          <React.Suspense fallback={<Skeleton className="m-4 h-[calc(100%-2rem)]" />}>
            {graph.data.nodes.length > CANVAS_MIN_NODES ? (
              <CanvasGraph graph={graph.data} onOpenTask={(id) => navigate(`/tasks/${id}`)} />
            ) : (
              <TaskGraph graph={graph.data} onOpenTask={(id) => navigate(`/tasks/${id}`)} />
            )}
          </React.Suspense>
        )}
      </Card>
      <Legend />
    </div>
  );
}
