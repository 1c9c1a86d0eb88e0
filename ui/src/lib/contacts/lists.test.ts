import { describe, expect, it } from "vitest";
import { addressLine, listChange, toRows } from "./lists";

describe("listChange", () => {
  it("replaces the whole list and drops blank rows", () => {
    const rows = [
      { label: "work", value: " ada@example.com " },
      { label: "", value: "" },
    ];
    expect(listChange("emails", rows)).toEqual({ changes: { emails: [{ label: "work", value: "ada@example.com" }] } });
  });

  it("says which row is missing its value", () => {
    expect(listChange("phones", [{ label: "mobile", value: "" }])).toEqual({ error: "Row 1: phone is empty." });
  });

  it("leaves a phone's E.164 form for the Rust side to work out again", () => {
    const rows = toRows("phones", [{ label: "m", value: "020 7946 0958", e164: "+442079460958" }]);
    rows[0].value = "020 7946 0000";
    expect(listChange("phones", rows)).toEqual({ changes: { phones: [{ label: "m", value: "020 7946 0000" }] } });
  });

  it("keeps only the address parts that were filled in", () => {
    const rows = [{ label: "home", street: "1 Main St", city: "Leeds", region: "", postal_code: "", country: "UK" }];
    expect(listChange("addresses", rows)).toEqual({
      changes: { addresses: [{ label: "home", street: "1 Main St", city: "Leeds", country: "UK" }] },
    });
  });

  it("sends an empty list when every row was removed", () => {
    expect(listChange("custom_fields", [])).toEqual({ changes: { custom_fields: [] } });
  });
});

describe("addressLine", () => {
  it("joins the parts there are", () => {
    expect(addressLine({ street: "1 Main St", country: "UK" })).toBe("1 Main St, UK");
  });
});
