import { describe, expect, it } from "vitest";
import {
  ago,
  calendarDaysBetween,
  daysAgo,
  formatBirthday,
  fromLocalInput,
  relativeDays,
  snoozeTargets,
  toLocalInput,
} from "./time";

describe("local datetime inputs", () => {
  it("round-trips a local time through the datetime-local format", () => {
    const date = new Date(2026, 10, 21, 9, 5);
    expect(toLocalInput(date)).toBe("2026-11-21T09:05");
    expect(fromLocalInput("2026-11-21T09:05")).toBe(date.toISOString());
  });

  it("reads an empty or malformed value as no time", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
  });
});

describe("relative days", () => {
  it("names the near days and counts the rest", () => {
    expect(relativeDays(0)).toBe("today");
    expect(relativeDays(1)).toBe("tomorrow");
    expect(relativeDays(-1)).toBe("yesterday");
    expect(relativeDays(5)).toBe("in 5 days");
    expect(daysAgo(12)).toBe("12 days ago");
  });

  it("counts calendar days, not 24-hour periods", () => {
    expect(calendarDaysBetween(new Date(2026, 0, 1, 23, 0), new Date(2026, 0, 2, 1, 0))).toBe(1);
  });

  it("says how long ago something happened", () => {
    const now = new Date(2026, 2, 10, 12, 0);
    expect(ago(null, now)).toBe("never");
    expect(ago(new Date(2026, 2, 10, 11, 59, 30).toISOString(), now)).toBe("just now");
    expect(ago(new Date(2026, 2, 10, 11, 20).toISOString(), now)).toBe("40 min ago");
    expect(ago(new Date(2026, 2, 10, 8, 0).toISOString(), now)).toBe("4 h ago");
    expect(ago(new Date(2026, 2, 9, 18, 0).toISOString(), now)).toBe("yesterday");
    expect(ago(new Date(2026, 2, 1, 12, 0).toISOString(), now)).toBe("9 days ago");
  });
});

describe("snoozeTargets", () => {
  it("offers an hour from now and tomorrow at the given local time", () => {
    const now = new Date(2026, 10, 21, 22, 30);
    const t = snoozeTargets(now, "09:00");
    expect(t.hour).toBe(new Date(2026, 10, 21, 23, 30).toISOString());
    expect(t.tomorrow).toBe(new Date(2026, 10, 22, 9, 0).toISOString());
  });

  it("rolls tomorrow over the end of the month", () => {
    const t = snoozeTargets(new Date(2026, 0, 31, 8, 0), "07:45");
    expect(t.tomorrow).toBe(new Date(2026, 1, 1, 7, 45).toISOString());
  });
});

describe("formatBirthday", () => {
  it("keeps the year when it is known and leaves it out when not", () => {
    expect(formatBirthday("1990-03-14")).toMatch(/1990/);
    expect(formatBirthday("--03-14")).not.toMatch(/\d{4}/);
    expect(formatBirthday("--03-14")).toMatch(/14/);
  });

  it("shows anything unexpected as written", () => {
    expect(formatBirthday("soon")).toBe("soon");
  });
});
