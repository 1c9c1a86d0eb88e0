// Marks read by the desktop benchmark. Kept out of the state modules: they measure paint,
// which only the components see.

function perf() {
  window.__kithPerf ??= { listPainted: null, search: [] };
  return window.__kithPerf;
}

/** Resolves after the browser has painted the current DOM (two animation frames). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

export function markListPainted(): void {
  const p = perf();
  if (p.listPainted === null) p.listPainted = performance.now();
}

/** `inputStamp` is the input event's timeStamp (same clock as performance.now()). */
export function markSearch(inputStamp: number): void {
  perf().search.push(performance.now() - inputStamp);
}

export function initPerf(): void {
  perf();
}
