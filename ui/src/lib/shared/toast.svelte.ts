import { errorMessage } from "./errors";

export type ToastKind = "info" | "success" | "error";

export type Toast = {
  id: number;
  kind: ToastKind;
  message: string;
  /** Present for a delete that can be taken back. */
  undo?: () => Promise<unknown>;
  undoing: boolean;
};

/** How long a delete can be taken back, and how long other messages stay. */
export const UNDO_MS = 8_000;
export const MESSAGE_MS = 4_000;
export const ERROR_MS = 8_000;

/**
 * The stack of transient messages at the bottom of the window. Deletes put an Undo here
 * rather than asking "are you sure?": the restore commands make every delete reversible.
 */
export class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(message: string, kind: ToastKind = "info", ms = kind === "error" ? ERROR_MS : MESSAGE_MS): number {
    const id = this.#next++;
    this.items.push({ id, kind, message, undoing: false });
    this.#expire(id, ms);
    return id;
  }

  error(e: unknown): number {
    return this.show(errorMessage(e), "error");
  }

  /**
   * "Deleted N things — Undo": `restore` runs if the person clicks Undo within UNDO_MS.
   * `detail` (a name) follows the count when one thing was deleted.
   */
  deleted(count: number, what: string, restore: () => Promise<unknown>, detail?: string): number {
    const id = this.#next++;
    const noun = `${count} ${count === 1 ? what : plural(what)}`;
    const message = `Deleted ${noun}${detail && count === 1 ? `: ${detail}` : ""}`;
    this.items.push({ id, kind: "info", message, undo: restore, undoing: false });
    this.#expire(id, UNDO_MS);
    return id;
  }

  async undo(id: number): Promise<void> {
    const toast = this.items.find((t) => t.id === id);
    if (!toast?.undo || toast.undoing) return;
    toast.undoing = true;
    try {
      await toast.undo();
      this.dismiss(id);
      this.show("Restored", "success");
    } catch (e) {
      this.dismiss(id);
      this.error(e);
    }
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  #expire(id: number, ms: number) {
    this.#timers.set(
      id,
      setTimeout(() => {
        // An undo in flight finishes and dismisses itself.
        if (!this.items.find((t) => t.id === id)?.undoing) this.dismiss(id);
      }, ms),
    );
  }
}

function plural(what: string): string {
  if (what === "follow-up") return "follow-ups";
  return what.endsWith("s") ? what : `${what}s`;
}

export const toasts = new Toasts();
