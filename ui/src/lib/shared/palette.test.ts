import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type ContactPage } from "$lib/bindings";
import { deferred } from "$lib/testing/commands";
import { row } from "$lib/testing/fixtures";
import { Palette, type PaletteAction } from "./palette.svelte";

const ran: string[] = [];
const actions = (): PaletteAction[] =>
  ["New contact", "Log interaction", "Go to dashboard", "Go to contacts", "Toggle theme"].map((label) => ({
    id: label,
    label,
    run: () => ran.push(label),
  }));

beforeEach(() => {
  vi.useFakeTimers();
  ran.length = 0;
});
afterEach(() => vi.useRealTimers());

describe("Palette", () => {
  it("lists every action for an empty query and runs the highlighted one", () => {
    const p = new Palette(actions, () => {});
    expect(p.items).toHaveLength(5);
    p.move(1);
    p.run();
    expect(ran).toEqual(["Log interaction"]);
    p.move(-2);
    expect(p.index).toBe(4);
  });

  it("matches actions fuzzily and adds matching contacts after them", async () => {
    vi.mocked(commands.contact_list).mockResolvedValue({ total: 1, offset: 0, rows: [row(1, { name: "Gotham Smith", company: "Acme" })] });
    const opened: string[] = [];
    const p = new Palette(actions, (id) => opened.push(id));
    p.setQuery("goc");
    await vi.advanceTimersByTimeAsync(50);
    expect(p.items[0].label).toBe("Go to contacts");
    const contactItem = p.items.find((i) => i.kind === "contact")!;
    expect(contactItem).toMatchObject({ label: "Gotham Smith", hint: "Acme" });
    p.run(contactItem);
    expect(opened).toEqual(["id-1"]);
  });

  it("drops contact results for an older query", async () => {
    const slow = deferred<ContactPage>();
    vi.mocked(commands.contact_list)
      .mockImplementationOnce(() => slow.promise)
      .mockResolvedValueOnce({ total: 1, offset: 0, rows: [row(2, { name: "Bea" })] });
    const p = new Palette(actions, () => {});
    p.setQuery("a");
    await vi.advanceTimersByTimeAsync(50);
    p.setQuery("be");
    await vi.advanceTimersByTimeAsync(50);
    slow.resolve({ total: 1, offset: 0, rows: [row(1, { name: "Al" })] });
    await vi.advanceTimersByTimeAsync(0);
    expect(p.contacts.map((c) => c.name)).toEqual(["Bea"]);
  });
});
