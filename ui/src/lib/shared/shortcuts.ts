// Keyboard shortcuts are written as "mod+k", "shift+?", "/", "escape"; `mod` is Cmd on macOS
// and Ctrl elsewhere, so one table serves both.

export const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function matches(event: KeyboardEvent, combo: string): boolean {
  const parts = combo.toLowerCase().split("+");
  const key = parts.pop()!;
  const wantMod = parts.includes("mod");
  const wantShift = parts.includes("shift");
  const wantAlt = parts.includes("alt");
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (mod !== wantMod || event.altKey !== wantAlt) return false;
  // Shifted symbols ("?") already differ in `key`; only demand shift for letters and names.
  if (key.length > 1 || /[a-z0-9]/.test(key)) {
    if (event.shiftKey !== wantShift) return false;
  }
  if (event.key.toLowerCase() === key) return true;
  // Digits by position, so Ctrl+1..4 also work on layouts where that key types "&" or "é".
  return /^[0-9]$/.test(key) && event.code === `Digit${key}`;
}

/** Whether keystrokes are going into a text field (single-key shortcuts must stand back then). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset", "range"].includes(target.type);
  }
  return false;
}

/** How a combo is written for this platform: "mod+k" → "Ctrl K" or "⌘ K". */
export function label(combo: string): string {
  return combo
    .split("+")
    .map((p) => {
      if (p === "mod") return isMac ? "⌘" : "Ctrl";
      if (p === "shift") return isMac ? "⇧" : "Shift";
      if (p === "alt") return isMac ? "⌥" : "Alt";
      if (p === "enter") return "Enter";
      if (p === "escape") return "Esc";
      return p.length === 1 ? p.toUpperCase() : p;
    })
    .join(" ");
}

/** The shortcut list the `?` dialog shows. */
export const SHORTCUTS: Array<{ combo: string; what: string }> = [
  { combo: "mod+k", what: "Command palette" },
  { combo: "mod+n", what: "New contact" },
  { combo: "mod+l", what: "Log an interaction" },
  { combo: "mod+1", what: "Dashboard" },
  { combo: "mod+2", what: "Contacts" },
  { combo: "mod+3", what: "Import" },
  { combo: "mod+4", what: "Settings" },
  { combo: "/", what: "Search contacts (also Ctrl F)" },
  { combo: "j", what: "Next row (also ↓)" },
  { combo: "k", what: "Previous row (also ↑)" },
  { combo: "enter", what: "Open the selected row" },
  { combo: "x", what: "Select or unselect the row (also Space)" },
  { combo: "mod+a", what: "Select every contact shown" },
  { combo: "mod+enter", what: "Save the log form" },
  { combo: "escape", what: "Close a dialog, cancel an edit" },
  { combo: "?", what: "This list" },
];
