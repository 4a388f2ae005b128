import { describe, expect, it } from "vitest";

import { formatDuration, formatParamValue, formatRelative, keyParameters, shortId } from "@/lib/format";

describe("format", () => {
  it("shortens ids to a usable prefix", () => {
    expect(shortId("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe("0f8fad5b");
  });

  it("writes relative times", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(formatRelative("2026-01-01T11:57:00Z", now)).toBe("3 minutes ago");
    expect(formatRelative("2026-01-01T11:59:58Z", now)).toBe("just now");
    expect(formatRelative("2025-12-30T12:00:00Z", now)).toBe("2 days ago");
    expect(formatRelative(null, now)).toBe("—");
  });

  it("writes durations at a readable scale", () => {
    expect(formatDuration(0.42)).toBe("420 ms");
    expect(formatDuration(3.456)).toBe("3.46 s");
    expect(formatDuration(245)).toBe("4 m 05 s");
    expect(formatDuration(7380)).toBe("2 h 03 m");
    expect(formatDuration(null)).toBe("—");
  });

  it("shows task references and long values compactly", () => {
    expect(formatParamValue({ __task_id__: "0f8fad5b-d9cb", family: "GetRange" })).toBe("GetRange(0f8fad5b)");
    expect(formatParamValue([1, 2, 3])).toBe("[1,2,3]");
    const ref = (id: string) => ({ __task_id__: id, family: "Part" });
    expect(formatParamValue([ref("a"), ref("b"), ref("c")])).toBe("3 tasks");
    expect(formatParamValue({ left: ref("a") })).toBe("1 task");
    expect(formatParamValue("x".repeat(60))).toHaveLength(60);
    expect(formatParamValue({ a: "y".repeat(60) })).toHaveLength(38);
  });

  it("picks scalar parameters first", () => {
    expect(keyParameters({ data: { __task_id__: "abc" }, limit: 10, name: "x", flag: true })).toEqual([
      ["limit", "10"],
      ["name", "x"],
      ["flag", "true"],
    ]);
  });
});
