import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { DataTools, suggestBackupPath } from "./data.svelte";

describe("DataTools", () => {
  it("exports to the file picked in the chosen format; a cancelled dialog writes nothing", async () => {
    vi.mocked(commands.export_pick_file).mockResolvedValueOnce(null).mockResolvedValueOnce("/tmp/out.vcf");
    vi.mocked(commands.export_to).mockResolvedValue(42);
    const tools = new DataTools();
    tools.exportFormat = "vcard";
    await tools.runExport();
    expect(commands.export_to).not.toHaveBeenCalled();
    await tools.runExport();
    expect(commands.export_pick_file).toHaveBeenLastCalledWith("vcard");
    expect(commands.export_to).toHaveBeenCalledWith({ path: "/tmp/out.vcf", format: "vcard" });
    expect(tools.exportOutcome).toEqual({ ok: true, message: "Exported 42 contacts to /tmp/out.vcf" });
  });

  it("backs up to the path given and reports a failure", async () => {
    const tools = new DataTools();
    await tools.runBackup();
    expect(tools.backupOutcome?.ok).toBe(false);
    tools.backupPath = "/tmp/b.db";
    vi.mocked(commands.backup_to).mockRejectedValueOnce({ code: "io", message: "permission denied: /tmp/b.db" });
    await tools.runBackup();
    expect(tools.backupOutcome).toEqual({ ok: false, message: "permission denied: /tmp/b.db" });
    vi.mocked(commands.backup_to).mockResolvedValueOnce(null);
    await tools.runBackup();
    expect(commands.backup_to).toHaveBeenLastCalledWith("/tmp/b.db");
    expect(tools.backupOutcome?.ok).toBe(true);
  });

  it("says whether the rebuilt index matched", async () => {
    vi.mocked(commands.rebuild).mockResolvedValue({ matched: false, documents: 12 });
    const tools = new DataTools();
    await tools.runRebuild();
    expect(tools.rebuildOutcome?.message).toMatch(/12 records.*drifted/);
  });

  it("suggests a dated backup beside the database", () => {
    expect(suggestBackupPath("/home/me/.local/share/kith/kith.db", new Date(2026, 10, 21))).toBe(
      "/home/me/.local/share/kith/kith-backup-2026-11-21.db",
    );
    expect(suggestBackupPath("C:\\Users\\me\\kith.db", new Date(2026, 0, 2))).toBe("C:\\Users\\me\\kith-backup-2026-01-02.db");
  });
});
