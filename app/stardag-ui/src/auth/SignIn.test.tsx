import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { getApiKey, setApiKey } from "@/auth/api-key";
import { installFakeApi, task } from "@/test/fake-api";
import { renderApp } from "@/test/render";

const READ_KEY = "stardag_0123456789ab_secret";

afterEach(() => {
  vi.unstubAllGlobals();
  setApiKey(null);
});

describe("signing in with an API key", () => {
  it("asks for a key on 401, keeps it in sessionStorage and sends it as a bearer token", async () => {
    const authorizations: (string | null)[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: Request) => {
        const auth = input.headers.get("Authorization");
        authorizations.push(auth);
        const url = new URL(input.url);
        if (auth !== `Bearer ${READ_KEY}`) {
          return new Response(JSON.stringify({ detail: "needs a key", code: "unauthorized" }), {
            status: 401,
            headers: { "content-type": "application/json" },
          });
        }
        const body =
          url.pathname === "/api/v1/families" ? { items: [] } : { items: [task()], next_cursor: null };
        return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
      }),
    );
    renderApp("/tasks");
    const [form] = await screen.findAllByTestId("sign-in");
    expect(form).toHaveTextContent("needs an API key");
    const [input] = screen.getAllByLabelText("API key");
    await userEvent.type(input, READ_KEY);
    await userEvent.click(screen.getAllByRole("button", { name: "Sign in" })[0]);
    expect(await screen.findAllByTestId("task-row")).toHaveLength(1);
    expect(window.sessionStorage.getItem("stardag.apiKey")).toBe(READ_KEY);
    expect(authorizations.at(-1)).toBe(`Bearer ${READ_KEY}`);

    await userEvent.click(screen.getByRole("button", { name: /Sign out/ }));
    expect(getApiKey()).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId("sign-in").length).toBeGreaterThan(0));
  });

  it("offers the registry's OIDC issuer next to the key form", async () => {
    installFakeApi({
      "/api/v1/auth/config": () => ({
        body: { auth: true, oidc: { issuer: "https://id.example.org/realm", client_id: "stardag-ui", scope: "openid" } },
      }),
      "/api/v1/families": () => ({ status: 401, body: { detail: "needs a key", code: "unauthorized" } }),
      "/api/v1/tasks": () => ({ status: 401, body: { detail: "needs a key", code: "unauthorized" } }),
    });
    renderApp("/tasks");
    const buttons = await screen.findAllByTestId("sign-in-oidc");
    expect(buttons[0]).toHaveTextContent("Sign in with id.example.org");
    expect(screen.getAllByLabelText("API key").length).toBeGreaterThan(0);
  });

  it("sends no key when none is set (auth off)", async () => {
    const api = installFakeApi({
      "/api/v1/families": () => ({ body: { items: [] } }),
      "/api/v1/tasks": () => ({ body: { items: [task()], next_cursor: null } }),
    });
    renderApp("/tasks");
    expect(await screen.findAllByTestId("task-row")).toHaveLength(1);
    const request = api.fetchMock.mock.calls[0][0] as Request;
    expect(request.headers.get("Authorization")).toBeNull();
  });
});
