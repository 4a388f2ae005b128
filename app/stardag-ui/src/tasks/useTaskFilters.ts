import * as React from "react";
import { useSearchParams } from "react-router";

import type { TaskListFilters } from "@/api/queries";
import { FILTER_PARAM, filtersFromParams, paramsFromFilters } from "@/tasks/filter-params";

/**
 * Filter and page state of the task list, read from and written to the URL. Every
 * change pushes a history entry, so back/forward step through filter states; a
 * filter change always returns to the first page.
 */
export function useTaskFilters() {
  const [params, setParams] = useSearchParams();
  const filters = React.useMemo(() => filtersFromParams(params), [params]);
  const cursor = params.get(FILTER_PARAM.cursor);

  const setFilters = React.useCallback(
    (change: Partial<TaskListFilters>) => {
      setParams((current) => paramsFromFilters({ ...filtersFromParams(current), ...change }));
    },
    [setParams],
  );

  const setCursor = React.useCallback(
    (next: string | null) => {
      setParams((current) => paramsFromFilters(filtersFromParams(current), next));
    },
    [setParams],
  );

  const clearFilters = React.useCallback(() => setParams(new URLSearchParams()), [setParams]);

  return { filters, cursor, setFilters, setCursor, clearFilters };
}
