import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { installFakeApi, task } from "@/test/fake-api";
import { renderApp } from "@/test/render";

const families = {
  items: [
    { namespace: "", family: "get_sum", total: 3, counts: { pending: 0, running: 0, completed: 2, failed: 1 } },
    { namespace: "", family: "train", total: 5, counts: { pending: 1, running: 1, completed: 3, failed: 0 } },
  ],
};

function pageOf(prefix: string, count: number, nextCursor: string | null) {
  return {
    items: Array.from({ length: count }, (_, i) =>
      task({ task_id: `${prefix}${String(i).padStart(7, "0")}-0000-0000-0000-000000000000`, family: prefix }),
    ),
    next_cursor: nextCursor,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("task list page", () => {
  it("sends the URL's filters to the API and shows the rows", async () => {
    const api = installFakeApi({
      "/api/v1/families": () => ({ body: families }),
      "/api/v1/tasks": () => ({ body: pageOf("a", 3, null) }),
    });
    renderApp("/tasks?family=get_sum&status=failed&status=pending&q=abc");
    expect(await screen.findAllByTestId("task-row")).toHaveLength(3);
    const query = api.requests.find((url) => url.pathname === "/api/v1/tasks")!.searchParams;
    expect(query.get("family")).toBe("get_sum");
    expect(query.getAll("status")).toEqual(["pending", "failed"]);
    expect(query.get("search")).toBe("abc");
    expect(query.get("cursor")).toBeNull();
  });

  it("shows family counts in the filter and narrows by family", async () => {
    const api = installFakeApi({
      "/api/v1/families": () => ({ body: families }),
      "/api/v1/tasks": (url) => ({ body: pageOf(url.searchParams.get("family") === "train" ? "b" : "a", 2, null) }),
    });
    const { router } = renderApp("/tasks");
    await screen.findAllByTestId("task-row");
    const familySelect = screen.getByLabelText("Family");
    await waitFor(() => expect(within(familySelect).getByText("train (5)")).toBeInTheDocument());
    await userEvent.selectOptions(familySelect, "train");
    await waitFor(() => expect(router.state.location.search).toBe("?family=train"));
    await waitFor(() =>
      expect(api.requests.some((url) => url.searchParams.get("family") === "train")).toBe(true),
    );
  });

  it("pages forward and back with the server's cursors", async () => {
    installFakeApi({
      "/api/v1/families": () => ({ body: families }),
      "/api/v1/tasks": (url) => {
        const cursor = url.searchParams.get("cursor");
        if (cursor === null) return { body: pageOf("a", 2, "CURSOR-2") };
        if (cursor === "CURSOR-2") return { body: pageOf("b", 2, "CURSOR-3") };
        return { body: pageOf("c", 1, null) };
      },
    });
    const { router } = renderApp("/tasks?family=get_sum");
    await screen.findAllByTestId("task-row");
    expect(screen.getByTestId("page-info")).toHaveTextContent("Page 1");
    expect(screen.getByRole("button", { name: /previous/i })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: /next/i }));
    await waitFor(() => expect(screen.getByTestId("page-info")).toHaveTextContent("Page 2"));
    expect(router.state.location.search).toBe("?family=get_sum&cursor=CURSOR-2");
    await waitFor(() => expect(screen.getAllByTestId("task-row")[0].dataset.taskId).toMatch(/^b/));

    await userEvent.click(screen.getByRole("button", { name: /next/i }));
    await waitFor(() => expect(screen.getByTestId("page-info")).toHaveTextContent("Page 3"));
    expect(screen.getByRole("button", { name: /next/i })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: /previous/i }));
    await waitFor(() => expect(screen.getByTestId("page-info")).toHaveTextContent("Page 2"));
    expect(router.state.location.search).toBe("?family=get_sum&cursor=CURSOR-2");

    await userEvent.click(screen.getByRole("button", { name: /first page/i }));
    await waitFor(() => expect(screen.getByTestId("page-info")).toHaveTextContent("Page 1"));
    expect(router.state.location.search).toBe("?family=get_sum");
  });

  it("tells the user when no server answers", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("fetch failed");
      }),
    );
    renderApp("/tasks");
    const error = await screen.findAllByTestId("error-state");
    expect(error[0]).toHaveTextContent("No server at http://registry.test");
    expect(error[0]).toHaveTextContent("stardag server up");
  });

  it("explains an empty registry and empty filter results differently", async () => {
    installFakeApi({
      "/api/v1/families": () => ({ body: { items: [] } }),
      "/api/v1/tasks": () => ({ body: { items: [], next_cursor: null } }),
    });
    const { unmount } = renderApp("/tasks");
    expect(await screen.findByText("No tasks registered yet")).toBeInTheDocument();
    unmount();
    renderApp("/tasks?status=failed");
    expect(await screen.findByText("No tasks match these filters")).toBeInTheDocument();
  });
});
