import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { fireEvent, render, screen } from "@testing-library/svelte";
import { commands, type Account } from "$lib/bindings";
import SyncSection from "./SyncSection.svelte";
import { signInProblems, SyncState } from "./sync.svelte";

const account: Account = { server: "https://sync.example.com", email: "me@example.com", workspace_id: "w", device_id: "d1234567890" };

describe("SyncState", () => {
  it("checks the form before sending it", async () => {
    const sync = new SyncState();
    expect(await sync.signIn()).toBe(false);
    expect(Object.keys(sync.problems).sort()).toEqual(["email", "password", "server"]);
    expect(commands.sync_sign_in).not.toHaveBeenCalled();
    expect(signInProblems({ server: "http://127.0.0.1:8787", email: "a@b", password: "x", recoveryKey: "" })).toEqual({});
  });

  it("creates an account when the recovery key is empty and keeps the new key to show once", async () => {
    vi.mocked(commands.sync_sign_in).mockResolvedValue({ account, recovery_key: "KITH-AAAAA-BBBBB" });
    vi.mocked(commands.sync_status).mockResolvedValue({ account, waiting: 0 });
    const sync = new SyncState();
    sync.form = { server: " https://sync.example.com ", email: "me@example.com", password: "pw", recoveryKey: "  " };
    expect(await sync.signIn()).toBe(true);
    expect(commands.sync_sign_in).toHaveBeenCalledWith({
      server: "https://sync.example.com",
      email: "me@example.com",
      password: "pw",
      recovery_key: null,
      device_name: null,
    });
    expect(sync.newRecoveryKey).toBe("KITH-AAAAA-BBBBB");
    expect(sync.form.password).toBe("");
    sync.dismissRecoveryKey();
    expect(sync.newRecoveryKey).toBeNull();
  });

  it("joins an existing account with its recovery key", async () => {
    vi.mocked(commands.sync_sign_in).mockResolvedValue({ account, recovery_key: null });
    vi.mocked(commands.sync_status).mockResolvedValue({ account, waiting: 0 });
    const sync = new SyncState();
    sync.form = { server: "https://sync.example.com", email: "me@example.com", password: "pw", recoveryKey: "KITH-XYZ" };
    await sync.signIn();
    expect(vi.mocked(commands.sync_sign_in).mock.calls[0][0].recovery_key).toBe("KITH-XYZ");
    expect(sync.newRecoveryKey).toBeNull();
  });

  it("shows the server's refusal", async () => {
    vi.mocked(commands.sync_sign_in).mockRejectedValue({ code: "auth", message: "wrong email or password" });
    const sync = new SyncState();
    sync.form = { server: "https://s", email: "a@b", password: "x", recoveryKey: "" };
    expect(await sync.signIn()).toBe(false);
    expect(sync.error).toBe("wrong email or password");
  });

  it("syncs now and refreshes the status", async () => {
    vi.mocked(commands.sync_now).mockResolvedValue({ pushed: 3, pulled: 5, cursor: 9 });
    vi.mocked(commands.sync_status).mockResolvedValue({ account, waiting: 0 });
    const sync = new SyncState();
    expect(await sync.syncNow()).toEqual({ pushed: 3, pulled: 5, cursor: 9 });
    expect(sync.status?.waiting).toBe(0);
  });
});

describe("SyncSection", () => {
  it("shows the sign-in form when signed out, then the new recovery key once", async () => {
    vi.mocked(commands.sync_status).mockResolvedValueOnce({ account: null, waiting: 2 }).mockResolvedValue({ account, waiting: 0 });
    vi.mocked(commands.sync_sign_in).mockResolvedValue({ account, recovery_key: "KITH-NEW-KEY" });
    render(SyncSection);
    await fireEvent.input(await screen.findByTestId("sync-server"), { target: { value: "https://sync.example.com" } });
    await fireEvent.input(screen.getByTestId("sync-email"), { target: { value: "me@example.com" } });
    await fireEvent.input(screen.getByTestId("sync-password"), { target: { value: "pw" } });
    expect(screen.getByTestId("sync-sign-in").textContent).toContain("Create account");
    await fireEvent.click(screen.getByTestId("sync-sign-in"));
    expect((await screen.findByTestId("sync-new-recovery-key")).textContent).toBe("KITH-NEW-KEY");
    expect(await screen.findByTestId("sync-now")).toBeTruthy();
  });
});
