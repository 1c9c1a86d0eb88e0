// A single-page app: Tauri serves the built files, there is no server to render on.
export const ssr = false;
export const prerender = true;
