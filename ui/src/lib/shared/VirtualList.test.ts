import { render } from "@testing-library/svelte";
import { createRawSnippet, tick } from "svelte";
import { describe, expect, it, vi } from "vitest";
import VirtualList from "./VirtualList.svelte";

const row = createRawSnippet((index: () => number) => ({
  render: () => `<div data-testid="row">${index()}</div>`,
}));

describe("VirtualList", () => {
  it("puts only the first screenful and the overscan in the DOM, sized for every row", () => {
    const onrange = vi.fn();
    const { container, getAllByTestId } = render(VirtualList, { count: 100_000, rowHeight: 40, overscan: 5, row, onrange });
    const rows = getAllByTestId("row");
    expect(rows.length).toBeLessThan(40);
    expect(rows[0].textContent).toBe("0");
    const spacer = container.querySelector<HTMLElement>(".relative > .relative")!;
    expect(spacer.style.height).toBe("4000000px");
    expect(onrange).toHaveBeenCalledWith(0, rows.length);
  });

  it("follows the scroll position", async () => {
    const onrange = vi.fn();
    const { container, getAllByTestId } = render(VirtualList, { count: 1000, rowHeight: 40, overscan: 2, row, onrange });
    const viewport = container.firstElementChild as HTMLDivElement;
    viewport.scrollTop = 4000;
    viewport.dispatchEvent(new Event("scroll"));
    await tick();
    const rows = getAllByTestId("row");
    expect(rows[0].textContent).toBe("98");
    expect(rows.some((r) => r.textContent === "0")).toBe(false);
    expect(onrange).toHaveBeenLastCalledWith(98, Number(rows.at(-1)!.textContent) + 1);
  });
});
