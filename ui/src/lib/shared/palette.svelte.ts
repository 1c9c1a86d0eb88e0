import { commands, type ContactRow } from "$lib/bindings";
import { debounce } from "./debounce";
import { fuzzyFilter } from "./fuzzy";

export type PaletteAction = { id: string; label: string; hint?: string; keywords?: string; run: () => void };
export type PaletteItem =
  | { kind: "action"; id: string; label: string; hint?: string; run: () => void }
  | { kind: "contact"; id: string; label: string; hint?: string; run: () => void };

const CONTACT_LIMIT = 8;
const SEARCH_DEBOUNCE_MS = 40;

/**
 * The command palette: actions matched fuzzily in the window, contacts searched on the Rust side
 * (the same search as the list). A reply for an older query is dropped.
 */
export class Palette {
  query = $state("");
  index = $state(0);
  contacts = $state<ContactRow[]>([]);
  #generation = 0;
  #search = debounce((q: string) => void this.#fetch(q), SEARCH_DEBOUNCE_MS);

  readonly actions: () => PaletteAction[];
  readonly openContact: (id: string) => void;

  constructor(actions: () => PaletteAction[], openContact: (id: string) => void) {
    this.actions = actions;
    this.openContact = openContact;
  }

  get items(): PaletteItem[] {
    const actions = fuzzyFilter(this.query, this.actions(), (a) => `${a.label} ${a.keywords ?? ""}`).map(
      (a): PaletteItem => ({ kind: "action", id: a.id, label: a.label, hint: a.hint, run: a.run }),
    );
    const contacts = this.contacts.map(
      (c): PaletteItem => ({
        kind: "contact",
        id: c.id,
        label: c.name,
        hint: [c.company, c.email].filter(Boolean).join(" · ") || undefined,
        run: () => this.openContact(c.id),
      }),
    );
    return [...actions, ...contacts];
  }

  setQuery(q: string): void {
    this.query = q;
    this.index = 0;
    if (q.trim()) this.#search(q);
    else {
      this.#search.cancel();
      this.#generation++;
      this.contacts = [];
    }
  }

  move(delta: number): void {
    const n = this.items.length;
    if (n > 0) this.index = (this.index + delta + n) % n;
  }

  /** Runs the highlighted item (or `item`); returns whether something ran. */
  run(item: PaletteItem | undefined = this.items[this.index]): boolean {
    if (!item) return false;
    item.run();
    return true;
  }

  reset(): void {
    this.setQuery("");
  }

  async #fetch(q: string): Promise<void> {
    const generation = ++this.#generation;
    try {
      const page = await commands.contact_list({
        search: q.trim(),
        tag: null,
        status: null,
        vip: false,
        industry: null,
        sort: "name",
        offset: 0,
        limit: CONTACT_LIMIT,
      });
      if (generation === this.#generation) this.contacts = page.rows;
    } catch {
      // The palette still offers its actions; a failing search shows no contacts.
      if (generation === this.#generation) this.contacts = [];
    }
  }
}
