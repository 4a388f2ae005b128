import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";

import { routes } from "@/App";
import { PollIntervalProvider } from "@/lib/poll-interval";

/** Render the real app routes at `url`, with a fresh query client and no retries. */
export function renderApp(url: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const utils = render(
    <QueryClientProvider client={client}>
      <PollIntervalProvider>
        <RouterProvider router={router} />
      </PollIntervalProvider>
    </QueryClientProvider>,
  );
  return { ...utils, router, client };
}
