/** The rows a virtual list keeps in the DOM: those in view plus `overscan` on each side. */
export function visibleRange(opts: {
  count: number;
  rowHeight: number;
  scrollTop: number;
  height: number;
  overscan: number;
}): { start: number; end: number } {
  const { count, rowHeight, scrollTop, height, overscan } = opts;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  // Before the viewport has been measured, render one screenful's worth.
  const inView = Math.ceil((height > 0 ? height : 800) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const end = Math.min(count, first + inView + overscan);
  return { start, end };
}

/** The scrollTop that brings row `index` into view, moving as little as possible; null if it is in view. */
export function scrollToReveal(opts: {
  index: number;
  rowHeight: number;
  scrollTop: number;
  height: number;
}): number | null {
  const { index, rowHeight, scrollTop, height } = opts;
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + height) return bottom - height;
  return null;
}
