/**
 * Data access for every page: TanStack Query hooks over the typed client, with one
 * place that defines the query keys so invalidation and tests agree on them.
 */
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/api/client";
import type { GraphDirection, LogRecord, TaskStatus } from "@/api/types";
import { config } from "@/lib/config";
import { usePollInterval } from "@/lib/poll-interval";

/** Filters of the task list, exactly as the API takes them. */
export interface TaskListFilters {
  family?: string;
  namespace?: string;
  status: TaskStatus[];
  search?: string;
}

export interface GraphOptions {
  direction: GraphDirection;
  depth: number;
  maxNodes: number;
}

export const queryKeys = {
  tasks: (filters: TaskListFilters, cursor: string | null) => ["tasks", "list", filters, cursor] as const,
  task: (taskId: string) => ["tasks", "detail", taskId] as const,
  related: (taskId: string, direction: "upstream" | "downstream") =>
    ["tasks", "related", taskId, direction] as const,
  graph: (taskId: string, options: GraphOptions) => ["tasks", "graph", taskId, options] as const,
  runs: (taskId: string) => ["tasks", "runs", taskId] as const,
  logs: (runId: string) => ["runs", "logs", runId] as const,
  families: () => ["families"] as const,
  builds: (limit: number, status?: string) => ["builds", "list", limit, status ?? null] as const,
  build: (buildId: string, taskLimit?: number) => ["builds", "detail", buildId, taskLimit ?? null] as const,
  stats: () => ["stats"] as const,
  familyStats: (days: number) => ["stats", "families", days] as const,
  taskStats: (days: number) => ["stats", "tasks", days] as const,
};

const ACTIVE = new Set<string>(["pending", "running"]);

/** True when anything in `statuses` may still change, i.e. worth polling for. */
export function anyActive(statuses: Iterable<string | null | undefined>): boolean {
  for (const status of statuses) if (status && ACTIVE.has(status)) return true;
  return false;
}

/** The refetch interval for `data`: poll only while `isActive(data)` holds. */
function pollIf<T>(interval: number, data: T | undefined, isActive: (data: T) => boolean): number | false {
  return interval > 0 && data !== undefined && isActive(data) ? interval : false;
}

/** Query options of one task-list page (shared by the hook and filter-change prefetch). */
export function taskListQuery(filters: TaskListFilters, cursor: string | null) {
  return queryOptions({
    queryKey: queryKeys.tasks(filters, cursor),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/tasks", {
          signal,
          params: {
            query: {
              family: filters.family || undefined,
              namespace: filters.namespace ?? undefined,
              status: filters.status.length ? filters.status : undefined,
              search: filters.search || undefined,
              limit: config.taskPageSize,
              cursor: cursor ?? undefined,
            },
          },
        }),
      ),
  });
}

export function useTaskList(filters: TaskListFilters, cursor: string | null) {
  const interval = usePollInterval();
  return useQuery({
    ...taskListQuery(filters, cursor),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      pollIf(interval, query.state.data, (page) => anyActive(page.items.map((t) => t.status))),
  });
}

export function useTask(taskId: string) {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.task(taskId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/tasks/{task_id}", { signal, params: { path: { task_id: taskId } } })),
    refetchInterval: (query) => pollIf(interval, query.state.data, (task) => anyActive([task.status])),
  });
}

export function useRelatedTasks(taskId: string | undefined, direction: "upstream" | "downstream") {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.related(taskId ?? "", direction),
    enabled: Boolean(taskId),
    queryFn: ({ signal }) => {
      const options = { signal, params: { path: { task_id: taskId! }, query: { depth: 1 } } };
      return unwrap(
        direction === "upstream"
          ? api.GET("/api/v1/tasks/{task_id}/upstream", options)
          : api.GET("/api/v1/tasks/{task_id}/downstream", options),
      );
    },
    refetchInterval: (query) => pollIf(interval, query.state.data, (page) => anyActive(page.items.map((t) => t.status))),
  });
}

export function useTaskGraph(taskId: string, options: GraphOptions) {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.graph(taskId, options),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/tasks/{task_id}/graph/compact", {
          signal,
          params: {
            path: { task_id: taskId },
            query: { direction: options.direction, depth: options.depth, max_nodes: options.maxNodes },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollIf(interval, query.state.data, (graph) => anyActive(graph.nodes.map((n) => n.status))),
  });
}

export function useTaskRuns(taskId: string | undefined) {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.runs(taskId ?? ""),
    enabled: Boolean(taskId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/tasks/{task_id}/runs", {
          signal,
          params: { path: { task_id: taskId! }, query: { limit: 100 } },
        }),
      ),
    refetchInterval: (query) => pollIf(interval, query.state.data, (runs) => anyActive(runs.items.map((r) => r.status))),
  });
}

/** The most log records the UI loads for one run; more are reachable by download. */
export const LOG_LOAD_LIMIT = 10_000;

export function useRunLogs(runId: string | undefined, runActive: boolean) {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.logs(runId ?? ""),
    enabled: Boolean(runId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/runs/{run_id}/logs", {
          signal,
          params: { path: { run_id: runId! }, query: { limit: LOG_LOAD_LIMIT } },
        }),
      ),
    refetchInterval: runActive && interval > 0 ? interval : false,
  });
}

/** Every log record of a run, page by page (for the download button). */
export async function fetchAllLogs(runId: string): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await unwrap(
      api.GET("/api/v1/runs/{run_id}/logs", {
        params: { path: { run_id: runId }, query: { limit: LOG_LOAD_LIMIT, after_seq: afterSeq } },
      }),
    );
    records.push(...page.items);
    if (page.next_after_seq === null || page.next_after_seq === undefined || page.items.length === 0) {
      return records;
    }
    afterSeq = page.next_after_seq;
  }
}

export function useFamilies() {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.families(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/families", { signal })),
    refetchInterval: (query) => pollIf(interval, query.state.data, (families) =>
      families.items.some((f) => (f.counts.pending ?? 0) + (f.counts.running ?? 0) > 0),
    ),
  });
}

export function useBuilds(limit = 10, status?: "running" | "completed" | "failed") {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.builds(limit, status),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/builds", { signal, params: { query: { limit, status } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollIf(interval, query.state.data, (builds) => anyActive(builds.items.map((b) => b.status))),
  });
}

/** One build with every task's state (or the first `taskLimit`), its first failure and
 *  what that failure blocked. */
export function useBuild(buildId: string, taskLimit?: number, enabled = true) {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.build(buildId, taskLimit),
    enabled,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/builds/{build_id}", {
          signal,
          params: { path: { build_id: buildId }, query: { task_limit: taskLimit } },
        }),
      ),
    refetchInterval: (query) => pollIf(interval, query.state.data, (build) => anyActive([build.status])),
  });
}

export function useStats() {
  const interval = usePollInterval();
  return useQuery({
    queryKey: queryKeys.stats(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/stats", { signal })),
    refetchInterval: (query) => pollIf(interval, query.state.data, (stats) => {
      const byStatus = stats.by_status as Record<string, number | undefined>;
      return (byStatus.pending ?? 0) + (byStatus.running ?? 0) > 0;
    }),
  });
}

/** Runs per family over the last `days` days: success rate, p50/p95 duration, daily trend. */
export function useFamilyStats(days: number) {
  return useQuery({
    queryKey: queryKeys.familyStats(days),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/stats/families", { signal, params: { query: { days } } })),
    placeholderData: keepPreviousData,
  });
}

/** The slowest and the most-failing tasks over the last `days` days. */
export function useTaskStats(days: number) {
  return useQuery({
    queryKey: queryKeys.taskStats(days),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/stats/tasks", { signal, params: { query: { days } } })),
    placeholderData: keepPreviousData,
  });
}

/** Tasks in the first answer of a build page: enough for its first screen. */
export const BUILD_FIRST_TASKS = 500;

/**
 * A build for its page, in two steps: the first BUILD_FIRST_TASKS tasks (those that ran
 * first) with everything else about the build, and, when that answer says it was cut,
 * all its tasks. A 10,000-task build's page is drawn and usable from the small answer
 * (tens of kB) while the full one (megabytes) is on its way; a small build costs one
 * request. `loadingRest` says the rest is coming.
 */
export function useBuildInSteps(buildId: string) {
  const first = useBuild(buildId, BUILD_FIRST_TASKS);
  const full = useBuild(buildId, undefined, first.data?.tasks_truncated === true);
  const data = full.data ?? first.data;
  const loadingRest = full.data === undefined && first.data?.tasks_truncated === true;
  return { ...first, data, loadingRest } as typeof first & { loadingRest: boolean };
}
