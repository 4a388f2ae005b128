import { ListX, SearchX } from "lucide-react";
import { useLocation, useNavigate } from "react-router";

import { useFamilies, useTaskList } from "@/api/queries";
import { EmptyState } from "@/components/feedback/EmptyState";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Card } from "@/components/ui/card";
import { hasActiveFilters, paramsFromFilters } from "@/tasks/filter-params";
import { Pagination } from "@/tasks/Pagination";
import { TaskFilters } from "@/tasks/TaskFilters";
import { TaskTable } from "@/tasks/TaskTable";
import { useTaskFilters } from "@/tasks/useTaskFilters";

/** Cursors of the pages before the current one, kept in history state (back/forward safe). */
type PageHistory = { previousCursors?: (string | null)[] };

export function TasksPage() {
  const { filters, cursor, setFilters, clearFilters } = useTaskFilters();
  const location = useLocation();
  const navigate = useNavigate();
  const previousCursors = (location.state as PageHistory | null)?.previousCursors ?? [];
  const tasks = useTaskList(filters, cursor);
  const families = useFamilies();

  const goToPage = (next: string | null, stack: (string | null)[]) => {
    const search = paramsFromFilters(filters, next).toString();
    navigate({ search: search ? `?${search}` : "" }, { state: { previousCursors: stack } });
  };
  const pageNumber = cursor === null ? 1 : previousCursors.length > 0 ? previousCursors.length + 1 : null;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Tasks</h1>
        <p className="text-sm text-muted-foreground">Every task the registry has seen, most recently updated first.</p>
      </div>
      <TaskFilters filters={filters} families={families.data?.items} onChange={setFilters} onClear={clearFilters} />
      <Card className="overflow-hidden">
        {tasks.isPending ? (
          <LoadingRows />
        ) : tasks.isError ? (
          <div className="p-4">
            <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
          </div>
        ) : tasks.data.items.length === 0 ? (
          hasActiveFilters(filters) ? (
            <EmptyState icon={SearchX} title="No tasks match these filters">
              Loosen a filter or{" "}
              <button className="cursor-pointer underline" onClick={clearFilters}>
                clear all filters
              </button>
              .
            </EmptyState>
          ) : (
            <EmptyState icon={ListX} title="No tasks registered yet">
              Build a DAG with <code className="font-mono">sd.build(task)</code> while the registry is running
              (<code className="font-mono">stardag server up</code>) and its tasks appear here.
            </EmptyState>
          )
        ) : (
          <div className={tasks.isPlaceholderData ? "opacity-60" : undefined}>
            <TaskTable tasks={tasks.data.items} />
          </div>
        )}
        {tasks.data && (tasks.data.items.length > 0 || cursor) && (
          <Pagination
            pageNumber={pageNumber}
            shownCount={tasks.data.items.length}
            hasPrevious={cursor !== null}
            hasNext={Boolean(tasks.data.next_cursor)}
            busy={tasks.isFetching && tasks.isPlaceholderData}
            onFirst={() => goToPage(null, [])}
            onPrevious={() =>
              previousCursors.length > 0
                ? goToPage(previousCursors[previousCursors.length - 1], previousCursors.slice(0, -1))
                : goToPage(null, [])
            }
            onNext={() => goToPage(tasks.data.next_cursor ?? null, [...previousCursors, cursor])}
          />
        )}
      </Card>
    </div>
  );
}
