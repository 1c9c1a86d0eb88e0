import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Toasts, UNDO_MS } from "./toast.svelte";

describe("Toasts", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("offers Undo on a delete for about eight seconds", () => {
    const t = new Toasts();
    t.deleted(3, "contact", async () => {});
    expect(t.items[0].message).toBe("Deleted 3 contacts");
    expect(t.items[0].undo).toBeTypeOf("function");
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(t.items).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.items).toHaveLength(0);
  });

  it("counts what was deleted and names a single one", () => {
    const t = new Toasts();
    t.deleted(1, "follow-up", async () => {});
    t.deleted(2, "follow-up", async () => {});
    t.deleted(1, "contact", async () => {}, "Ada Lovelace");
    expect(t.items.map((x) => x.message)).toEqual(["Deleted 1 follow-up", "Deleted 2 follow-ups", "Deleted 1 contact: Ada Lovelace"]);
  });

  it("runs the restore on Undo and says so", async () => {
    const t = new Toasts();
    const restore = vi.fn(async () => {});
    const id = t.deleted(1, "contact", restore);
    await t.undo(id);
    expect(restore).toHaveBeenCalledOnce();
    expect(t.items.map((x) => x.message)).toEqual(["Restored"]);
  });

  it("shows the error when the restore fails", async () => {
    const t = new Toasts();
    const id = t.deleted(1, "contact", () => Promise.reject({ code: "not_found", message: "it is gone" }));
    await t.undo(id);
    expect(t.items).toHaveLength(1);
    expect(t.items[0]).toMatchObject({ kind: "error", message: "it is gone" });
  });

  it("does not restore twice when Undo is pressed twice", async () => {
    const t = new Toasts();
    const restore = vi.fn(() => new Promise<void>((r) => setTimeout(r, 10)));
    const id = t.deleted(1, "contact", restore);
    const first = t.undo(id);
    void t.undo(id);
    vi.advanceTimersByTime(10);
    await first;
    expect(restore).toHaveBeenCalledOnce();
  });
});
