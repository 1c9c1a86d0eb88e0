import { commands, type AppInfo, type SettingEntry } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";

/** Settings the Settings page shows in their own section rather than as a plain row. */
export const OWN_SECTION = new Set(["theme"]);

/** Human names for the known setting keys; unknown keys show their description instead. */
export const SETTING_LABELS: Record<string, string> = {
  quiet_hours: "Quiet hours",
  "reminders.followups": "Follow-up reminders",
  "reminders.keep_in_touch": "Keep-in-touch reminders",
  "reminders.birthdays": "Birthday reminders",
  birthday_lead_days: "Birthday reminder, days ahead",
  birthday_time: "Birthday reminder time",
  snooze_tomorrow_time: "“Snooze until tomorrow” time",
};

/** Whether a setting is an on/off switch, judged by its value and default. */
export function isSwitch(entry: SettingEntry): boolean {
  const onOff = (v: string) => v === "on" || v === "off";
  return onOff(entry.default) && onOff(entry.value);
}

/**
 * The device's settings as `settings_list` gives them. `set` sends one value; a refused value
 * keeps the old one and its message stays beside the field until the next edit.
 */
export class SettingsState {
  entries = $state<SettingEntry[]>([]);
  errors = $state<Record<string, string>>({});
  saving = $state<Record<string, boolean>>({});
  loaded = $state(false);
  loadError = $state<string | null>(null);
  info = $state<AppInfo | null>(null);

  value(key: string): string | null {
    return this.entries.find((e) => e.key === key)?.value ?? null;
  }

  async load(): Promise<void> {
    try {
      this.entries = await commands.settings_list();
      this.loaded = true;
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    }
  }

  async loadInfo(): Promise<void> {
    try {
      this.info = await commands.app_info();
    } catch (e) {
      this.loadError = errorMessage(e);
    }
  }

  /** Returns true when the value was taken (normalised as the Rust side returned it). */
  async set(key: string, value: string): Promise<boolean> {
    this.saving[key] = true;
    try {
      const saved = await commands.settings_set({ key, value });
      const entry = this.entries.find((e) => e.key === saved.key);
      if (entry) entry.value = saved.value;
      delete this.errors[key];
      return true;
    } catch (e) {
      this.errors[key] = errorMessage(e);
      return false;
    } finally {
      this.saving[key] = false;
    }
  }

  clearError(key: string): void {
    delete this.errors[key];
  }
}

export const settings = new SettingsState();
