import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type ContactPage, type ContactQuery } from "$lib/bindings";
import { deferred, flush } from "$lib/testing/commands";
import { pageOf, row } from "$lib/testing/fixtures";
import { toasts } from "$lib/shared/toast.svelte";
import { ContactList, MAX_PAGES, PAGE_SIZE, SCROLL_FETCH_MS } from "./list.svelte";

const list_ = vi.mocked(commands.contact_list);

beforeEach(() => {
  list_.mockReset();
  toasts.items = [];
});

describe("paging", () => {
  it("loads the first page, sized by total, then only the pages scrolled to", async () => {
    list_.mockImplementation(pageOf(100_000));
    const list = new ContactList();
    await list.reload();
    expect(list.total).toBe(100_000);
    expect(list_).toHaveBeenCalledTimes(1);
    expect(list_.mock.calls[0][0]).toMatchObject({ offset: 0, limit: PAGE_SIZE, search: null, sort: "name" });
    expect(list.rowAt(5)?.name).toBe("Person 5");
    expect(list.rowAt(50_000)).toBeUndefined();

    await list.ensure(50_000, 50_030);
    expect(list_).toHaveBeenCalledTimes(2);
    expect(list_.mock.calls[1][0]).toMatchObject({ offset: 50_000, limit: PAGE_SIZE });
    expect(list.rowAt(50_010)?.id).toBe("id-50010");
  });

  it("does not ask twice for a page already on its way", async () => {
    list_.mockImplementation(pageOf(1000));
    const list = new ContactList();
    await list.reload();
    const a = list.ensure(300, 320);
    const b = list.ensure(305, 325);
    await Promise.all([a, b]);
    expect(list_.mock.calls.filter(([q]) => q.offset === 300)).toHaveLength(1);
  });

  it("fetches only where a fast scroll stopped, not every page it passed", async () => {
    vi.useFakeTimers();
    try {
      list_.mockImplementation(pageOf(100_000));
      const list = new ContactList();
      await list.reload();
      for (let start = 0; start < 60_000; start += 2_000) list.requestRange(start, start + 30);
      await vi.advanceTimersByTimeAsync(SCROLL_FETCH_MS);
      const offsets = list_.mock.calls.slice(1).map(([q]) => q.offset);
      expect(offsets).toEqual([57_900, 58_000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a bounded number of pages in memory, dropping the farthest", async () => {
    list_.mockImplementation(pageOf(100_000));
    const list = new ContactList();
    await list.reload();
    for (let p = 1; p <= MAX_PAGES + 10; p++) await list.ensure(p * PAGE_SIZE, p * PAGE_SIZE + 10);
    expect(list.rowAt(0)).toBeUndefined();
    expect(list.rowAt((MAX_PAGES + 10) * PAGE_SIZE)).toBeDefined();
    await list.ensure(0, 10);
    expect(list.rowAt(0)?.id).toBe("id-0");
  });

  it("keeps showing rows while a refresh is on its way, then swaps them", async () => {
    list_.mockImplementation(pageOf(10));
    const list = new ContactList();
    await list.reload();
    const next = deferred<ContactPage>();
    list_.mockImplementation(() => next.promise);
    const refreshing = list.refresh();
    expect(list.rowAt(0)?.name).toBe("Person 0");
    next.resolve({ total: 1, offset: 0, rows: [row(0, { name: "Renamed" })] });
    await refreshing;
    expect(list.rowAt(0)?.name).toBe("Renamed");
    expect(list.total).toBe(1);
  });

  it("shows the error and keeps the rows when a refresh fails", async () => {
    list_.mockImplementation(pageOf(10));
    const list = new ContactList();
    await list.reload();
    list_.mockRejectedValue({ code: "io", message: "database is locked" });
    await list.refresh();
    expect(list.error).toBe("database is locked");
    expect(list.rowAt(3)).toBeDefined();
  });
});

describe("search and filters", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("searches at the first keystroke, with the query the Rust side expects", async () => {
    list_.mockImplementation(pageOf(3));
    const list = new ContactList();
    list.setSearch("  ada ", 123);
    expect(list_).toHaveBeenCalledOnce();
    expect(list_.mock.calls[0][0].search).toBe("ada");
    await flush();
    expect(list.searchApplied).toMatchObject({ stamp: 123 });
  });

  it("folds keystrokes typed while a search is on its way into one search for the latest text", async () => {
    const first = deferred<ContactPage>();
    const last = deferred<ContactPage>();
    list_.mockImplementationOnce(() => first.promise).mockImplementationOnce(() => last.promise);
    const list = new ContactList();
    list.setSearch("a", 1);
    list.setSearch("ab", 2);
    list.setSearch("abb", 3);
    expect(list_).toHaveBeenCalledOnce();

    first.resolve({ total: 2, offset: 0, rows: [row(0, { name: "Alan" }), row(1)] });
    await flush();
    expect(list.rowAt(0)?.name).toBe("Alan");
    expect(list.searchApplied).toMatchObject({ stamp: 1 });
    expect(list_).toHaveBeenCalledTimes(2);
    expect(list_.mock.calls[1][0].search).toBe("abb");

    last.resolve({ total: 1, offset: 0, rows: [row(0, { name: "Abby" })] });
    await flush();
    expect(list.total).toBe(1);
    expect(list.rowAt(0)?.name).toBe("Abby");
    expect(list.searchApplied).toMatchObject({ stamp: 3 });
  });

  it("drops a search answer that arrives after the filters changed", async () => {
    const slow = deferred<ContactPage>();
    list_.mockImplementationOnce(() => slow.promise).mockImplementation(pageOf(5));
    const list = new ContactList();
    list.setSearch("a", 1);
    list.setFilter("vip", true);
    await flush();
    expect(list.total).toBe(5);

    slow.resolve({ total: 2, offset: 0, rows: [row(0, { name: "Alan" }), row(1)] });
    await flush();
    expect(list.total).toBe(5);
    expect(list.rowAt(0)?.name).not.toBe("Alan");
  });

  it("sends every filter and sort, and starts again from the top", async () => {
    list_.mockImplementation(pageOf(500));
    const list = new ContactList();
    await list.reload();
    list.cursor = 40;
    const queryId = list.queryId;
    list.setFilter("tag", "golf");
    list.setFilter("status", "inactive");
    list.setFilter("vip", true);
    list.setFilter("industry", "Shipping");
    list.setFilter("sort", "last_contacted");
    await flush();
    const q = list_.mock.calls.at(-1)![0] as ContactQuery;
    expect(q).toEqual({
      search: null,
      tag: "golf",
      status: "inactive",
      vip: true,
      industry: "Shipping",
      sort: "last_contacted",
      offset: 0,
      limit: PAGE_SIZE,
    });
    expect(list.cursor).toBe(0);
    expect(list.queryId).toBeGreaterThan(queryId);
    expect(list.filtered).toBe(true);
    list.clearFilters();
    expect(list.filtered).toBe(false);
  });
});

describe("selection", () => {
  it("toggles one row, and shift-click selects the range from the last click", async () => {
    list_.mockImplementation(pageOf(50));
    const list = new ContactList();
    await list.reload();
    await list.toggle(2);
    expect([...list.selected]).toEqual(["id-2"]);
    await list.toggle(5, true);
    expect([...list.selected].sort()).toEqual(["id-2", "id-3", "id-4", "id-5"]);
    await list.toggle(3);
    expect(list.selected.has("id-3")).toBe(false);
  });

  it("fetches the ids of a range that was never scrolled into view", async () => {
    list_.mockImplementation(pageOf(2000));
    const list = new ContactList();
    await list.reload();
    await list.toggle(0);
    await list.toggle(1499, true);
    expect(list.selected.size).toBe(1500);
    expect(list.selected.has("id-1499")).toBe(true);
    expect(list_.mock.calls.some(([q]) => q.limit === 500)).toBe(true);
  });

  it("Select all takes every contact the query matches", async () => {
    list_.mockImplementation(pageOf(1234));
    const list = new ContactList();
    await list.reload();
    await list.selectAll();
    expect(list.selected.size).toBe(1234);
  });

  it("moves the cursor within the list", async () => {
    list_.mockImplementation(pageOf(3));
    const list = new ContactList();
    await list.reload();
    list.moveCursor(1);
    list.moveCursor(5);
    expect(list.cursor).toBe(2);
    list.moveCursor(-10);
    expect(list.cursor).toBe(0);
  });
});

describe("bulk edits", () => {
  async function withSelection() {
    list_.mockImplementation(pageOf(5));
    const list = new ContactList();
    await list.reload();
    await list.toggle(0);
    await list.toggle(1);
    return list;
  }

  it("adds a tag to every selected contact", async () => {
    const list = await withSelection();
    vi.mocked(commands.contacts_edit).mockResolvedValue(2);
    expect(await list.addTag(" golf ")).toBe(true);
    expect(commands.contacts_edit).toHaveBeenCalledWith({ ids: ["id-0", "id-1"], changes: { add_tags: ["golf"] } });
    expect(toasts.items.at(-1)?.message).toContain("Tagged 2 contacts");
  });

  it("sets the status of every selected contact", async () => {
    const list = await withSelection();
    vi.mocked(commands.contacts_edit).mockResolvedValue(2);
    await list.setStatus("archived");
    expect(commands.contacts_edit).toHaveBeenCalledWith({ ids: ["id-0", "id-1"], changes: { status: "archived" } });
  });

  it("deletes with an Undo that restores the same contacts", async () => {
    const list = await withSelection();
    vi.mocked(commands.contacts_delete).mockResolvedValue(2);
    vi.mocked(commands.contacts_restore).mockResolvedValue(2);
    await list.deleteSelected();
    expect(commands.contacts_delete).toHaveBeenCalledWith(["id-0", "id-1"]);
    expect(list.selected.size).toBe(0);
    const toast = toasts.items.at(-1)!;
    expect(toast.message).toBe("Deleted 2 contacts");
    await toasts.undo(toast.id);
    expect(commands.contacts_restore).toHaveBeenCalledWith(["id-0", "id-1"]);
  });

  it("shows a refused bulk edit as an error toast", async () => {
    const list = await withSelection();
    vi.mocked(commands.contacts_edit).mockRejectedValue({ code: "invalid", message: "tags cannot contain commas" });
    expect(await list.addTag("a")).toBe(false);
    expect(toasts.items.at(-1)).toMatchObject({ kind: "error", message: "tags cannot contain commas" });
    expect(list.selected.size).toBe(2);
  });
});
