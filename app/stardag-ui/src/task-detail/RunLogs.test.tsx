import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { RunLogs } from "@/task-detail/RunLogs";
import { installFakeApi } from "@/test/fake-api";

const RUN_ID = "11111111-2222-3333-4444-555555555555";
const records = [
  { seq: 1, timestamp: "2026-01-01T00:00:01Z", level: "DEBUG", logger: "app", message: "start", stream: "log" },
  { seq: 2, timestamp: "2026-01-01T00:00:02Z", level: "INFO", logger: "io", message: "read 10 rows", stream: "log" },
  { seq: 3, timestamp: "2026-01-01T00:00:03Z", level: "ERROR", logger: "app", message: "boom", stream: "log" },
];

afterEach(() => vi.unstubAllGlobals());

function renderLogs() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <RunLogs runId={RUN_ID} runActive={false} />
    </QueryClientProvider>,
  );
}

describe("RunLogs", () => {
  it("filters by minimum level and by text", async () => {
    installFakeApi({ [`/api/v1/runs/${RUN_ID}/logs`]: () => ({ body: { items: records, next_after_seq: null } }) });
    renderLogs();
    expect(await screen.findAllByTestId("log-line")).toHaveLength(3);
    await userEvent.selectOptions(screen.getByLabelText("Minimum log level"), "INFO");
    expect(screen.getAllByTestId("log-line")).toHaveLength(2);
    await userEvent.type(screen.getByLabelText("Search logs"), "boom");
    expect(screen.getAllByTestId("log-line")).toHaveLength(1);
    expect(screen.getByTestId("log-count")).toHaveTextContent("1 of 3 lines");
  });

  it("downloads every record, page by page", async () => {
    const api = installFakeApi({
      [`/api/v1/runs/${RUN_ID}/logs`]: (url) =>
        url.searchParams.get("after_seq") === "2"
          ? { body: { items: records.slice(2), next_after_seq: null } }
          : { body: { items: records.slice(0, 2), next_after_seq: 2 } },
    });
    const created: Blob[] = [];
    // jsdom has no object URLs; capture the blob the download would save.
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return "blob:logs";
    };
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    renderLogs();
    await screen.findAllByTestId("log-line");
    await userEvent.click(screen.getByRole("button", { name: /download/i }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0]);
    });
    expect(text.trim().split("\n")).toHaveLength(3);
    expect(text).toContain("ERROR    app: boom");
    expect(api.requests.filter((u) => u.searchParams.get("after_seq") === "2")).toHaveLength(1);
  });

  it("says so when a run logged nothing", async () => {
    installFakeApi({ [`/api/v1/runs/${RUN_ID}/logs`]: () => ({ body: { items: [], next_after_seq: null } }) });
    renderLogs();
    expect(await screen.findByText("No logs for this run")).toBeInTheDocument();
  });

  it("says the logs were removed by retention when the server says so", async () => {
    installFakeApi({
      [`/api/v1/runs/${RUN_ID}/logs`]: () => ({
        body: { items: [], next_after_seq: null, removed_before: "2026-09-03T10:00:00Z" },
      }),
    });
    renderLogs();
    expect(await screen.findByText("Logs removed by retention")).toBeInTheDocument();
    expect(screen.getByText(/2026-09-03 10:00 UTC/)).toBeInTheDocument();
    expect(screen.queryByText("No logs for this run")).not.toBeInTheDocument();
  });
});
