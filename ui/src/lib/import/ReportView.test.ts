import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { ImportReport } from "$lib/bindings";
import ReportView from "./ReportView.svelte";

const report: ImportReport = {
  format: "linkedin",
  rows: 7,
  created: 6,
  updated: 0,
  unchanged: 0,
  errors: [{ row: 5, column: null, message: "the row names no one (no name, email or phone)" }],
  warnings: [{ row: 3, column: "Connected On", message: "not a date: yesterday; kept as a custom field" }],
  possible_duplicates: [
    { row: 4, name: "Dot Vaughan", contact: "c-4", other_row: 2, other_name: "Dorothy Vaughan", other_contact: "c-2", shared: "office@nasa.gov" },
  ],
  duration_ms: 120,
};

describe("ReportView", () => {
  it("lists warnings apart from errors and links both people of a possible duplicate", () => {
    render(ReportView, { report, dry: false });
    expect(screen.getByTestId("import-report-warnings").textContent).toBe("1");
    expect(screen.getAllByTestId("import-error-row")).toHaveLength(1);
    expect(screen.getAllByTestId("import-report-warning-row")[0].textContent).toMatch(/Connected On/);
    const dup = screen.getByTestId("import-report-duplicate");
    expect(dup.textContent?.replace(/\s+/g, " ").trim()).toBe("row 4 «Dot Vaughan» and row 2 «Dorothy Vaughan» share office@nasa.gov");
    const links = [...dup.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["/contact?id=c-4", "/contact?id=c-2"]);
  });

  it("links no one after a dry run and hides a zero warnings count", () => {
    render(ReportView, { report: { ...report, warnings: [] }, dry: true });
    expect(screen.getByTestId("import-report-duplicate").querySelectorAll("a")).toHaveLength(0);
    expect(screen.queryByTestId("import-report-warnings")).toBeNull();
    expect(screen.queryByTestId("import-report-warning-row")).toBeNull();
    expect(screen.getByText("Would create")).toBeTruthy();
  });
});
