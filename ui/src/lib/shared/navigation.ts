/** The four main screens, in sidebar order; Ctrl/Cmd+1..4 go to them. */
export const SCREENS = [
  { route: "/", label: "Dashboard", testid: "nav-dashboard", icon: "home" },
  { route: "/contacts", label: "Contacts", testid: "nav-contacts", icon: "users" },
  { route: "/import", label: "Import", testid: "nav-import", icon: "upload" },
  { route: "/settings", label: "Settings", testid: "nav-settings", icon: "settings" },
] as const;

/** Whether `pathname` belongs to the screen at `route` (a contact's page counts as Contacts). */
export function isActive(route: string, pathname: string): boolean {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (route === "/") return path === "/";
  if (route === "/contacts") return path === "/contacts" || path === "/contact";
  return path === route;
}

/** The route of one contact's page (a query string: Tauri serves static files, no dynamic segments). */
export function contactHref(id: string): string {
  return `/contact?id=${encodeURIComponent(id)}`;
}

/** Only in-app routes may come from `kith://navigate`. */
export function safeRoute(route: unknown): string | null {
  return typeof route === "string" && route.startsWith("/") && !route.startsWith("//") ? route : null;
}
