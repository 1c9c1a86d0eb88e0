/**
 * A history value as one short line: text as itself, lists joined, records as `key: value`
 * pairs, nothing as "(none)". Long text is cut at `max` characters.
 */
export function historyValue(value: unknown, max = 80): string {
  const text = render(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function render(value: unknown): string {
  if (value === null || value === undefined) return "(none)";
  if (typeof value === "string") return value === "" ? "(empty)" : value.replaceAll("\n", " ");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map(render).join(", ");
  if (typeof value === "object") {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== "" && v !== null && v !== undefined)
      .map(([k, v]) => (k === "label" || k === "value" || k === "url" ? render(v) : `${k}: ${render(v)}`));
    return parts.length === 0 ? "(empty)" : parts.join(" ");
  }
  return String(value);
}
