import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { StatusBadge } from "@/tasks/StatusBadge";

describe("StatusBadge", () => {
  it.each([
    ["pending", "bg-slate-50"],
    ["running", "bg-sky-50"],
    ["completed", "bg-emerald-50"],
    ["failed", "bg-red-50"],
    ["upstream_failed", "bg-fuchsia-50"],
    ["skipped", "text-emerald-600"],
  ])("shows %s with its colour", (status, colourClass) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByText(status.replace("_", " "));
    expect(badge).toHaveAttribute("data-status", status);
    expect(badge.className).toContain(colourClass);
  });

  it("spins its icon only while running", () => {
    const { container, rerender } = render(<StatusBadge status="running" />);
    expect(container.querySelector("svg")?.getAttribute("class")).toContain("animate-spin");
    rerender(<StatusBadge status="completed" />);
    expect(container.querySelector("svg")?.getAttribute("class")).not.toContain("animate-spin");
  });

  it("shows an unknown status as plain text instead of crashing", () => {
    render(<StatusBadge status="archived" />);
    expect(screen.getByText("archived")).not.toHaveAttribute("data-status");
  });
});
