import type { ClientInit } from "@sveltejs/kit";
import { mark } from "$lib/shared/perf";

// `npm run dev:demo` runs the UI in a browser against an in-memory backend. The check is on a
// build-time constant, so a normal build drops the demo code entirely.
export const init: ClientInit = async () => {
  mark("appInit");
  if (import.meta.env.VITE_KITH_DEMO) {
    const { installDemoBackend } = await import("$lib/dev/demoBackend");
    const contacts = Number(import.meta.env.VITE_KITH_DEMO);
    installDemoBackend(Number.isFinite(contacts) ? contacts : 2000);
  }
};
