import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { StartAtLogin } from "./login.svelte";

describe("StartAtLogin", () => {
  it("shows what the system reports after a change", async () => {
    vi.mocked(commands.start_at_login_get).mockResolvedValue(false);
    vi.mocked(commands.start_at_login_set).mockResolvedValue(true);
    const s = new StartAtLogin();
    await s.load();
    expect(s.enabled).toBe(false);
    await s.set(true);
    expect(commands.start_at_login_set).toHaveBeenCalledWith(true);
    expect(s.enabled).toBe(true);
    expect(s.saving).toBe(false);
  });

  it("keeps the old state and says why when the system refuses", async () => {
    vi.mocked(commands.start_at_login_get).mockResolvedValue(false);
    vi.mocked(commands.start_at_login_set).mockRejectedValue({ code: "internal", message: "changing the login item failed: read-only" });
    const s = new StartAtLogin();
    await s.load();
    await s.set(true);
    expect(s.enabled).toBe(false);
    expect(s.error).toBe("changing the login item failed: read-only");
  });
});
