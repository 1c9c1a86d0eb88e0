import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { settings } from "$lib/settings/settings.svelte";
import { toasts } from "$lib/shared/toast.svelte";
import { followUp } from "$lib/testing/fixtures";
import { FollowUpForm, followUpActions, tomorrowTime } from "./followups.svelte";

beforeEach(() => {
  toasts.items = [];
  settings.entries = [];
});

describe("follow-up actions", () => {
  it("snoozes for an hour or until tomorrow morning", async () => {
    vi.mocked(commands.followup_snooze).mockResolvedValue(followUp());
    const now = new Date(2026, 10, 21, 15, 0);
    await followUpActions.snooze("fu-1", "hour", now);
    expect(commands.followup_snooze).toHaveBeenLastCalledWith({ id: "fu-1", until: new Date(2026, 10, 21, 16, 0).toISOString() });
    await followUpActions.snooze("fu-1", "tomorrow", now);
    expect(commands.followup_snooze).toHaveBeenLastCalledWith({ id: "fu-1", until: new Date(2026, 10, 22, 9, 0).toISOString() });
  });

  it("uses the snooze_tomorrow_time setting", async () => {
    settings.entries = [{ key: "snooze_tomorrow_time", value: "08:15", default: "09:00", description: "" }];
    expect(tomorrowTime()).toBe("08:15");
    vi.mocked(commands.followup_snooze).mockResolvedValue(followUp());
    await followUpActions.snooze("fu-1", "tomorrow", new Date(2026, 10, 21, 15, 0));
    expect(commands.followup_snooze).toHaveBeenLastCalledWith({ id: "fu-1", until: new Date(2026, 10, 22, 8, 15).toISOString() });
  });

  it("marks done and returns the follow-up; a failure becomes a toast", async () => {
    vi.mocked(commands.followup_done).mockResolvedValueOnce(followUp({ status: "done" }));
    expect((await followUpActions.done("fu-1"))?.status).toBe("done");
    vi.mocked(commands.followup_done).mockRejectedValueOnce({ code: "not_found", message: "no such follow-up" });
    expect(await followUpActions.done("fu-1")).toBeNull();
    expect(toasts.items.at(-1)).toMatchObject({ kind: "error", message: "no such follow-up" });
  });

  it("deletes with an Undo that restores", async () => {
    vi.mocked(commands.followup_delete).mockResolvedValue(followUp());
    vi.mocked(commands.followup_restore).mockResolvedValue(followUp());
    const restored = vi.fn();
    expect(await followUpActions.remove("fu-1", restored)).toBe(true);
    await toasts.undo(toasts.items[0].id);
    expect(commands.followup_restore).toHaveBeenCalledWith("fu-1");
    expect(restored).toHaveBeenCalled();
  });
});

describe("FollowUpForm", () => {
  it("starts at tomorrow 09:00 and sends local time as UTC", async () => {
    const form = new FollowUpForm(() => "c1");
    form.reset(new Date(2026, 10, 21, 15, 0));
    expect(form.due).toBe("2026-11-22T09:00");
    form.note = " call back ";
    form.repeat = "7";
    vi.mocked(commands.followup_create).mockResolvedValue(followUp());
    await form.save();
    expect(commands.followup_create).toHaveBeenCalledWith({
      contact_id: "c1",
      due_at: new Date(2026, 10, 22, 9, 0).toISOString(),
      note: "call back",
      repeat_every_days: 7,
    });
  });

  it("asks for a due time and a sensible repeat", async () => {
    const form = new FollowUpForm(() => "c1");
    form.due = "";
    expect(await form.save()).toBeNull();
    expect(form.error).toMatch(/due/);
    form.due = "2026-11-22T09:00";
    form.repeat = "0";
    expect(await form.save()).toBeNull();
    expect(form.error).toMatch(/Repeat/);
    expect(commands.followup_create).not.toHaveBeenCalled();
  });
});
