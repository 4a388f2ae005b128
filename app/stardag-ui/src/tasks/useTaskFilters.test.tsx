import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type * as React from "react";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { installFakeApi } from "@/test/fake-api";
import { useTaskFilters } from "@/tasks/useTaskFilters";

let api: ReturnType<typeof installFakeApi>;
beforeEach(() => {
  api = installFakeApi({ "/api/v1/tasks": () => ({ body: { items: [], next_cursor: null } }) });
});
afterEach(() => vi.unstubAllGlobals());

function setup(initialUrl: string) {
  const result: { current: ReturnType<typeof useTaskFilters> & { search: string } } = {
    current: undefined as never,
  };
  function Probe() {
    const state = useTaskFilters();
    const location = useLocation();
    result.current = { ...state, search: location.search };
    return null;
  }
  const router = createMemoryRouter([{ path: "/tasks", element: <Probe /> }], { initialEntries: [initialUrl] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: React.ReactNode }) => (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
      {children}
    </QueryClientProvider>
  );
  renderHook(() => null, { wrapper });
  return { result, router };
}

describe("useTaskFilters", () => {
  it("reads filters from the URL", () => {
    const { result } = setup("/tasks?family=Train&status=failed");
    expect(result.current.filters.family).toBe("Train");
    expect(result.current.filters.status).toEqual(["failed"]);
    expect(result.current.cursor).toBeNull();
  });

  it("writes a change to the URL and resets the page cursor", () => {
    const { result } = setup("/tasks?family=Train&cursor=abc");
    act(() => result.current.setFilters({ status: ["running"] }));
    expect(result.current.search).toBe("?family=Train&status=running");
    expect(result.current.cursor).toBeNull();
  });

  it("starts loading the new page as soon as a filter changes", () => {
    const { result } = setup("/tasks");
    act(() => result.current.setFilters({ family: "GetSum" }));
    const request = api.requests.find((url) => url.searchParams.get("family") === "GetSum");
    expect(request?.searchParams.get("limit")).toBe("50");
  });

  it("pushes history entries so back restores the previous filters", async () => {
    const { result, router } = setup("/tasks");
    act(() => result.current.setFilters({ family: "GetSum" }));
    act(() => result.current.setFilters({ status: ["failed"] }));
    expect(result.current.search).toBe("?family=GetSum&status=failed");
    await act(() => router.navigate(-1));
    expect(result.current.filters).toMatchObject({ family: "GetSum", status: [] });
    await act(() => router.navigate(-1));
    expect(result.current.filters.family).toBeUndefined();
  });

  it("clears every filter", () => {
    const { result } = setup("/tasks?family=Train&status=failed&q=x");
    act(() => result.current.clearFilters());
    expect(result.current.search).toBe("");
  });
});
