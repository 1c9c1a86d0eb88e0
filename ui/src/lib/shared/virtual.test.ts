import { describe, expect, it } from "vitest";
import { scrollToReveal, visibleRange } from "./virtual";

describe("visibleRange", () => {
  it("keeps only the rows in view plus the overscan", () => {
    const r = visibleRange({ count: 100_000, rowHeight: 50, scrollTop: 50_000, height: 500, overscan: 5 });
    expect(r).toEqual({ start: 995, end: 1016 });
    expect(r.end - r.start).toBeLessThan(30);
  });

  it("stops at both ends of the list", () => {
    expect(visibleRange({ count: 3, rowHeight: 50, scrollTop: 0, height: 500, overscan: 5 })).toEqual({ start: 0, end: 3 });
    const end = visibleRange({ count: 100, rowHeight: 50, scrollTop: 99_999, height: 500, overscan: 5 });
    expect(end.end).toBe(100);
    expect(end.start).toBe(94);
  });

  it("is empty for an empty list", () => {
    expect(visibleRange({ count: 0, rowHeight: 50, scrollTop: 0, height: 500, overscan: 5 })).toEqual({ start: 0, end: 0 });
  });

  it("renders a screenful before the viewport is measured", () => {
    const r = visibleRange({ count: 1000, rowHeight: 50, scrollTop: 0, height: 0, overscan: 0 });
    expect(r.end).toBe(17);
  });
});

describe("scrollToReveal", () => {
  it("moves only as far as needed", () => {
    expect(scrollToReveal({ index: 5, rowHeight: 50, scrollTop: 0, height: 500 })).toBeNull();
    expect(scrollToReveal({ index: 10, rowHeight: 50, scrollTop: 0, height: 500 })).toBe(50);
    expect(scrollToReveal({ index: 2, rowHeight: 50, scrollTop: 400, height: 500 })).toBe(100);
  });
});
