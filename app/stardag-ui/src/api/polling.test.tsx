import { waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { installFakeApi, task } from "@/test/fake-api";
import { renderApp } from "@/test/render";

const FAST_POLL_MS = 40;

beforeEach(() => window.localStorage.setItem("stardag.pollIntervalMs", String(FAST_POLL_MS)));
afterEach(() => {
  window.localStorage.clear();
  vi.unstubAllGlobals();
});

function shownStatus(): string | null | undefined {
  return document.querySelector('[data-testid="task-row"] [data-status]')?.getAttribute("data-status");
}

function listRequests(api: ReturnType<typeof installFakeApi>) {
  return api.requests.filter((url) => url.pathname === "/api/v1/tasks").length;
}

describe("auto-refresh", () => {
  it("polls the list while a shown task is running, and stops when all are done", async () => {
    let status = "running";
    const api = installFakeApi({
      "/api/v1/families": () => ({ body: { items: [] } }),
      "/api/v1/tasks": () => ({ body: { items: [task({ status })], next_cursor: null } }),
    });
    renderApp("/tasks");
    await waitFor(() => expect(shownStatus()).toBe("running"));
    await waitFor(() => expect(listRequests(api)).toBeGreaterThanOrEqual(3));

    status = "completed";
    await waitFor(() => expect(shownStatus()).toBe("completed"));
    // A request already in flight when the status changed may still land; then it stops.
    await new Promise((resolve) => setTimeout(resolve, FAST_POLL_MS * 2));
    const settled = listRequests(api);
    await new Promise((resolve) => setTimeout(resolve, FAST_POLL_MS * 5));
    expect(listRequests(api)).toBe(settled);
  });

  it("does not poll a list of finished tasks", async () => {
    const api = installFakeApi({
      "/api/v1/families": () => ({ body: { items: [] } }),
      "/api/v1/tasks": () => ({ body: { items: [task({ status: "failed" })], next_cursor: null } }),
    });
    renderApp("/tasks");
    await waitFor(() => expect(shownStatus()).toBe("failed"));
    await new Promise((resolve) => setTimeout(resolve, FAST_POLL_MS * 5));
    expect(listRequests(api)).toBe(1);
  });
});
