import { beforeEach, describe, expect, it, vi } from "vitest";

const progress = vi.hoisted(() => ({ handler: null as null | ((p: unknown) => void), stopped: 0 }));
vi.mock("$lib/shared/events", () => ({
  onEvent: (name: string, handler: (p: unknown) => void) => {
    if (name === "kith://import-progress") progress.handler = handler;
    return () => {
      progress.stopped++;
      progress.handler = null;
    };
  },
}));
vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type ImportReport } from "$lib/bindings";
import { deferred } from "$lib/testing/commands";
import { ImportState, progressFraction } from "./import.svelte";

const report: ImportReport = { format: "csv", rows: 3, created: 2, updated: 1, unchanged: 0, errors: [], duration_ms: 40 };

beforeEach(() => {
  progress.handler = null;
  progress.stopped = 0;
});

describe("ImportState", () => {
  it("asks for a file before anything else", async () => {
    const imp = new ImportState();
    await imp.runPreview();
    expect(imp.pathError).toMatch(/Choose a file/);
    expect(commands.import_preview).not.toHaveBeenCalled();
  });

  it("previews with auto-detection unless a format was chosen", async () => {
    vi.mocked(commands.import_preview).mockResolvedValue({ format: "google", rows: [], errors: [] });
    const imp = new ImportState();
    imp.setPath(" /tmp/contacts.csv ");
    await imp.runPreview();
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/contacts.csv", format: null, dry_run: true });
    expect(imp.preview?.format).toBe("google");
    imp.format = "outlook";
    await imp.runPreview();
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/contacts.csv", format: "outlook", dry_run: true });
  });

  it("follows progress events while the import runs and stops listening after", async () => {
    const answer = deferred<ImportReport>();
    vi.mocked(commands.import_run).mockImplementation(() => answer.promise);
    const imp = new ImportState();
    imp.setPath("/tmp/c.csv");
    const running = imp.run(false);
    expect(imp.running).toBe("real");
    progress.handler!({ rows: 1000, bytes_read: 250, total_bytes: 1000 });
    expect(progressFraction(imp.progress)).toBe(0.25);
    answer.resolve(report);
    await running;
    expect(commands.import_run).toHaveBeenCalledWith({ path: "/tmp/c.csv", format: null, dry_run: false });
    expect(imp.report).toEqual(report);
    expect(imp.running).toBeNull();
    expect(progress.stopped).toBe(1);
  });

  it("marks a dry run's report as such", async () => {
    vi.mocked(commands.import_run).mockResolvedValue(report);
    const imp = new ImportState();
    imp.setPath("/tmp/c.csv");
    await imp.run(true);
    expect(commands.import_run).toHaveBeenCalledWith({ path: "/tmp/c.csv", format: null, dry_run: true });
    expect(imp.reportWasDry).toBe(true);
  });

  it("shows the error when the file cannot be read", async () => {
    vi.mocked(commands.import_run).mockRejectedValue({ code: "io", message: "no such file: /tmp/x.csv" });
    const imp = new ImportState();
    imp.setPath("/tmp/x.csv");
    expect(await imp.run(false)).toBeNull();
    expect(imp.error).toBe("no such file: /tmp/x.csv");
    expect(progress.stopped).toBe(1);
  });

  it("fills the path from Browse and previews it; a cancelled dialog changes nothing", async () => {
    vi.mocked(commands.import_pick_file).mockResolvedValueOnce(null).mockResolvedValueOnce("/home/me/a.vcf");
    vi.mocked(commands.import_preview).mockResolvedValue({ format: "vcard", rows: [], errors: [] });
    const imp = new ImportState();
    await imp.browse();
    expect(imp.path).toBe("");
    await imp.browse();
    expect(imp.path).toBe("/home/me/a.vcf");
    expect(imp.preview?.format).toBe("vcard");
  });

  it("forgets an old preview when the path changes", async () => {
    vi.mocked(commands.import_preview).mockResolvedValue({ format: "csv", rows: [], errors: [] });
    const imp = new ImportState();
    imp.setPath("/a.csv");
    await imp.runPreview();
    imp.setPath("/b.csv");
    expect(imp.preview).toBeNull();
  });
});

describe("progressFraction", () => {
  it("is unknown without a size", () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ rows: 1, bytes_read: 5, total_bytes: 0 })).toBeNull();
    expect(progressFraction({ rows: 1, bytes_read: 15, total_bytes: 10 })).toBe(1);
  });
});
