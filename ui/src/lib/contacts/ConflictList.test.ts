import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import ConflictList from "./ConflictList.svelte";

describe("ConflictList", () => {
  it("shows each value side by side with its own Keep button", async () => {
    const onkeep = vi.fn(async () => {});
    render(ConflictList, {
      conflicts: [
        { field: "company", values: ["Acme", "Acme Ltd"] },
        { field: "title", values: ["CTO", "CEO"] },
      ],
      onkeep,
    });
    expect(screen.getAllByTestId("conflict-item")).toHaveLength(2);
    const keeps = screen.getAllByTestId("conflict-keep");
    expect(keeps).toHaveLength(4);
    await fireEvent.click(keeps[1]);
    expect(onkeep).toHaveBeenCalledWith("company", "Acme Ltd");
  });
});
