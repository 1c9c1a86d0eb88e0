import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

// The demo build (in-memory backend, for screenshots and UI work in a browser) goes elsewhere
// so it can never be mistaken for the build Tauri ships.
const out = process.env.VITE_KITH_DEMO ? "build-demo" : "build";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Tauri serves the built files directly: one index.html, every route rendered in the window.
    adapter: adapter({ pages: out, assets: out, fallback: "index.html", strict: true }),
  },
};

export default config;
