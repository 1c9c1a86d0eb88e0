import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import ErrorTable from "./ErrorTable.svelte";
import PreviewTable from "./PreviewTable.svelte";

const person = { emails: [], phones: [], company: null, tags: [], other: [] };

describe("PreviewTable", () => {
  it("flags a row that may be the same person as an earlier one", () => {
    render(PreviewTable, {
      rows: [
        { ...person, row: 2, name: "Dorothy Vaughan", phones: ["+1 757 555 0101"], duplicate_of: null },
        { ...person, row: 3, name: "Dot Vaughan", phones: ["+1 757 555 0101"], duplicate_of: 2 },
      ],
    });
    const badges = screen.getAllByTestId("import-preview-duplicate");
    expect(badges).toHaveLength(1);
    expect(badges[0].textContent).toBe("maybe same as row 2");
    expect(badges[0].closest("tr")?.textContent).toMatch(/Dot Vaughan/);
  });
});

describe("ErrorTable", () => {
  it("lists warnings in the warning tone", () => {
    render(ErrorTable, {
      errors: [{ row: 4, column: "Birthday", message: "not a date: 31/02; kept as the custom field birthday" }],
      tone: "warning",
      testid: "import-preview-warning-row",
    });
    const rows = screen.getAllByTestId("import-preview-warning-row");
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toMatch(/4.*Birthday.*not a date/);
    expect(screen.getByRole("columnheader", { name: "Warning" })).toBeTruthy();
  });
});
