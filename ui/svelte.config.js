import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Tauri serves the built files directly: one index.html, every route rendered in the window.
    adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", strict: true }),
  },
};

export default config;
