/**
 * The task list's filter state lives in the URL (shareable links, back/forward).
 * These two pure functions are the whole mapping, so tests can pin it down.
 */
import type { TaskListFilters } from "@/api/queries";
import { TASK_STATUSES, type TaskStatus } from "@/api/types";

export const FILTER_PARAM = {
  family: "family",
  namespace: "namespace",
  status: "status",
  search: "q",
  cursor: "cursor",
} as const;

const KNOWN_STATUSES = new Set<string>(TASK_STATUSES);

/** Read filters from the query string; unknown statuses are dropped, order kept canonical. */
export function filtersFromParams(params: URLSearchParams): TaskListFilters {
  const statuses = new Set(params.getAll(FILTER_PARAM.status).filter((s) => KNOWN_STATUSES.has(s)));
  const namespace = params.get(FILTER_PARAM.namespace);
  return {
    family: params.get(FILTER_PARAM.family) || undefined,
    // An empty namespace is a real namespace (the default one), so keep "" when present.
    namespace: namespace === null ? undefined : namespace,
    status: TASK_STATUSES.filter((s) => statuses.has(s)) as TaskStatus[],
    search: params.get(FILTER_PARAM.search)?.trim() || undefined,
  };
}

/** Write filters (and an optional page cursor) to a fresh query string. */
export function paramsFromFilters(filters: TaskListFilters, cursor: string | null = null): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.family) params.set(FILTER_PARAM.family, filters.family);
  if (filters.namespace !== undefined) params.set(FILTER_PARAM.namespace, filters.namespace);
  for (const status of filters.status) params.append(FILTER_PARAM.status, status);
  if (filters.search) params.set(FILTER_PARAM.search, filters.search);
  if (cursor) params.set(FILTER_PARAM.cursor, cursor);
  return params;
}

/** True when any filter narrows the list (for "clear filters" and empty-state text). */
export function hasActiveFilters(filters: TaskListFilters): boolean {
  return Boolean(
    filters.family || filters.namespace !== undefined || filters.status.length || filters.search,
  );
}
