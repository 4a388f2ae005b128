/**
 * A scripted stand-in for the registry's HTTP API in component tests: it answers
 * `fetch` from a route table and records every request, so a test can assert on the
 * exact query the UI sent. (The real API is exercised by the e2e tests.)
 */
import { vi } from "vitest";

type Handler = (url: URL) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

export function installFakeApi(routes: Record<string, Handler>) {
  const requests: URL[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(url);
    const handler = routes[url.pathname];
    if (!handler) {
      return new Response(JSON.stringify({ detail: `No route ${url.pathname}`, code: "not_found" }), {
        status: 404,
        headers: { "content-type": "application/json" },
      });
    }
    const { status = 200, body } = await handler(url);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { requests, fetchMock };
}

export function task(overrides: Record<string, unknown> = {}) {
  return {
    task_id: "0f8fad5b-d9cb-469f-a165-70867728950e",
    namespace: "",
    family: "get_sum",
    version: null,
    parameters: { limit: 10 },
    output_uri: "/tmp/out.json",
    status: "completed",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    started_at: null,
    finished_at: null,
    duration_seconds: 1.5,
    user: null,
    host: null,
    commit_hash: null,
    ...overrides,
  };
}
