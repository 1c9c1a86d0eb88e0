import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type ImportPreview } from "$lib/bindings";
import { flush } from "$lib/testing/commands";
import ColumnMapper from "./ColumnMapper.svelte";
import { ImportState, LIVE_PREVIEW_MS } from "./import.svelte";

const base: ImportPreview = { format: "csv", rows: [], errors: [], warnings: [], columns: null, refused: null };

async function loaded(answer: ImportPreview): Promise<ImportState> {
  vi.mocked(commands.import_preview).mockResolvedValue(answer);
  const imp = new ImportState();
  imp.setPath("/tmp/people.csv");
  await imp.runPreview();
  return imp;
}

const select = (i: number) => screen.getByTestId(`import-map-col-${i}`) as HTMLSelectElement;

describe("ColumnMapper", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("opens on a refused file with the warning and Kith's guesses preselected", async () => {
    const imp = await loaded({
      ...base,
      columns: { first_row: ["Ada Lovelace", "ada@example.com", "NASA"], header: false, columns: ["name", "email", "Column 3"] },
      refused: "the first row (Ada Lovelace, ada@example.com, NASA) looks like data, not a header",
    });
    render(ColumnMapper, { imp });
    expect(screen.getByTestId("import-refused").textContent).toMatch(/looks like data, not a header/);
    expect(screen.getByTestId("import-mapper")).toBeTruthy();
    expect([0, 1, 2].map((i) => select(i).value)).toEqual(["name", "email", "Column 3"]);
    expect(select(2).selectedOptions[0].textContent).toBe("Custom field: Column 3");
    expect((screen.getByTestId("import-map-header") as HTMLInputElement).checked).toBe(false);
    expect(screen.getByLabelText(/Column 2\s*ada@example.com/)).toBe(select(1));
    expect((screen.getByTestId("import-map-reset") as HTMLButtonElement).disabled).toBe(true);
  });

  it("stays behind its toggle when the file was read fine", async () => {
    const imp = await loaded({ ...base, columns: { first_row: ["Name", "Email"], header: true, columns: ["name", "email"] } });
    render(ColumnMapper, { imp });
    expect(screen.queryByTestId("import-mapper")).toBeNull();
    const toggle = screen.getByTestId("import-map-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(toggle);
    expect(screen.getByTestId("import-mapper")).toBeTruthy();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
  });

  it("previews again with the new map, names a custom field, and resets to the guesses", async () => {
    const imp = await loaded({
      ...base,
      columns: { first_row: ["Full Name", "E-mail", "Home Fax", "Shoe size"], header: true, columns: ["name", "email", "home fax", "Shoe size"] },
    });
    imp.mapperOpen = true;
    render(ColumnMapper, { imp });
    expect(select(2).selectedOptions[0].textContent).toBe("Home fax");
    expect(select(3).selectedOptions[0].textContent).toBe("Custom field: Shoe size");

    await fireEvent.change(select(1), { target: { value: "work email" } });
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    expect(commands.import_preview).toHaveBeenLastCalledWith({
      path: "/tmp/people.csv",
      format: null,
      columns: { columns: ["name", "work email", "home fax", "Shoe size"], header: true },
      dry_run: true,
    });

    await fireEvent.change(select(2), { target: { value: "+custom" } });
    const name = screen.getByTestId("import-map-custom-2") as HTMLInputElement;
    expect(name.value).toBe("Column 3");
    expect(document.activeElement).toBe(name);
    await fireEvent.input(name, { target: { value: "Fax" } });
    expect(imp.columns[2]).toBe("Fax");
    expect(select(2).value).toBe("Fax");
    expect(select(2).selectedOptions[0].textContent).toBe("Custom field: Fax");

    await fireEvent.click(screen.getByTestId("import-map-reset"));
    await flush();
    expect(imp.map).toBeNull();
    expect([0, 1, 2, 3].map((i) => select(i).value)).toEqual(["name", "email", "home fax", "Shoe size"]);
    expect(screen.queryByTestId("import-map-custom-2")).toBeNull();
    expect(commands.import_preview).toHaveBeenLastCalledWith({ path: "/tmp/people.csv", format: null, columns: null, dry_run: true });
  });

  it("reads the first row as data once the header box is cleared", async () => {
    const imp = await loaded({ ...base, columns: { first_row: ["Name", "Email"], header: true, columns: ["name", "email"] } });
    imp.mapperOpen = true;
    render(ColumnMapper, { imp });
    await fireEvent.click(screen.getByTestId("import-map-header"));
    expect(imp.map).toEqual({ columns: ["name", "email"], header: false });
    expect(screen.getByText("First value")).toBeTruthy();
  });

  it("asks for a column that names a person, and shows Kith's own answer", async () => {
    const imp = await loaded({ ...base, columns: { first_row: ["Name", "Company"], header: true, columns: ["name", "company"] } });
    imp.mapperOpen = true;
    render(ColumnMapper, { imp });
    expect(screen.queryByTestId("import-map-hint")).toBeNull();
    vi.mocked(commands.import_preview).mockRejectedValue({ code: "invalid_input", message: "--columns: no column names a person: name one column name, first name, last name, email or phone (got -,company)" });
    await fireEvent.change(select(0), { target: { value: "-" } });
    expect(screen.getByTestId("import-map-hint").textContent).toMatch(/Kith needs one column read as a name/);
    await vi.advanceTimersByTimeAsync(LIVE_PREVIEW_MS);
    expect(screen.getByTestId("import-map-error").textContent).toMatch(/^no column names a person: name one column/);
  });
});
