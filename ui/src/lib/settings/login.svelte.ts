import { commands } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";

/**
 * "Start Kith when I log in": the system's login item, read from and written to the system
 * (not the database), so it is per user account. Off until the user turns it on. The switch
 * shows what the system reports after each change, never what was merely asked for.
 */
export class StartAtLogin {
  enabled = $state<boolean | null>(null);
  saving = $state(false);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      this.enabled = await commands.start_at_login_get();
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async set(on: boolean): Promise<void> {
    this.saving = true;
    try {
      this.enabled = await commands.start_at_login_set(on);
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.saving = false;
    }
  }
}

export const startAtLogin = new StartAtLogin();
