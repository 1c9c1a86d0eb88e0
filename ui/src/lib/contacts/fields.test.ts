import { describe, expect, it } from "vitest";
import { contact } from "$lib/testing/fixtures";
import { fieldChange, fieldDisplay, fieldValue } from "./fields";

describe("fieldChange", () => {
  it("sends only the edited field", () => {
    expect(fieldChange("company", " Acme ")).toEqual({ changes: { company: "Acme" } });
    expect(fieldChange("title", "")).toEqual({ changes: { title: "" } });
  });

  it("refuses an empty name", () => {
    expect(fieldChange("name", "  ")).toEqual({ error: "A contact needs a name." });
  });

  it("clears the birthday with null", () => {
    expect(fieldChange("birthday", "")).toEqual({ changes: { birthday: null } });
    expect(fieldChange("birthday", "--03-14")).toEqual({ changes: { birthday: "--03-14" } });
  });

  it("reads keep-in-touch days as a whole number; empty or 0 stops it", () => {
    expect(fieldChange("keep_in_touch_days", "30")).toEqual({ changes: { keep_in_touch_days: 30 } });
    expect(fieldChange("keep_in_touch_days", "")).toEqual({ changes: { keep_in_touch_days: null } });
    expect(fieldChange("keep_in_touch_days", "0")).toEqual({ changes: { keep_in_touch_days: null } });
    expect(fieldChange("keep_in_touch_days", "2.5")).toHaveProperty("error");
    expect(fieldChange("keep_in_touch_days", "-3")).toHaveProperty("error");
  });

  it("accepts only the known statuses", () => {
    expect(fieldChange("status", "archived")).toEqual({ changes: { status: "archived" } });
    expect(fieldChange("status", "gone")).toHaveProperty("error");
  });
});

describe("field values", () => {
  it("edits null as empty and shows days with their unit", () => {
    const c = contact({ keep_in_touch_days: 14, title: null });
    expect(fieldValue(c, "title")).toBe("");
    expect(fieldValue(c, "keep_in_touch_days")).toBe("14");
    expect(fieldDisplay(c, "keep_in_touch_days")).toBe("14 days");
    expect(fieldDisplay(contact({ keep_in_touch_days: 1 }), "keep_in_touch_days")).toBe("1 day");
  });
});
