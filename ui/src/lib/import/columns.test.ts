import { describe, expect, it } from "vitest";
import { forScreen, guessIsCustom, isStandard, meaningLabel, namesPerson } from "./columns";

describe("column meanings", () => {
  it("labels the standard names and capitalises the others Kith reads", () => {
    expect(meaningLabel("mobile")).toBe("Mobile phone");
    expect(meaningLabel("-")).toBe("Skip this column");
    expect(meaningLabel("work postal code")).toBe("Work postal code");
    expect(meaningLabel("home fax")).toBe("Home fax");
    expect(isStandard("home city")).toBe(true);
    expect(isStandard("Shoe size")).toBe(false);
  });

  it("tells a custom field guess from a field the select does not list", () => {
    expect(guessIsCustom("Shoe size", "Shoe size", true)).toBe(true);
    expect(guessIsCustom("Column 4", "NASA", false)).toBe(true);
    expect(guessIsCustom("home fax", "Home Fax", true)).toBe(false);
    expect(guessIsCustom("email", "Email", true)).toBe(false);
  });

  it("knows which names tell who a row is", () => {
    for (const n of ["name", "first name", "last name", "email", "work email", "phone", "mobile", "home phone", "home fax"]) {
      expect(namesPerson(n), n).toBe(true);
    }
    for (const n of ["company", "-", "Column 2", "notes", "home street"]) expect(namesPerson(n), n).toBe(false);
  });
});

describe("forScreen", () => {
  it("drops the command line's flag from a core message", () => {
    expect(forScreen("--columns: no column names a person: name one column name, first name, last name, email or phone (got -,company)")).toBe(
      "no column names a person: name one column name, first name, last name, email or phone (got -,company)",
    );
    expect(
      forScreen("the first row (Ada, ada@example.com) looks like data, not a header; name the columns with --columns (for example --columns name,email,phone,-,company), or add a header row"),
    ).toBe("the first row (Ada, ada@example.com) looks like data, not a header");
    expect(forScreen("no column names a person: expected a name, first/last name, email or phone column among A, B")).toBe(
      "no column names a person: expected a name, first/last name, email or phone column among A, B",
    );
  });
});
