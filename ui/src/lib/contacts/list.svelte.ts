import { SvelteSet } from "svelte/reactivity";
import { commands, type ContactQuery, type ContactRow, type ContactSort, type ContactStatus } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";
import { mark, type SearchTiming } from "$lib/shared/perf";
import { toasts } from "$lib/shared/toast.svelte";

/** Rows fetched per request while scrolling; larger pages are used when only ids are needed. */
export const PAGE_SIZE = 100;
const ID_PAGE_SIZE = 500;
/** While scrolling, pages are asked for at most this often, for the rows then on screen. */
export const SCROLL_FETCH_MS = 30;
/** Pages kept in memory; the ones farthest from the screen go first (about 5,000 rows). */
export const MAX_PAGES = 50;

export type ContactFilters = {
  search: string;
  tag: string | null;
  status: ContactStatus | null;
  vip: boolean;
  industry: string | null;
  sort: ContactSort;
};

export const emptyFilters = (): ContactFilters => ({
  search: "",
  tag: null,
  status: null,
  vip: false,
  industry: null,
  sort: "name",
});

/**
 * The contacts list as a window onto `contact_list`: rows are fetched a page at a time as they
 * scroll into view, `total` sizes the scroll area, and every query carries a generation number
 * so a response that arrives after the query changed is dropped instead of shown.
 */
export class ContactList {
  filters = $state<ContactFilters>(emptyFilters());
  total = $state(0);
  /** True until the first page for the current query has arrived. */
  loading = $state(true);
  /** True once any page has arrived (the benchmark's "list painted" waits for this). */
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Changes whenever the query changes, so the view can scroll back to the top. */
  queryId = $state(0);
  /**
   * Set each time a search's results replace the list: the keystroke's time stamp, when the
   * query was sent and when its answer came (performance.now() clock), for the benchmark.
   */
  searchApplied = $state<SearchTiming | null>(null);

  /** The row the keyboard is on. */
  cursor = $state(0);
  selected = new SvelteSet<string>();
  /** True while gathering ids for a range or Select all beyond the loaded rows. */
  selecting = $state(false);
  /** How many ids of the range being gathered have arrived, and of how many. */
  selectingProgress = $state({ done: 0, of: 0 });
  busy = $state(false);
  /** Where the list was scrolled when the page was left, to come back to. */
  scrollTop = 0;

  #pages = new Map<number, ContactRow[]>();
  #inflight = new Set<number>();
  #generation = 0;
  #version = $state(0);
  #visible = { start: 0, end: 0 };
  #anchor: number | null = null;
  /** A search is on its way; `#searchAgain` says the text changed meanwhile. */
  #searching = false;
  #searchAgain = false;
  #rangeTimer: ReturnType<typeof setTimeout> | null = null;
  #searchStamp: number | null = null;

  query(offset: number, limit: number): ContactQuery {
    const f = this.filters;
    return {
      search: f.search.trim() || null,
      tag: f.tag,
      status: f.status,
      vip: f.vip,
      industry: f.industry,
      sort: f.sort,
      offset,
      limit,
    };
  }

  /** The row at `index`, or undefined while its page is on its way. */
  rowAt(index: number): ContactRow | undefined {
    void this.#version;
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /**
   * Fetches the pages covering the rows on screen, under the current generation; returns
   * whether the answer was still current when it came.
   */
  async reload(opts: { keepRows?: boolean } = {}): Promise<boolean> {
    const generation = ++this.#generation;
    const stamp = this.#searchStamp;
    this.#searchStamp = null;
    this.#inflight.clear();
    const first = opts.keepRows ? Math.floor(this.#visible.start / PAGE_SIZE) : 0;
    const last = opts.keepRows ? Math.floor(Math.max(this.#visible.end - 1, 0) / PAGE_SIZE) : 0;
    const sent = performance.now();
    mark("listSent");
    try {
      const pages = await Promise.all(
        range(first, last).map((p) => commands.contact_list(this.query(p * PAGE_SIZE, PAGE_SIZE))),
      );
      mark("listReceived");
      if (generation !== this.#generation) return false;
      this.#pages = new Map(range(first, last).map((p, i) => [p, pages[i].rows]));
      this.total = pages[pages.length - 1].total;
      this.error = null;
      this.cursor = Math.min(this.cursor, Math.max(this.total - 1, 0));
      if (stamp !== null) this.searchApplied = { stamp, sent, received: performance.now() };
    } catch (e) {
      if (generation !== this.#generation) return false;
      this.error = errorMessage(e);
      if (!opts.keepRows) {
        this.#pages = new Map();
        this.total = 0;
      }
    }
    this.loading = false;
    this.loaded = true;
    this.#version++;
    // Rows beyond the first page may be on screen already (a refresh while scrolled).
    void this.ensure(this.#visible.start, this.#visible.end);
    return true;
  }

  /** Called by the view with the rows it shows; fetches pages not yet loaded. */
  async ensure(start: number, end: number): Promise<void> {
    this.#visible = { start, end };
    if (!this.loaded || end <= start) return;
    const generation = this.#generation;
    const wanted = range(Math.floor(start / PAGE_SIZE), Math.floor((end - 1) / PAGE_SIZE)).filter(
      (p) => !this.#pages.has(p) && !this.#inflight.has(p) && p * PAGE_SIZE < this.total,
    );
    await Promise.all(
      wanted.map(async (p) => {
        this.#inflight.add(p);
        try {
          const page = await commands.contact_list(this.query(p * PAGE_SIZE, PAGE_SIZE));
          if (generation !== this.#generation) return;
          this.#pages.set(p, page.rows);
          this.#evictFarPages();
          this.total = page.total;
          this.#version++;
        } catch (e) {
          if (generation === this.#generation) this.error = errorMessage(e);
        } finally {
          if (generation === this.#generation) this.#inflight.delete(p);
        }
      }),
    );
  }

  /**
   * The view reports every range it shows; a fast scroll through thousands of rows should not
   * ask for every page it passed, so this waits briefly and fetches for where the list stopped.
   */
  requestRange(start: number, end: number): void {
    this.#visible = { start, end };
    if (this.#rangeTimer !== null) return;
    this.#rangeTimer = setTimeout(() => {
      this.#rangeTimer = null;
      // Half a page either side, so a slow scroll finds its next rows already there.
      const { start, end } = this.#visible;
      void this.ensure(Math.max(0, start - PAGE_SIZE / 2), end + PAGE_SIZE / 2).then(() => {
        this.#visible = { start, end };
      });
    }, SCROLL_FETCH_MS);
  }

  #evictFarPages() {
    if (this.#pages.size <= MAX_PAGES) return;
    const here = Math.floor(this.#visible.start / PAGE_SIZE);
    const far = [...this.#pages.keys()].sort((a, b) => Math.abs(b - here) - Math.abs(a - here));
    for (const p of far.slice(0, this.#pages.size - MAX_PAGES)) this.#pages.delete(p);
  }

  /**
   * Search as you type: `stamp` is the input event's timeStamp, for the benchmark. The first
   * keystroke searches at once; keystrokes that come while a search is on its way are folded
   * into one search for the latest text when it returns, so fast typing never queues a search
   * per letter and a pause never waits on a timer.
   */
  setSearch(text: string, stamp: number | null = null): void {
    this.filters.search = text;
    this.#searchStamp = stamp;
    if (this.#searching) this.#searchAgain = true;
    else this.#search();
  }

  /** Searches for the current text, then once more if it changed while the answer was coming. */
  #search(): void {
    this.#searching = true;
    this.#searchAgain = false;
    void this.#queryChanged().finally(() => {
      this.#searching = false;
      if (this.#searchAgain) this.#search();
    });
  }

  setFilter<K extends keyof ContactFilters>(key: K, value: ContactFilters[K]): void {
    this.filters[key] = value;
    void this.#queryChanged();
  }

  clearFilters(): void {
    const search = this.filters.search;
    this.filters = { ...emptyFilters(), search };
    void this.#queryChanged();
  }

  get filtered(): boolean {
    const f = this.filters;
    return Boolean(f.search.trim() || f.tag || f.status || f.vip || f.industry);
  }

  /** The database changed underneath: fetch what is on screen again, keeping it shown meanwhile. */
  refresh(): Promise<boolean> {
    return this.reload({ keepRows: true });
  }

  #queryChanged(): Promise<boolean> {
    this.queryId++;
    this.cursor = 0;
    this.#anchor = null;
    this.selected.clear();
    return this.reload();
  }

  // ------------------------------------------------------------------ keyboard and selection

  moveCursor(delta: number): void {
    if (this.total === 0) return;
    this.cursor = Math.max(0, Math.min(this.total - 1, this.cursor + delta));
  }

  /** A click on a row's checkbox: toggles it, or with shift selects the range from the last click. */
  async toggle(index: number, shift = false): Promise<void> {
    this.cursor = index;
    if (shift && this.#anchor !== null) {
      const ids = await this.#idsBetween(this.#anchor, index);
      for (const id of ids) this.selected.add(id);
    } else {
      const id = this.rowAt(index)?.id;
      if (!id) return;
      if (this.selected.has(id)) this.selected.delete(id);
      else this.selected.add(id);
    }
    this.#anchor = index;
  }

  /** Ctrl+A: every contact the current query matches, loaded or not. */
  async selectAll(): Promise<void> {
    if (this.total === 0) return;
    const ids = await this.#idsBetween(0, this.total - 1);
    for (const id of ids) this.selected.add(id);
  }

  clearSelection(): void {
    this.selected.clear();
    this.#anchor = null;
  }

  async #idsBetween(a: number, b: number): Promise<string[]> {
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    const ids: string[] = [];
    let complete = true;
    for (let i = from; i <= to; i++) {
      const row = this.rowAt(i);
      if (!row) {
        complete = false;
        break;
      }
      ids.push(row.id);
    }
    if (complete) return ids;
    // Some rows were never scrolled into view: ask for just their ids, in large pages.
    this.selecting = true;
    this.selectingProgress = { done: 0, of: to - from + 1 };
    const generation = this.#generation;
    try {
      const all: string[] = [];
      for (let offset = from; offset <= to; offset += ID_PAGE_SIZE) {
        const limit = Math.min(ID_PAGE_SIZE, to - offset + 1);
        const page = await commands.contact_list(this.query(offset, limit));
        if (generation !== this.#generation) return [];
        all.push(...page.rows.map((r) => r.id));
        this.selectingProgress = { done: all.length, of: to - from + 1 };
        if (page.rows.length < limit) break;
      }
      return all;
    } catch (e) {
      toasts.error(e);
      return [];
    } finally {
      this.selecting = false;
    }
  }

  // ------------------------------------------------------------------ bulk edits

  async addTag(tag: string): Promise<boolean> {
    const clean = tag.trim();
    if (!clean || this.selected.size === 0) return false;
    return this.#bulk(async (ids) => {
      const n = await commands.contacts_edit({ ids, changes: { add_tags: [clean] } });
      toasts.show(`Tagged ${n} ${n === 1 ? "contact" : "contacts"} “${clean}”`, "success");
    });
  }

  async setStatus(status: ContactStatus): Promise<boolean> {
    if (this.selected.size === 0) return false;
    return this.#bulk(async (ids) => {
      const n = await commands.contacts_edit({ ids, changes: { status } });
      toasts.show(`Set ${n} ${n === 1 ? "contact" : "contacts"} to ${status}`, "success");
    });
  }

  async deleteSelected(): Promise<boolean> {
    if (this.selected.size === 0) return false;
    return this.#bulk(async (ids) => {
      const n = await commands.contacts_delete(ids);
      this.clearSelection();
      toasts.deleted(n, "contact", async () => {
        await commands.contacts_restore(ids);
        await this.refresh();
      });
    });
  }

  async #bulk(run: (ids: string[]) => Promise<void>): Promise<boolean> {
    this.busy = true;
    try {
      await run([...this.selected]);
      await this.refresh();
      return true;
    } catch (e) {
      toasts.error(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/** The one contacts list of the window (kept while other screens are shown). */
export const contactList = new ContactList();
