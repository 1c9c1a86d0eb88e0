// Marks read by the desktop benchmark. Kept out of the state modules: they measure paint,
// which only the components see.

/** One search's way from keystroke to answer, on the performance.now() clock. */
export type SearchTiming = { stamp: number; sent: number; received: number };

/**
 * Where one search's time went, in ms: queued behind the search already on its way, the IPC
 * call, the DOM update, the paint.
 */
export type SearchParts = { queued: number; ipc: number; render: number; paint: number };

function perf() {
  window.__kithPerf ??= { listPainted: null, search: [], searchParts: [], marks: {} };
  return window.__kithPerf;
}

/**
 * Resolves once the browser has painted the current DOM: the next animation frame callback runs
 * just before that frame is painted, and a task queued from it runs just after.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export function markListPainted(): void {
  const p = perf();
  if (p.listPainted === null) p.listPainted = performance.now();
}

/**
 * A search's results were painted. `t` is the keystroke's timeStamp (the same clock as
 * performance.now()), when the query went out and when its answer came; `dom` when the DOM held it.
 */
export function markSearch(t: SearchTiming, dom: number): void {
  const now = performance.now();
  const p = perf();
  p.search.push(now - t.stamp);
  p.searchParts.push({ queued: t.sent - t.stamp, ipc: t.received - t.sent, render: dom - t.received, paint: now - dom });
}

/** Notes the first time the page reached `name` (launch milestones), on the performance.now() clock. */
export function mark(name: string): void {
  perf().marks[name] ??= performance.now();
}

export function initPerf(): void {
  perf();
}
