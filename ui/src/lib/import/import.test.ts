import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

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

import { commands, type ImportPreview, type ImportReport } from "$lib/bindings";
import { deferred, flush } from "$lib/testing/commands";
import { ImportState, LIVE_PREVIEW_MS, progressFraction } from "./import.svelte";

const report: ImportReport = {
  format: "csv",
  rows: 3,
  created: 2,
  updated: 1,
  unchanged: 0,
  errors: [],
  warnings: [],
  possible_duplicates: [],
  duration_ms: 40,
};

const preview = (p: Partial<ImportPreview> = {}): ImportPreview => ({
  format: "csv",
  rows: [],
  errors: [],
  warnings: [],
  columns: null,
  refused: null,
  ...p,
});

/** A file without a header: Kith refuses it as it stands and guesses from the first row. */
const refused = preview({
  columns: {
    first_row: ["Ada Lovelace", "ada@example.com", "+44 20 7946 0001", "Analytical Engines"],
    header: false,
    columns: ["name", "email", "phone", "Column 4"],
  },
  refused: "the first row (Ada Lovelace, ...) looks like data, not a header",
});

const row = { row: 1, name: "Ada Lovelace", emails: ["ada@example.com"], phones: [], company: null, tags: [], other: [], duplicate_of: null };

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
    vi.mocked(commands.import_preview).mockResolvedValue(preview({ format: "google" }));
    const imp = new ImportState();
    imp.setPath(" /tmp/contacts.csv ");
    await imp.runPreview();
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/contacts.csv", format: null, columns: null, dry_run: true });
    expect(imp.preview?.format).toBe("google");
    imp.format = "outlook";
    await imp.runPreview();
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/contacts.csv", format: "outlook", columns: null, dry_run: true });
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
    expect(commands.import_run).toHaveBeenCalledWith({ path: "/tmp/c.csv", format: null, columns: null, dry_run: false });
    expect(imp.report).toEqual(report);
    expect(imp.running).toBeNull();
    expect(progress.stopped).toBe(1);
  });

  it("marks a dry run's report as such", async () => {
    vi.mocked(commands.import_run).mockResolvedValue(report);
    const imp = new ImportState();
    imp.setPath("/tmp/c.csv");
    await imp.run(true);
    expect(commands.import_run).toHaveBeenCalledWith({ path: "/tmp/c.csv", format: null, columns: null, dry_run: true });
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
    vi.mocked(commands.import_preview).mockResolvedValue(preview({ format: "vcard" }));
    const imp = new ImportState();
    await imp.browse();
    expect(imp.path).toBe("");
    await imp.browse();
    expect(imp.path).toBe("/home/me/a.vcf");
    expect(imp.preview?.format).toBe("vcard");
  });

  it("forgets an old preview when the path changes", async () => {
    vi.mocked(commands.import_preview).mockResolvedValue(preview());
    const imp = new ImportState();
    imp.setPath("/a.csv");
    await imp.runPreview();
    imp.setPath("/b.csv");
    expect(imp.preview).toBeNull();
  });
});

describe("ImportState column mapping", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function refusedFile(): Promise<ImportState> {
    vi.mocked(commands.import_preview).mockResolvedValue(refused);
    const imp = new ImportState();
    imp.setPath("/tmp/no-header.csv");
    await imp.runPreview();
    return imp;
  }

  it("opens the mapper on a refused file with Kith's guesses, and sends no map until the user maps", async () => {
    const imp = await refusedFile();
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: null, dry_run: true });
    expect(imp.mapperOpen).toBe(true);
    expect(imp.map).toBeNull();
    expect(imp.columns).toEqual(["name", "email", "phone", "Column 4"]);
    expect(imp.header).toBe(false);
    vi.mocked(commands.import_run).mockResolvedValue(report);
    await imp.run(true);
    expect(commands.import_run).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: null, dry_run: true });
  });

  it("keeps the mapper closed when the file was read fine", async () => {
    vi.mocked(commands.import_preview).mockResolvedValue(
      preview({ rows: [row], columns: { first_row: ["Name", "Email"], header: true, columns: ["name", "email"] } }),
    );
    const imp = new ImportState();
    imp.setPath("/tmp/c.csv");
    await imp.runPreview();
    expect(imp.guesses?.columns).toEqual(["name", "email"]);
    expect(imp.mapperOpen).toBe(false);
  });

  it("reads again with the map shortly after the last change, then sends it with the dry run and the import", async () => {
    const imp = await refusedFile();
    vi.mocked(commands.import_preview).mockResolvedValue(preview({ rows: [row], columns: { ...refused.columns!, columns: ["name", "email", "-", "company"] } }));
    imp.setColumn(2, "-");
    imp.setColumn(3, "company");
    expect(commands.import_preview).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    const map = { columns: ["name", "email", "-", "company"], header: false };
    expect(commands.import_preview).toHaveBeenCalledTimes(2);
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: map, dry_run: true });
    expect(imp.preview?.rows).toEqual([row]);
    expect(imp.guesses?.columns).toEqual(["name", "email", "phone", "Column 4"]);

    vi.mocked(commands.import_run).mockResolvedValue(report);
    await imp.run(true);
    expect(commands.import_run).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: map, dry_run: true });
    await imp.run(false);
    expect(commands.import_run).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: map, dry_run: false });
  });

  it("re-reads when the header box changes, and names a custom field left blank as Kith would", async () => {
    const imp = await refusedFile();
    vi.mocked(commands.import_preview).mockResolvedValue(preview());
    imp.setHeader(true);
    imp.setColumn(3, " ");
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    expect(commands.import_preview).toHaveBeenLastCalledWith({
      path: "/tmp/no-header.csv",
      format: null,
      columns: { columns: ["name", "email", "phone", "Column 4"], header: true },
      dry_run: true,
    });
  });

  it("resets to Kith's guesses and reads without a map again", async () => {
    const imp = await refusedFile();
    imp.setColumn(0, "first name");
    imp.resetColumns();
    await flush();
    expect(imp.map).toBeNull();
    expect(imp.columns).toEqual(["name", "email", "phone", "Column 4"]);
    expect(commands.import_preview).toHaveBeenCalledTimes(2);
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: null, dry_run: true });
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    expect(commands.import_preview).toHaveBeenCalledTimes(2);
  });

  it("says when no column names a person, and shows why Kith refused the map", async () => {
    const imp = await refusedFile();
    expect(imp.namesSomeone).toBe(true);
    vi.mocked(commands.import_preview).mockRejectedValue({ code: "invalid", message: "no column names a person" });
    imp.setColumn(0, "-");
    imp.setColumn(1, "company");
    imp.setColumn(2, "notes");
    expect(imp.namesSomeone).toBe(false);
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    expect(imp.mapError).toBe("no column names a person");
    expect(imp.error).toBeNull();
    expect(imp.preview).toBeNull();
    expect(imp.guesses).not.toBeNull();
  });

  it("shows only the answer to the latest preview", async () => {
    const imp = await refusedFile();
    const slow = deferred<ImportPreview>();
    vi.mocked(commands.import_preview).mockImplementationOnce(() => slow.promise).mockResolvedValueOnce(preview({ rows: [row] }));
    imp.setColumn(3, "company");
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    imp.setColumn(3, "notes");
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    slow.resolve(preview());
    await flush();
    expect(imp.preview?.rows).toEqual([row]);
    expect(imp.previewing).toBe(false);
  });

  it("forgets the map when the file or the format changes", async () => {
    const imp = await refusedFile();
    imp.setColumn(0, "first name");
    imp.setFormat("outlook");
    expect(imp.map).toBeNull();
    expect(imp.guesses).toBeNull();
    expect(imp.mapperOpen).toBe(false);
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    expect(commands.import_preview).toHaveBeenCalledTimes(1);
  });
});

describe("progressFraction", () => {
  it("is unknown without a size", () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ rows: 1, bytes_read: 5, total_bytes: 0 })).toBeNull();
    expect(progressFraction({ rows: 1, bytes_read: 15, total_bytes: 10 })).toBe(1);
  });
});
