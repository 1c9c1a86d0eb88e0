import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { fireEvent, render, screen } from "@testing-library/svelte";
import { commands, type SettingEntry } from "$lib/bindings";
import SettingRow from "./SettingRow.svelte";
import { isSwitch, SettingsState } from "./settings.svelte";
import { parseTheme, Theme } from "./theme.svelte";

const entries = (): SettingEntry[] => [
  { key: "theme", value: "system", default: "system", description: "light, dark or system" },
  { key: "quiet_hours", value: "21:00-08:00", default: "21:00-08:00", description: "No notifications between these times." },
  { key: "reminders.birthdays", value: "on", default: "on", description: "Birthday reminders." },
];

describe("SettingsState", () => {
  it("takes the normalised value the Rust side returns", async () => {
    vi.mocked(commands.settings_list).mockResolvedValue(entries());
    vi.mocked(commands.settings_set).mockResolvedValue({ key: "quiet_hours", value: "22:00-07:30" });
    const s = new SettingsState();
    await s.load();
    expect(await s.set("quiet_hours", "22:00 - 7:30")).toBe(true);
    expect(s.value("quiet_hours")).toBe("22:00-07:30");
  });

  it("keeps the old value and the message when a value is refused", async () => {
    vi.mocked(commands.settings_list).mockResolvedValue(entries());
    vi.mocked(commands.settings_set).mockRejectedValue({ code: "invalid", message: "quiet_hours: expected HH:MM-HH:MM or off" });
    const s = new SettingsState();
    await s.load();
    expect(await s.set("quiet_hours", "25:00")).toBe(false);
    expect(s.value("quiet_hours")).toBe("21:00-08:00");
    expect(s.errors.quiet_hours).toBe("quiet_hours: expected HH:MM-HH:MM or off");
    s.clearError("quiet_hours");
    expect(s.errors.quiet_hours).toBeUndefined();
  });

  it("treats on/off settings as switches", () => {
    expect(isSwitch(entries()[2])).toBe(true);
    expect(isSwitch(entries()[1])).toBe(false);
  });
});

describe("SettingRow", () => {
  it("shows a refused value's message inline", async () => {
    vi.mocked(commands.settings_set).mockRejectedValue({ code: "invalid", message: "expected HH:MM-HH:MM or off" });
    const s = new SettingsState();
    s.entries = entries();
    render(SettingRow, { entry: s.entries[1], settingsState: s });
    const input = screen.getByTestId("setting-quiet_hours") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "25:00" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("setting-error")).textContent).toBe("expected HH:MM-HH:MM or off");
    expect(commands.settings_set).toHaveBeenCalledWith({ key: "quiet_hours", value: "25:00" });
  });

  it("saves a switch as on/off", async () => {
    vi.mocked(commands.settings_set).mockResolvedValue({ key: "reminders.birthdays", value: "off" });
    const s = new SettingsState();
    s.entries = entries();
    render(SettingRow, { entry: s.entries[2], settingsState: s });
    await fireEvent.click(screen.getByTestId("setting-reminders.birthdays"));
    expect(commands.settings_set).toHaveBeenCalledWith({ key: "reminders.birthdays", value: "off" });
  });
});

describe("Theme", () => {
  beforeEach(() => {
    document.documentElement.dataset.theme = "";
  });

  it("puts the chosen theme on <html> and saves it", async () => {
    vi.mocked(commands.settings_set).mockResolvedValue({ key: "theme", value: "dark" });
    const t = new Theme();
    t.start("light");
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(await t.choose("dark")).toBeNull();
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(commands.settings_set).toHaveBeenCalledWith({ key: "theme", value: "dark" });
  });

  it("follows the system's preference live when set to system", () => {
    let listener: ((e: { matches: boolean }) => void) | null = null;
    const original = window.matchMedia;
    window.matchMedia = (() => ({
      matches: false,
      addEventListener: (_: string, l: (e: { matches: boolean }) => void) => (listener = l),
    })) as unknown as typeof window.matchMedia;
    try {
      const t = new Theme();
      t.start("system");
      expect(document.documentElement.dataset.theme).toBe("light");
      listener!({ matches: true });
      expect(document.documentElement.dataset.theme).toBe("dark");
    } finally {
      window.matchMedia = original;
    }
  });

  it("toggles to the opposite of what is shown", async () => {
    vi.mocked(commands.settings_set).mockResolvedValue({ key: "theme", value: "light" });
    const t = new Theme();
    t.start("dark");
    await t.toggle();
    expect(t.choice).toBe("light");
  });

  it("reads unknown values as system", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("purple")).toBe("system");
    expect(parseTheme(null)).toBe("system");
  });
});
