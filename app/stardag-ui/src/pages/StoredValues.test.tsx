/**
 * Pages render whatever a client managed to store: parameters are free JSON, so a
 * malformed task reference must not take the list or the detail page down.
 */
import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { formatParamValue, keyParameters, taskRef } from "@/lib/format";
import { installFakeApi, task } from "@/test/fake-api";
import { renderApp } from "@/test/render";

const ODD_PARAMETERS: Record<string, unknown>[] = [
  { up: { __task_id__: null } },
  { up: { __task_id__: 12345 } },
  { __task_id__: "abcd1234", family: { a: 1 } },
  { up: { __task_id__: "abcd1234", family: ["x"] }, list: [null, { __task_id__: {} }] },
  { up: { __task_id__: "" }, deep: { a: { b: { c: { d: [1, "two", null, true] } } } } },
];

function detailOf(parameters: Record<string, unknown>) {
  return {
    ...task({ parameters }),
    task_data: { parameters, __task_id__: null },
    upstream_count: 0,
    downstream_count: 0,
    latest_run: null,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("stored values the UI cannot trust", () => {
  it("reads only string ids as task references", () => {
    expect(taskRef({ __task_id__: null })).toBeNull();
    expect(taskRef({ __task_id__: 7 })).toBeNull();
    expect(taskRef([1])).toBeNull();
    expect(taskRef({ __task_id__: "abcd1234", family: { a: 1 } })).toEqual({ taskId: "abcd1234", family: "task" });
    expect(formatParamValue({ __task_id__: null })).toBe('{"__task_id__":null}');
    expect(keyParameters(["not", "an", "object"] as unknown as Record<string, unknown>)).toEqual([]);
  });

  it.each(ODD_PARAMETERS)("the task list renders parameters %j", async (parameters) => {
    installFakeApi({
      "/api/v1/families": () => ({ body: { items: [] } }),
      "/api/v1/tasks": () => ({ body: { items: [task({ parameters })], next_cursor: null } }),
    });
    renderApp("/tasks");
    expect(await screen.findAllByTestId("task-row")).toHaveLength(1);
  });

  it.each(ODD_PARAMETERS)("the detail page renders parameters %j", async (parameters) => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    installFakeApi({
      [`/api/v1/tasks/${id}`]: () => ({ body: detailOf(parameters) }),
      [`/api/v1/tasks/${id}/runs`]: () => ({ body: { items: [] } }),
      [`/api/v1/tasks/${id}/upstream`]: () => ({ body: { task_id: id, items: [], truncated: false } }),
      [`/api/v1/tasks/${id}/downstream`]: () => ({ body: { task_id: id, items: [], truncated: false } }),
    });
    renderApp(`/tasks/${id}`);
    expect(await screen.findByTestId("json-view")).toBeInTheDocument();
    expect(screen.queryByText(/Unexpected Application Error/)).toBeNull();
  });
});
