/** Which of the window-wide dialogs is open. Only one at a time: opening one closes the others. */
export type Overlay = "palette" | "newContact" | "shortcuts" | null;

class Overlays {
  current = $state<Overlay>(null);

  open(which: Exclude<Overlay, null>): void {
    this.current = which;
  }

  close(): void {
    this.current = null;
  }

  toggle(which: Exclude<Overlay, null>): void {
    this.current = this.current === which ? null : which;
  }
}

export const overlays = new Overlays();
