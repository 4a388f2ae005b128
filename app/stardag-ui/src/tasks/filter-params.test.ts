import { describe, expect, it } from "vitest";

import { filtersFromParams, hasActiveFilters, paramsFromFilters } from "@/tasks/filter-params";

describe("task filters ↔ URL", () => {
  it("reads every filter from the query string", () => {
    const params = new URLSearchParams("family=Train&namespace=ml&status=failed&status=pending&q=lr%3D0.1");
    expect(filtersFromParams(params)).toEqual({
      family: "Train",
      namespace: "ml",
      status: ["pending", "failed"],
      search: "lr=0.1",
    });
  });

  it("drops unknown statuses and blank values", () => {
    const params = new URLSearchParams("status=exploded&status=running&family=&q=%20%20");
    expect(filtersFromParams(params)).toEqual({
      family: undefined,
      namespace: undefined,
      status: ["running"],
      search: undefined,
    });
  });

  it("keeps the empty (default) namespace as a real filter", () => {
    const filters = filtersFromParams(new URLSearchParams("namespace="));
    expect(filters.namespace).toBe("");
    expect(hasActiveFilters(filters)).toBe(true);
    expect(paramsFromFilters(filters).toString()).toBe("namespace=");
  });

  it("round-trips filters and the page cursor", () => {
    const filters = { family: "GetSum", status: ["completed" as const, "failed" as const], search: "abc" };
    const params = paramsFromFilters({ ...filters, namespace: undefined }, "CURSOR1");
    expect(params.toString()).toBe("family=GetSum&status=completed&status=failed&q=abc&cursor=CURSOR1");
    expect(filtersFromParams(params)).toEqual({ ...filters, namespace: undefined });
  });

  it("reports whether anything narrows the list", () => {
    expect(hasActiveFilters(filtersFromParams(new URLSearchParams()))).toBe(false);
    expect(hasActiveFilters(filtersFromParams(new URLSearchParams("status=failed")))).toBe(true);
  });
});
