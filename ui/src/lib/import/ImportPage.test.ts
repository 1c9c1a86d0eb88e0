// The import screen end to end, with the commands answered here: a file without a header is
// refused, named column by column, previewed live, then run with the same map.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/shared/events", () => ({ onEvent: () => () => {} }));
vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type ImportPreview, type ImportReport } from "$lib/bindings";
import { flush } from "$lib/testing/commands";
import ImportPage from "../../routes/import/+page.svelte";
import { LIVE_PREVIEW_MS } from "./import.svelte";

const columns = {
  first_row: ["Dorothy Vaughan", "+1 757 555 0101", "NASA"],
  header: false,
  columns: ["name", "phone", "Column 3"],
};
const person = { emails: [], company: "NASA", tags: [], other: [] };
const mapped: ImportPreview = {
  format: "csv",
  rows: [
    { ...person, row: 1, name: "Dorothy Vaughan", phones: ["+1 757 555 0101"], duplicate_of: null },
    { ...person, row: 2, name: "Dot Vaughan", phones: ["+1 757 555 0101"], duplicate_of: 1 },
  ],
  errors: [],
  warnings: [{ row: 2, column: "Column 3", message: "kept as a custom field" }],
  columns: { ...columns, columns: ["name", "phone", "company"] },
  refused: null,
};
const report: ImportReport = {
  format: "csv",
  rows: 2,
  created: 2,
  updated: 0,
  unchanged: 0,
  errors: [],
  warnings: mapped.warnings,
  possible_duplicates: [
    { row: 2, name: "Dot Vaughan", contact: "c-2", other_row: 1, other_name: "Dorothy Vaughan", other_contact: "c-1", shared: "+1 757 555 0101" },
  ],
  duration_ms: 80,
};

describe("the import screen", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("maps the columns of a refused file, previews live, and imports with the same map", async () => {
    vi.mocked(commands.import_preview).mockResolvedValueOnce({
      format: "csv",
      rows: [],
      errors: [],
      warnings: [],
      columns,
      refused: "the first row (Dorothy Vaughan, +1 757 555 0101, NASA) looks like data, not a header",
    });
    render(ImportPage);
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/tmp/no-header.csv" } });
    await fireEvent.click(screen.getByTestId("import-preview"));
    await flush();
    expect(screen.getByTestId("import-refused")).toBeTruthy();
    expect(screen.getByTestId("import-mapper")).toBeTruthy();
    expect(screen.queryByTestId("import-preview-table")).toBeNull();
    expect((screen.getByTestId("import-run") as HTMLButtonElement).disabled).toBe(true);

    vi.mocked(commands.import_preview).mockResolvedValue(mapped);
    await fireEvent.change(screen.getByTestId("import-map-col-2"), { target: { value: "company" } });
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    const map = { columns: ["name", "phone", "company"], header: false };
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: map, dry_run: true });
    expect(screen.queryByTestId("import-refused")).toBeNull();
    expect(screen.getByTestId("import-mapper")).toBeTruthy();
    expect(screen.getByTestId("import-preview-duplicate").textContent).toBe("maybe same as row 1");
    expect(screen.getAllByTestId("import-preview-warning-row")).toHaveLength(1);
    expect((screen.getByTestId("import-run") as HTMLButtonElement).disabled).toBe(false);

    vi.mocked(commands.import_run).mockResolvedValue(report);
    await fireEvent.click(screen.getByTestId("import-dry-run"));
    await flush();
    expect(commands.import_run).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: map, dry_run: true });
    expect(screen.getByTestId("import-report-duplicate").querySelectorAll("a")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("import-run"));
    await flush();
    expect(commands.import_run).toHaveBeenLastCalledWith({ path: "/tmp/no-header.csv", format: null, columns: map, dry_run: false });
    expect(screen.getByTestId("import-report-duplicate").querySelectorAll("a")).toHaveLength(2);
    expect(screen.getAllByTestId("import-report-warning-row")).toHaveLength(1);
  });
});
