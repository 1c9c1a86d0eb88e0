// Dates cross IPC as RFC 3339 strings; the UI shows them in local time. Every function takes
// `now` as a parameter where it matters, so tests do not depend on the clock.

const DAY = 86_400_000;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `2026-11-21T09:00` in local time, the value a datetime-local input takes. */
export function toLocalInput(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A datetime-local value read as local time, as RFC 3339 in UTC; null when not a valid time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Calendar days between two instants in local time (positive when `later` is after `earlier`). */
export function calendarDaysBetween(earlier: Date, later: Date): number {
  const a = Date.UTC(earlier.getFullYear(), earlier.getMonth(), earlier.getDate());
  const b = Date.UTC(later.getFullYear(), later.getMonth(), later.getDate());
  return Math.round((b - a) / DAY);
}

/** "today", "yesterday", "3 days ago", "in 2 days", "tomorrow". */
export function relativeDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days < 0 ? `${-days} days ago` : `in ${days} days`;
}

/** "N days ago" for a count of days since something happened. */
export function daysAgo(days: number): string {
  return relativeDays(-days);
}

/** When something happened, relative to now: "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago". */
export function ago(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "never";
  const then = new Date(iso);
  const ms = now.getTime() - then.getTime();
  if (ms < 0) return relativeDays(calendarDaysBetween(now, then));
  if (ms < 60_000) return "just now";
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  const days = calendarDaysBetween(then, now);
  if (days === 0) return `${Math.floor(ms / 3_600_000)} h ago`;
  return relativeDays(-days);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const monthDayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long" });
const longDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** A birthday as stored ("1990-03-14" or "--03-14") for reading: "14 March 1990" or "14 March". */
export function formatBirthday(birthday: string): string {
  const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(birthday);
  if (!m) return birthday;
  const [, year, month, day] = m;
  if (year === "-") return monthDayFormat.format(new Date(2000, Number(month) - 1, Number(day)));
  const date = new Date(Number(year), Number(month) - 1, Number(day));
  date.setFullYear(Number(year));
  return longDateFormat.format(date);
}

/** The instants the snooze menu offers: an hour from now, and tomorrow at `time` ("HH:MM") local. */
export function snoozeTargets(now: Date, tomorrowTime = "09:00"): { hour: string; tomorrow: string } {
  const hour = new Date(now.getTime() + 3_600_000);
  const [h, m] = tomorrowTime.split(":").map(Number);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, h || 0, m || 0);
  return { hour: hour.toISOString(), tomorrow: tomorrow.toISOString() };
}
