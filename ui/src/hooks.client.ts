import type { ClientInit } from "@sveltejs/kit";

// `npm run dev:demo` runs the UI in a browser against an in-memory backend. The check is on a
// build-time constant, so a normal build drops the demo code entirely.
export const init: ClientInit = async () => {
  if (import.meta.env.VITE_KITH_DEMO) {
    const { installDemoBackend } = await import("$lib/dev/demoBackend");
    const contacts = Number(import.meta.env.VITE_KITH_DEMO);
    installDemoBackend(Number.isFinite(contacts) ? contacts : 2000);
  }
};
