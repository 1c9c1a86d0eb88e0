import { describe, expect, it } from "vitest";
import { historyValue } from "./history";

describe("historyValue", () => {
  it("shows text, lists, records and absence on one line", () => {
    expect(historyValue(null)).toBe("(none)");
    expect(historyValue("")).toBe("(empty)");
    expect(historyValue("two\nlines")).toBe("two lines");
    expect(historyValue(["a", "b"])).toBe("a, b");
    expect(historyValue([])).toBe("(none)");
    expect(historyValue([{ label: "work", value: "ada@example.com" }])).toBe("work ada@example.com");
    expect(historyValue({ family: "Two kids", likes: "" })).toBe("family: Two kids");
    expect(historyValue(true)).toBe("true");
  });

  it("cuts long text", () => {
    const long = "ж".repeat(200);
    const shown = historyValue(long, 10);
    expect(shown).toHaveLength(10);
    expect(shown.endsWith("…")).toBe(true);
  });
});
