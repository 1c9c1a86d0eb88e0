import { settings } from "./settings.svelte";

export type ThemeChoice = "light" | "dark" | "system";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

export function parseTheme(value: string | null): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

/**
 * The theme on `<html data-theme>`: the `theme` setting, where "system" follows the OS's
 * `prefers-color-scheme` live (the listener stays for the window's life).
 */
export class Theme {
  choice = $state<ThemeChoice>("system");
  systemDark = $state(false);
  #media: MediaQueryList | null = null;

  get effective(): "light" | "dark" {
    return this.choice === "system" ? (this.systemDark ? "dark" : "light") : this.choice;
  }

  /** Starts following the OS and applies `choice`. */
  start(choice: ThemeChoice): void {
    if (!this.#media && typeof matchMedia === "function") {
      this.#media = matchMedia("(prefers-color-scheme: dark)");
      this.systemDark = this.#media.matches;
      this.#media.addEventListener("change", (e) => {
        this.systemDark = e.matches;
        this.apply();
      });
    }
    this.choice = choice;
    this.apply();
  }

  apply(): void {
    document.documentElement.dataset.theme = this.effective;
  }

  /** Applies at once and saves the setting; returns an error message if it was refused. */
  async choose(choice: ThemeChoice): Promise<string | null> {
    this.choice = choice;
    this.apply();
    const ok = await settings.set("theme", choice);
    return ok ? null : (settings.errors.theme ?? null);
  }

  /** The palette's "Toggle theme": switches to the opposite of what is shown now. */
  toggle(): Promise<string | null> {
    return this.choose(this.effective === "dark" ? "light" : "dark");
  }
}

export const theme = new Theme();
