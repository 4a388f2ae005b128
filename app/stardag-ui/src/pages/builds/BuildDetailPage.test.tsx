import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { BUILD_FIRST_TASKS } from "@/api/queries";
import { installFakeApi } from "@/test/fake-api";
import { renderApp } from "@/test/render";

const BUILD_ID = "6f1c2b7e-0000-4000-8000-000000000001";
const START = Date.parse("2026-01-01T00:00:00Z");

function buildTask(i: number) {
  const at = (ms: number) => new Date(START + ms).toISOString();
  return {
    task_id: `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`,
    namespace: "",
    family: "step",
    parameters: { i },
    state: "completed",
    cause_task_id: null,
    run_id: `${String(i).padStart(8, "0")}-0000-4000-8000-00000000aaaa`,
    started_at: at(i * 10),
    finished_at: at(i * 10 + 5),
    duration_seconds: 0.005,
    error_message: null,
    updated_at: at(i * 10 + 5),
  };
}

function build(taskCount: number, limit: number) {
  const tasks = Array.from({ length: Math.min(taskCount, limit) }, (_, i) => buildTask(i));
  return {
    build_id: BUILD_ID,
    root_task_ids: [tasks[0].task_id],
    status: "completed",
    user: null,
    host: null,
    commit_hash: null,
    started_at: new Date(START).toISOString(),
    finished_at: new Date(START + taskCount * 10).toISOString(),
    failed_by_sweep: false,
    task_count: taskCount,
    state_counts: { completed: taskCount },
    failed_task_ids: [],
    tasks,
    tasks_truncated: taskCount > limit,
    first_failure: null,
  };
}

afterEach(() => vi.unstubAllGlobals());

// The app also asks how to sign in (/api/v1/auth/config); these tests count the build's requests.
function buildRequests(requests: URL[]): URL[] {
  return requests.filter((url) => url.pathname === `/api/v1/builds/${BUILD_ID}`);
}

describe("build page", () => {
  it("draws a big build from its first tasks, then shows all of them", async () => {
    let releaseFull: () => void = () => undefined;
    const fullArrives = new Promise<void>((resolve) => (releaseFull = resolve));
    const api = installFakeApi({
      [`/api/v1/builds/${BUILD_ID}`]: async (url) => {
        const limit = url.searchParams.get("task_limit");
        if (limit === null) await fullArrives;
        return { body: build(3000, limit === null ? 20_000 : Number(limit)) };
      },
    });
    renderApp(`/builds/${BUILD_ID}`);
    const timeline = await screen.findByTestId("timeline");
    expect(timeline).toHaveAttribute("data-bars", String(BUILD_FIRST_TASKS));
    expect(screen.getByTestId("build-loading-rest")).toBeInTheDocument();
    const limits = buildRequests(api.requests).map((url) => url.searchParams.get("task_limit"));
    expect(limits).toEqual([String(BUILD_FIRST_TASKS), null]);

    releaseFull();
    await waitFor(() => expect(screen.getByTestId("timeline")).toHaveAttribute("data-bars", "3000"));
    expect(screen.queryByTestId("build-loading-rest")).not.toBeInTheDocument();
  });

  it("asks once for a small build", async () => {
    const api = installFakeApi({ [`/api/v1/builds/${BUILD_ID}`]: (url) => ({ body: build(20, Number(url.searchParams.get("task_limit") ?? 20_000)) }) });
    renderApp(`/builds/${BUILD_ID}`);
    expect(await screen.findByTestId("timeline")).toHaveAttribute("data-bars", "20");
    expect(screen.queryByTestId("build-loading-rest")).not.toBeInTheDocument();
    expect(buildRequests(api.requests)).toHaveLength(1);
  });
});
