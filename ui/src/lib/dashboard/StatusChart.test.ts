import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import StatusChart from "./StatusChart.svelte";

describe("StatusChart", () => {
  it("draws a bar per status with its count, and describes itself", () => {
    const { container, getByRole } = render(StatusChart, {
      statuses: [
        { name: "active", count: 30 },
        { name: "archived", count: 10 },
      ],
    });
    expect(getByRole("img").getAttribute("aria-label")).toBe("Contacts by status: active 30, inactive 0, archived 10");
    const bars = container.querySelectorAll<HTMLElement>("[data-bar]");
    expect([...bars].map((b) => b.style.width)).toEqual(["100%", "0%", "33.3%"]);
    expect(container.textContent).toContain("40 contacts in all");
  });
});
