import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type ContactDetail } from "$lib/bindings";
import { toasts } from "$lib/shared/toast.svelte";
import { deferred } from "$lib/testing/commands";
import { contact, followUp, interaction } from "$lib/testing/fixtures";
import { ContactDetailState, splitTags } from "./detail.svelte";

const c = contact();
const detail = (overrides: Partial<ContactDetail> = {}): ContactDetail => ({
  contact: c,
  interactions: [],
  follow_ups: [],
  history: [],
  conflicts: [],
  ...overrides,
});

beforeEach(() => {
  vi.mocked(commands.contact_get).mockReset();
  toasts.items = [];
});

describe("ContactDetailState", () => {
  it("loads a contact and shows why one cannot be shown", async () => {
    const view = new ContactDetailState();
    vi.mocked(commands.contact_get).mockResolvedValueOnce(detail());
    await view.load(c.id);
    expect(view.contact?.name).toBe("Ada Lovelace");
    vi.mocked(commands.contact_get).mockRejectedValueOnce({ code: "not_found", message: "no contact with that id" });
    await view.load("nope");
    expect(view.contact).toBeNull();
    expect(view.error).toBe("no contact with that id");
  });

  it("ignores a slow answer for a contact the page has moved on from", async () => {
    const view = new ContactDetailState();
    const slow = deferred<ContactDetail>();
    vi.mocked(commands.contact_get)
      .mockImplementationOnce(() => slow.promise)
      .mockResolvedValueOnce(detail({ contact: contact({ id: "b", name: "Bea" }) }));
    const first = view.load("a");
    await view.load("b");
    slow.resolve(detail({ contact: contact({ id: "a", name: "Al" }) }));
    await first;
    expect(view.contact?.name).toBe("Bea");
  });

  it("sends one field and takes the returned contact; a refusal comes back as the message", async () => {
    const view = new ContactDetailState();
    vi.mocked(commands.contact_get).mockResolvedValue(detail());
    await view.load(c.id);
    vi.mocked(commands.contact_update).mockResolvedValueOnce(contact({ company: "Acme" }));
    expect(await view.update({ company: "Acme" })).toBeNull();
    expect(commands.contact_update).toHaveBeenCalledWith({ id: c.id, changes: { company: "Acme" } });
    expect(view.contact?.company).toBe("Acme");

    vi.mocked(commands.contact_update).mockRejectedValueOnce({ code: "invalid", message: "birthday must be a date" });
    expect(await view.update({ birthday: "x" })).toBe("birthday must be a date");
    expect(view.contact?.company).toBe("Acme");
  });

  it("adds only tags the contact does not have, and removes one", async () => {
    const view = new ContactDetailState();
    vi.mocked(commands.contact_get).mockResolvedValue(detail());
    await view.load(c.id);
    vi.mocked(commands.contact_update).mockResolvedValue(c);
    await view.addTags("math, golf, golf");
    expect(commands.contact_update).toHaveBeenLastCalledWith({ id: c.id, changes: { add_tags: ["golf"] } });
    await view.removeTag("math");
    expect(commands.contact_update).toHaveBeenLastCalledWith({ id: c.id, changes: { remove_tags: ["math"] } });
  });

  it("keeps a conflicting value and drops the conflict", async () => {
    const view = new ContactDetailState();
    vi.mocked(commands.contact_get).mockResolvedValue(detail({ conflicts: [{ field: "company", values: ["A", "B"] }] }));
    await view.load(c.id);
    vi.mocked(commands.contact_keep_value).mockResolvedValue(contact({ company: "B" }));
    vi.mocked(commands.contact_get).mockResolvedValue(detail({ contact: contact({ company: "B" }) }));
    await view.keep("company", "B");
    expect(commands.contact_keep_value).toHaveBeenCalledWith({ id: c.id, field: "company", value: "B" });
    expect(view.detail?.conflicts).toEqual([]);
    expect(view.contact?.company).toBe("B");
  });

  it("deletes the contact with an Undo that restores it", async () => {
    const view = new ContactDetailState();
    vi.mocked(commands.contact_get).mockResolvedValue(detail());
    await view.load(c.id);
    vi.mocked(commands.contacts_delete).mockResolvedValue(1);
    vi.mocked(commands.contacts_restore).mockResolvedValue(1);
    expect(await view.remove()).toBe(true);
    expect(commands.contacts_delete).toHaveBeenCalledWith([c.id]);
    await toasts.undo(toasts.items[0].id);
    expect(commands.contacts_restore).toHaveBeenCalledWith([c.id]);
  });

  it("deletes an interaction from the timeline with an Undo", async () => {
    const view = new ContactDetailState();
    const i = interaction();
    vi.mocked(commands.contact_get).mockResolvedValue(detail({ interactions: [i] }));
    await view.load(c.id);
    vi.mocked(commands.interaction_delete).mockResolvedValue(i);
    vi.mocked(commands.interaction_restore).mockResolvedValue(i);
    await view.removeInteraction(i);
    expect(view.timeline).toEqual([]);
    expect(toasts.items[0].message).toBe("Deleted 1 interaction");
    await toasts.undo(toasts.items[0].id);
    expect(commands.interaction_restore).toHaveBeenCalledWith(i.id);
    expect(view.timeline).toHaveLength(1);
  });

  it("orders the timeline newest first and open follow-ups by when they are due", async () => {
    const view = new ContactDetailState();
    vi.mocked(commands.contact_get).mockResolvedValue(
      detail({
        interactions: [
          interaction({ id: "old", occurred_at: "2026-01-01T00:00:00Z" }),
          interaction({ id: "new", occurred_at: "2026-02-01T00:00:00Z" }),
        ],
        follow_ups: [
          followUp({ id: "done", status: "done", completed_at: "2026-01-05T00:00:00Z" }),
          followUp({ id: "later", due_at: "2026-05-01T00:00:00Z" }),
          followUp({ id: "snoozed", due_at: "2026-04-01T00:00:00Z", snoozed_until: "2026-06-01T00:00:00Z" }),
          followUp({ id: "soon", due_at: "2026-04-15T00:00:00Z" }),
        ],
      }),
    );
    await view.load(c.id);
    expect(view.timeline.map((i) => i.id)).toEqual(["new", "old"]);
    expect(view.followUps.map((f) => f.id)).toEqual(["soon", "later", "snoozed", "done"]);
  });
});

describe("splitTags", () => {
  it("splits on commas, trims and drops repeats and blanks", () => {
    expect(splitTags(" vip, investor ,, vip ")).toEqual(["vip", "investor"]);
  });
});
