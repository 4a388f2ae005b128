import { useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { useSearchParams } from "react-router";

import { type TaskListFilters, taskListQuery } from "@/api/queries";
import { FILTER_PARAM, filtersFromParams, paramsFromFilters } from "@/tasks/filter-params";

/**
 * Filter and page state of the task list, read from and written to the URL. Every
 * change pushes a history entry, so back/forward step through filter states; a
 * filter change always returns to the first page. The new page's request starts at
 * once, in parallel with the navigation and re-render it causes.
 */
export function useTaskFilters() {
  const [params, setParams] = useSearchParams();
  const filters = React.useMemo(() => filtersFromParams(params), [params]);
  const cursor = params.get(FILTER_PARAM.cursor);

  const queryClient = useQueryClient();
  const setFilters = React.useCallback(
    (change: Partial<TaskListFilters>) => {
      const next = { ...filtersFromParams(params), ...change };
      // Key it as the page will after the URL round trip, so the page finds it in flight.
      void queryClient.prefetchQuery(taskListQuery(filtersFromParams(paramsFromFilters(next)), null));
      setParams(paramsFromFilters(next));
    },
    [params, queryClient, setParams],
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
