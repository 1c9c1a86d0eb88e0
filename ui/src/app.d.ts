// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {}
  interface Window {
    /** Timings read by the desktop benchmark (tests/bench). */
    __kithPerf?: {
      listPainted: number | null;
      search: number[];
      searchParts: import("$lib/shared/perf").SearchParts[];
      marks: Record<string, number>;
    };
  }
}

export {};
