import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { contact, interaction, pageOf, row } from "$lib/testing/fixtures";
import { DRAFT_DEBOUNCE_MS, parseDraft, QuickLog } from "./quickLog.svelte";

const draftSet = vi.mocked(commands.draft_set);
const draftGet = vi.mocked(commands.draft_get);
const now = new Date(2026, 10, 21, 15, 30);

beforeEach(() => {
  vi.useFakeTimers();
  draftSet.mockResolvedValue(null);
  draftGet.mockResolvedValue(null);
});
afterEach(() => vi.useRealTimers());

describe("QuickLog", () => {
  it("opens empty with the time set to now", async () => {
    const log = new QuickLog();
    await log.show(undefined, now);
    expect(log.open).toBe(true);
    expect(log.when).toBe("2026-11-21T15:30");
    expect(log.kind).toBe("note");
    expect(log.contactId).toBeNull();
  });

  it("writes the draft ~300 ms after the last keystroke, not on every one", async () => {
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" }, now);
    log.notes = "Disc";
    log.changed();
    await vi.advanceTimersByTimeAsync(100);
    log.notes = "Discussed the engine";
    log.changed();
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS - 1);
    expect(draftSet).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(draftSet).toHaveBeenCalledOnce();
    expect(JSON.parse(draftSet.mock.calls[0][0]!)).toEqual({
      contact_id: "c1",
      kind: "note",
      when: "2026-11-21T15:30",
      notes: "Discussed the engine",
    });
  });

  it("brings back the draft, with the contact's name, when opened again", async () => {
    draftGet.mockResolvedValue(JSON.stringify({ contact_id: "c1", kind: "call", when: "2026-11-20T10:00", notes: "half a thought" }));
    vi.mocked(commands.contact_get).mockResolvedValue({
      contact: contact({ id: "c1", name: "Ada" }),
      interactions: [],
      follow_ups: [],
      history: [],
      conflicts: [],
    });
    const log = new QuickLog();
    await log.show(undefined, now);
    expect(log).toMatchObject({ contactId: "c1", contactName: "Ada", kind: "call", when: "2026-11-20T10:00", notes: "half a thought" });
  });

  it("keeps a waiting draft for someone else rather than overwrite it, and can start over", async () => {
    draftGet.mockResolvedValue(JSON.stringify({ contact_id: "other", kind: "call", when: "", notes: "unsaved words" }));
    vi.mocked(commands.contact_get).mockResolvedValue({
      contact: contact({ id: "other", name: "Bea" }),
      interactions: [],
      follow_ups: [],
      history: [],
      conflicts: [],
    });
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" }, now);
    expect(log.contactName).toBe("Bea");
    expect(log.notes).toBe("unsaved words");
    expect(log.displaced).toEqual({ id: "c1", name: "Ada" });
    log.startOver(now);
    expect(log.contactId).toBe("c1");
    expect(log.notes).toBe("");
  });

  it("prefills the contact and keeps a draft that had no one chosen", async () => {
    draftGet.mockResolvedValue(JSON.stringify({ contact_id: null, kind: "meeting", when: "", notes: "lunch" }));
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" }, now);
    expect(log).toMatchObject({ contactId: "c1", kind: "meeting", notes: "lunch", when: "2026-11-21T15:30" });
  });

  it("saves the interaction, then clears the draft, and a pending draft write cannot bring it back", async () => {
    vi.mocked(commands.interaction_create).mockResolvedValue(interaction());
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" }, now);
    log.kind = "call";
    log.notes = "  Talked  ";
    log.changed();
    const saved = await log.save();
    expect(saved).not.toBeNull();
    expect(commands.interaction_create).toHaveBeenCalledWith({
      contact_id: "c1",
      kind: "call",
      occurred_at: now.toISOString(),
      notes: "Talked",
    });
    expect(draftSet).toHaveBeenCalledExactlyOnceWith(null);
    await vi.advanceTimersByTimeAsync(1000);
    expect(draftSet).toHaveBeenCalledOnce();
    expect(log.open).toBe(false);
  });

  it("asks who it was with before saving", async () => {
    const log = new QuickLog();
    await log.show(undefined, now);
    expect(await log.save()).toBeNull();
    expect(log.contactError).toBe("Choose who this was with.");
    expect(commands.interaction_create).not.toHaveBeenCalled();
  });

  it("keeps the form and shows the error when saving fails", async () => {
    vi.mocked(commands.interaction_create).mockRejectedValue({ code: "not_found", message: "that contact was deleted" });
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" }, now);
    log.notes = "words";
    expect(await log.save()).toBeNull();
    expect(log.error).toBe("that contact was deleted");
    expect(log.open).toBe(true);
    expect(draftSet).not.toHaveBeenCalledWith(null);
  });

  it("searches contacts as the name is typed and picks one", async () => {
    vi.mocked(commands.contact_list).mockImplementation(pageOf(3, (i) => row(i, { name: `Ada ${i}` })));
    const log = new QuickLog();
    await log.show(undefined, now);
    log.typeContact("ada");
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.mocked(commands.contact_list).mock.calls[0][0]).toMatchObject({ search: "ada", limit: 8 });
    expect(log.options).toHaveLength(3);
    log.moveOption(1);
    log.pick();
    expect(log).toMatchObject({ contactId: "id-1", contactName: "Ada 1", pickerOpen: false });
  });

  it("flushes the draft when closed", async () => {
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" }, now);
    log.notes = "x";
    log.changed();
    log.close();
    expect(draftSet).toHaveBeenCalledOnce();
  });
});

describe("parseDraft", () => {
  it("treats malformed drafts as none and fills missing parts", () => {
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft("{oops")).toBeNull();
    expect(parseDraft('{"notes":"hi","kind":"séance"}')).toEqual({ contact_id: null, kind: "note", when: "", notes: "hi" });
  });
});
