import { commands, type FollowUp, type NewFollowUp } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";
import { fromLocalInput, snoozeTargets, toLocalInput } from "$lib/shared/time";
import { toasts } from "$lib/shared/toast.svelte";
import { settings } from "$lib/settings/settings.svelte";

/** The time "Snooze until tomorrow" uses: the `snooze_tomorrow_time` setting, else 09:00. */
export function tomorrowTime(): string {
  const v = settings.value("snooze_tomorrow_time");
  return v && /^\d{1,2}:\d{2}$/.test(v) ? v : "09:00";
}

/**
 * The follow-up actions shared by the dashboard and the contact page. Each returns the updated
 * follow-up (or null after showing the error), so the caller can update its list in place.
 */
export const followUpActions = {
  async done(id: string): Promise<FollowUp | null> {
    try {
      const f = await commands.followup_done(id);
      toasts.show(f.repeat_every_days ? "Done — the next one is scheduled" : "Marked done", "success");
      return f;
    } catch (e) {
      toasts.error(e);
      return null;
    }
  },

  async snooze(id: string, until: "hour" | "tomorrow", now = new Date()): Promise<FollowUp | null> {
    const targets = snoozeTargets(now, tomorrowTime());
    try {
      const f = await commands.followup_snooze({ id, until: targets[until] });
      toasts.show(until === "hour" ? "Snoozed for an hour" : `Snoozed until tomorrow ${tomorrowTime()}`, "success");
      return f;
    } catch (e) {
      toasts.error(e);
      return null;
    }
  },

  /** Deletes with an Undo toast; `restored` runs after an undo so the caller can refresh. */
  async remove(id: string, restored?: () => void): Promise<boolean> {
    try {
      await commands.followup_delete(id);
      toasts.deleted(1, "follow-up", async () => {
        await commands.followup_restore(id);
        restored?.();
      });
      return true;
    } catch (e) {
      toasts.error(e);
      return false;
    }
  },
};

/** The "add a follow-up" form on a contact's page. */
export class FollowUpForm {
  due = $state("");
  note = $state("");
  repeat = $state("");
  error = $state<string | null>(null);
  saving = $state(false);

  readonly contactId: () => string | null;

  constructor(contactId: () => string | null) {
    this.contactId = contactId;
  }

  /** Starts the form at tomorrow, 09:00 local (or the snooze time setting). */
  reset(now = new Date()): void {
    const [h, m] = tomorrowTime().split(":").map(Number);
    this.due = toLocalInput(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, h, m));
    this.note = "";
    this.repeat = "";
    this.error = null;
  }

  /** Checks the form; returns the request or sets `error`. */
  request(): NewFollowUp | null {
    const contactId = this.contactId();
    if (!contactId) return null;
    const due = fromLocalInput(this.due);
    if (!due) {
      this.error = "Pick the date and time it is due.";
      return null;
    }
    let repeat: number | null = null;
    if (this.repeat.trim()) {
      repeat = Number(this.repeat);
      if (!Number.isInteger(repeat) || repeat < 1) {
        this.error = "Repeat every: a whole number of days, or leave it empty.";
        return null;
      }
    }
    return { contact_id: contactId, due_at: due, note: this.note.trim() || null, repeat_every_days: repeat };
  }

  async save(): Promise<FollowUp | null> {
    const req = this.request();
    if (!req) return null;
    this.saving = true;
    try {
      const f = await commands.followup_create(req);
      this.error = null;
      return f;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.saving = false;
    }
  }
}
