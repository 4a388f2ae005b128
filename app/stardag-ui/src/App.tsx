import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import * as React from "react";
import { createBrowserRouter, RouterProvider } from "react-router";

import { ApiError } from "@/api/errors";
import { RouteError } from "@/components/feedback/RouteError";
import { AppShell } from "@/components/layout/AppShell";
import { TooltipProvider } from "@/components/ui/tooltip";
import { PollIntervalProvider } from "@/lib/poll-interval";
import { LiveUpdatesProvider } from "@/live/LiveUpdates";
import { AuthCallbackPage } from "@/pages/AuthCallbackPage";
import { BuildDetailPage } from "@/pages/builds/BuildDetailPage";
import { BuildsPage } from "@/pages/builds/BuildsPage";
import { HomePage } from "@/pages/HomePage";
import { NotFoundPage } from "@/pages/NotFoundPage";
import { StatsPage } from "@/pages/StatsPage";
import { TaskDetailPage } from "@/pages/TaskDetailPage";
import { TaskGraphPage } from "@/pages/TaskGraphPage";
import { TasksPage } from "@/pages/TasksPage";


export const routes = [
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/tasks", element: <TasksPage /> },
      { path: "/tasks/:taskId", element: <TaskDetailPage /> },
      { path: "/tasks/:taskId/graph", element: <TaskGraphPage /> },
      { path: "/builds", element: <BuildsPage /> },
      { path: "/builds/:buildId", element: <BuildDetailPage /> },
      { path: "/stats", element: <StatsPage /> },
      { path: "/auth/callback", element: <AuthCallbackPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

/** A query client whose retries skip answers that will not change (4xx). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      },
    },
  });
}

export function App() {
  const [queryClient] = React.useState(createQueryClient);
  const [router] = React.useState(() => createBrowserRouter(routes));
  return (
    <QueryClientProvider client={queryClient}>
      <LiveUpdatesProvider>
        <PollIntervalProvider>
          <TooltipProvider delayDuration={300}>
            <RouterProvider router={router} />
          </TooltipProvider>
        </PollIntervalProvider>
      </LiveUpdatesProvider>
    </QueryClientProvider>
  );
}
